// `npm version` hook: turns the notes under "## Unreleased" in CHANGELOG.md into a section for the
// version npm just wrote to package.json, and leaves an empty "## Unreleased" above it. A release
// without notes is refused, so every version in the changelog says what changed.
// Usage: node scripts/package/changelog.mjs [ROOT]   (npm runs it with the new version in package.json)
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

export function releaseNotes(changelog, version, date) {
  const lines = changelog.split('\n');
  const start = lines.findIndex(l => /^## Unreleased\s*$/i.test(l));
  if (start < 0) throw new Error('CHANGELOG.md has no "## Unreleased" section to release.');
  if (lines.some(l => l.startsWith(`## ${version} `) || l.trim() === `## ${version}`)) throw new Error(`CHANGELOG.md already has a section for ${version}.`);
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const notes = lines.slice(start + 1, end);
  if (!notes.some(l => l.trim() !== '')) {
    throw new Error(`CHANGELOG.md has no notes under "## Unreleased": write what changed in ${version} there first.`);
  }
  while (notes.length && notes[0].trim() === '') notes.shift();
  while (notes.length && notes[notes.length - 1].trim() === '') notes.pop();
  return [...lines.slice(0, start + 1), '', `## ${version} (${date})`, '', ...notes, '', ...lines.slice(end)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.join(root, 'CHANGELOG.md');
  try {
    fs.writeFileSync(file, releaseNotes(fs.readFileSync(file, 'utf8'), version, new Date().toISOString().slice(0, 10)));
    console.log(`CHANGELOG.md: the Unreleased notes are now the ${version} section.`);
  } catch (error) {
    console.error(`changelog: ${error.message}`);
    process.exit(1);
  }
}
