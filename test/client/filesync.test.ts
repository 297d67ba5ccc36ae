// File sync pieces without an engine: Go glob matching, fsutil's include/follow/exclude rules, the
// walk order BuildKit's receiver checks, and the packet encoding (int64 nanosecond times exact).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanPath, dedupePaths, followLinks, globMatch, matchPrefix } from '../../client/src/engine/session/filesync/match';
import { BuilderFilter, LocalFilter, walkShared } from '../../client/src/engine/session/filesync';
import { encodePacket, goFileMode, PacketKind, packetType } from '../../client/src/engine/session/filesync/wire';
import dockerignore from '@balena/dockerignore';

const made: string[] = [];
after(() => { for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-filesync-'));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    if (!rel.endsWith('/')) fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

async function walked(dir: string, filter: BuilderFilter = {}, local?: LocalFilter): Promise<string[]> {
  const out: string[] = [];
  await walkShared(dir, filter, local, e => { out.push(e.stat.path + (e.isFile ? '' : '/')); }, { aborted: false });
  return out;
}

describe('filesync: Go glob matching (filepath.Match)', () => {
  const table: Array<[string, string, boolean]> = [
    ['*.js', 'a.js', true], ['*.js', 'src/a.js', false], ['src/*', 'src/a', true], ['a?c', 'abc', true], ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true], ['[^a-c]x', 'dx', true], ['[^a-c]x', 'bx', false], ['\\*x', '*x', true], ['\\*x', 'ax', false],
    ['a.b', 'a.b', true], ['a.b', 'axb', false], ['[', '[', false], ['ünï', 'ünï', true], ['?', 'ü', true],
  ];
  for (const [pattern, name, want] of table) {
    it(`${pattern} ${want ? 'matches' : 'does not match'} ${name}`, () => assert.strictEqual(globMatch(pattern, name), want));
  }

  it('matchPrefix cuts a deeper pattern to the path depth (the folders leading to an include are walked)', () => {
    assert.deepStrictEqual(matchPrefix('src/pkg0/mod1', 'src'), { matched: true, partial: true });
    assert.deepStrictEqual(matchPrefix('src/pkg0/mod1', 'src/pkg0/mod1'), { matched: true, partial: false });
    assert.deepStrictEqual(matchPrefix('src/pkg0', 'lib'), { matched: false, partial: true });
  });

  it('cleans paths and dedupes sorted include paths like fsutil', () => {
    assert.strictEqual(cleanPath('./src//a/'), 'src/a');
    assert.strictEqual(cleanPath(''), '.');
    assert.deepStrictEqual(dedupePaths(['a', 'a/b', 'ab', 'c']), ['a', 'ab', 'c']);
    assert.strictEqual(dedupePaths(['.', 'a']), undefined);
  });

  it('followLinks adds the targets of symbolic links on the way to a follow path', () => {
    const dir = tree({ 'real/x.txt': 'x', 'other.txt': 'o' });
    fs.symlinkSync('real', path.join(dir, 'link'));
    fs.symlinkSync('../other.txt', path.join(dir, 'real', 'to-other'));
    assert.deepStrictEqual(followLinks(dir, ['link/x.txt']), ['link', 'real/x.txt']);
    assert.deepStrictEqual(followLinks(dir, ['real/to-other']), ['other.txt', 'real/to-other']);
    assert.strictEqual(followLinks(dir, ['.']), undefined);
  });
});

describe('filesync: walking a shared folder', () => {
  it('walks depth first with names in byte order (parents before children, "a/" before "a-b")', async () => {
    const dir = tree({ 'a-b/y': '', 'a/z': '', 'B': '', 'b': '', 'ä': '', 'a/c/d': '' });
    assert.deepStrictEqual(await walked(dir), ['B', 'a/', 'a/c/', 'a/c/d', 'a/z', 'a-b/', 'a-b/y', 'b', 'ä']);
  });

  it('applies include patterns and followpaths (with the folders leading to them) and exclude patterns', async () => {
    const dir = tree({ 'src/pkg0/a.js': '', 'src/pkg1/b.js': '', 'lib/c.js': '', 'README': '', 'src/pkg0/x.log': '' });
    assert.deepStrictEqual(await walked(dir, { includePatterns: ['src/pkg0'] }), ['src/', 'src/pkg0/', 'src/pkg0/a.js', 'src/pkg0/x.log']);
    assert.deepStrictEqual(await walked(dir, { followPaths: ['README', 'lib/c.js'] }), ['README', 'lib/', 'lib/c.js']);
    assert.deepStrictEqual(await walked(dir, { includePatterns: ['src/pkg0'], excludePatterns: ['**/*.log'] }), ['src/', 'src/pkg0/', 'src/pkg0/a.js']);
    // An excluded folder is skipped unless an exception pattern lies inside it.
    assert.deepStrictEqual(await walked(dir, { excludePatterns: ['src', '!src/pkg1/b.js', 'lib', 'README'] }), ['src/', 'src/pkg1/', 'src/pkg1/b.js']);
  });

  it('our .dockerignore filter: excluded folders with an exception inside are sent only when something inside is', async () => {
    const dir = tree({ 'cache/keep.txt': 'k', 'cache/drop.bin': 'd', 'logs/x.log': '', 'main.js': '' });
    const ig = dockerignore().add(['cache', '!cache/keep.txt', 'logs']);
    const local: LocalFilter = { ignores: rel => ig.ignores(rel), hasExceptions: true };
    assert.deepStrictEqual(await walked(dir, {}, local), ['cache/', 'cache/keep.txt', 'main.js']);
  });

  it('sends symbolic links as links and root as the owner, with nanosecond mtimes', async () => {
    const dir = tree({ 'f.txt': 'hello' });
    fs.symlinkSync('f.txt', path.join(dir, 'l'));
    const entries: Array<{ path: string; mode: number; linkname?: string; uid: number; size: number; modTime: bigint }> = [];
    await walkShared(dir, {}, undefined, e => { entries.push(e.stat); }, { aborted: false });
    const link = entries.find(e => e.path === 'l')!;
    assert.strictEqual(link.linkname, 'f.txt');
    assert.strictEqual(link.mode & (1 << 27), 1 << 27);
    const file = entries.find(e => e.path === 'f.txt')!;
    assert.strictEqual(file.size, 5);
    assert.strictEqual(file.uid, 0);
    assert.strictEqual(file.modTime, fs.statSync(path.join(dir, 'f.txt'), { bigint: true }).mtimeNs);
  });
});

describe('filesync: wire format', () => {
  it('Unix modes become Go FileModes', () => {
    assert.strictEqual(goFileMode(0o100644), 0o644);
    assert.strictEqual(goFileMode(0o040755), (0x80000000 | 0o755) >>> 0);
    assert.strictEqual(goFileMode(0o120777), (1 << 27) | 0o777);
    assert.strictEqual(goFileMode(0o104755), (1 << 23) | 0o755);
  });

  it('encodes a STAT packet with an exact int64 nanosecond time', () => {
    const modTime = 1764880000123456789n;
    const bytes = encodePacket({ type: PacketKind.STAT, stat: { path: 'a', mode: 0o644, uid: 0, gid: 0, size: 3, modTime } });
    const back = packetType.toObject(packetType.decode(bytes), { longs: String }) as { stat: { modTime: string; path: string } };
    assert.strictEqual(back.stat.modTime, modTime.toString());
    assert.strictEqual(back.stat.path, 'a');
  });
});
