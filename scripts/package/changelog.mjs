// `npm version` hook: turns the notes under "## Unreleased" in CHANGELOG.md into a section for the
// version npm just wrote to package.json, and leaves an empty "## Unreleased" above it. A release
// without notes is refused, so every version in the changelog says what changed.
// Usage: node scripts/package/changelog.mjs [--check] [ROOT]
//   npm's `preversion` runs it with --check (refuse before package.json is touched), `version` without
//   (package.json already holds the new version; npm then commits CHANGELOG.md with it).
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

/** The lines under "## Unreleased" and where that section starts and ends; throws when there is nothing to release. */
export function unreleased(changelog) {
  const lines = changelog.split('\n');
  const start = lines.findIndex(l => /^## Unreleased\s*$/i.test(l));
  if (start < 0) throw new Error('CHANGELOG.md has no "## Unreleased" section to release.');
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const notes = lines.slice(start + 1, end);
  if (!notes.some(l => l.trim() !== '')) {
    throw new Error('CHANGELOG.md has no notes under "## Unreleased": write what changed there first.');
  }
  return { lines, start, end, notes };
}

export function releaseNotes(changelog, version, date) {
  const { lines, start, end, notes } = unreleased(changelog);
  if (lines.some(l => l.startsWith(`## ${version} `) || l.trim() === `## ${version}`)) throw new Error(`CHANGELOG.md already has a section for ${version}.`);
  while (notes.length && notes[0].trim() === '') notes.shift();
  while (notes.length && notes[notes.length - 1].trim() === '') notes.pop();
  return [...lines.slice(0, start + 1), '', `## ${version} (${date})`, '', ...notes, '', ...lines.slice(end)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const root = args.find(a => a !== '--check') ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.join(root, 'CHANGELOG.md');
  try {
    if (check) {
      unreleased(fs.readFileSync(file, 'utf8'));
    } else {
      fs.writeFileSync(file, releaseNotes(fs.readFileSync(file, 'utf8'), version, new Date().toISOString().slice(0, 10)));
      console.log(`CHANGELOG.md: the Unreleased notes are now the ${version} section.`);
    }
  } catch (error) {
    console.error(`changelog: ${error.message}`);
    process.exit(1);
  }
}
