// The authoring façade without a connection: the pieces completion and hover are built from, and a
// sweep of every position of every example through completion and hover (nothing may throw).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDockerfile } from '../../server/src/analysis/model';
import { splitShell } from '../../server/src/analysis/shell';
import { cacheTargetsFor, managersIn } from '../../server/src/features/cacheMounts';
import { listContext } from '../../server/src/features/contextPaths';
import { cursorWord } from '../../server/src/features/cursor';
import { AuthoringDocument } from '../../server/src/features/document';
import { formatAge, formatSize, sameRepository, splitRepoTag } from '../../server/src/features/engineImages';
import { textThroughInstruction } from '../../server/src/features/completion';
import { AuthoringService } from '../../server/src/features/service';
import { accountsBefore } from '../../server/src/features/users';
import { df } from '../support/ruleSpec';

const REPO = path.resolve(__dirname, '..', '..', '..');

function docOf(text: string, uri = 'file:///nowhere/Dockerfile'): AuthoringDocument {
  return { uri, version: 1, text, model: () => parseDockerfile(text), contextDir: async () => undefined, labelKeys: ['org.opencontainers.image.base.name'] };
}

describe('features: the authoring façade and its parts', () => {
  it('reads the word at the cursor across continuation lines, with the flag and value being typed', () => {
    const lines = ['FROM x', 'COPY --chown=app \\', '  --from=bu'];
    const w = cursorWord(lines, { line: 2, character: 11 });
    assert.strictEqual(w?.keyword, 'COPY');
    assert.deepStrictEqual(w?.flag, { name: 'from', value: 'bu', valueStart: { line: 2, character: 9 } });
    assert.strictEqual(w?.flags.get('chown'), 'app');
    const src = cursorWord(['COPY sr /app/'], { line: 0, character: 7 });
    assert.deepStrictEqual([src?.argIndex, src?.argsAfter, src?.prefix], [0, 1, 'sr']);
    assert.strictEqual(cursorWord(['# comment'], { line: 0, character: 5 }), undefined);
    assert.strictEqual(cursorWord(['# escape=`', 'FROM x', 'RUN a `', '  b'], { line: 3, character: 3 })?.keyword, 'RUN');
  });

  it('finds the package managers a RUN starts, and their cache targets', () => {
    assert.deepStrictEqual(managersIn(splitShell('apt-get update && python -m pip install x && ./gradlew build')), ['apt', 'pip', 'gradle']);
    assert.deepStrictEqual(cacheTargetsFor(['maven']).map(t => [t.target, t.sharing]), [['/root/.m2', 'locked']]);
    assert.ok(cacheTargetsFor([]).length >= 12, 'every target when the RUN names no manager yet');
  });

  it('collects the accounts created above a line (options with values skipped)', () => {
    const model = parseDockerfile(df('FROM x', 'RUN groupadd -g 1000 web && useradd -u 1000 -g web -m deploy', 'USER nobody:nogroup', 'RUN adduser alice staff', 'COPY a b'));
    assert.deepStrictEqual(accountsBefore(model, 4), { users: ['root', 'deploy', 'nobody', 'alice'], groups: ['root', 'web', 'deploy', 'nogroup', 'alice'] });
    assert.deepStrictEqual(accountsBefore(model, 1).users, ['root']);
  });

  it('lists a build context minus .dockerignore, keeping a folder that holds a re-included path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-features-'));
    try {
      for (const f of ['a/keep.txt', 'a/drop.txt', 'b/x.txt', 'c.log', 'd.txt']) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), '');
      }
      fs.writeFileSync(path.join(dir, '.dockerignore'), '# comment\na\n!a/keep.txt\n*.log\n');
      const top = await listContext(dir, '');
      assert.deepStrictEqual(top.entries.map(e => e.name), ['a', 'b', '.dockerignore', 'd.txt']);
      assert.deepStrictEqual((await listContext(dir, './a/')).entries.map(e => e.name), ['keep.txt']);
      assert.strictEqual((await listContext(dir, 'c.log')).excludedBy, '*.log');
      assert.deepStrictEqual((await listContext(dir, '../')).entries, [], 'nothing outside the context');
      assert.deepStrictEqual((await listContext(dir, 'https://example.com/')).entries, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats sizes and ages, and compares repository names as Docker does', () => {
    assert.deepStrictEqual([formatSize(512), formatSize(2_000_000), formatSize(3 * 2 ** 30)], ['512 B', '1.9 MB', '3.0 GB']);
    assert.deepStrictEqual([formatAge(1000, 1000_000 + 30_000), formatAge(0, 86400_000 * 3)], ['just now', '3 days ago']);
    assert.ok(sameRepository('docker.io/library/node', 'node') && !sameRepository('node', 'nodejs'));
    assert.deepStrictEqual(splitRepoTag('registry:5000/app'), ['registry:5000/app', 'latest']);
  });

  it('gives the library the text through the cursor\'s instruction only', () => {
    assert.strictEqual(textThroughInstruction(['FROM x', 'RUN a \\', '  b', 'CMD c'], 1), 'FROM x\nRUN a \\\n  b');
    assert.strictEqual(textThroughInstruction(['FROM x', 'CMD c'], 5), 'FROM x\nCMD c');
  });

  it('answers completion and hover at every position of every example without throwing', async function () {
    this.timeout(60000);
    const service = new AuthoringService({ engineImages: async () => ({ images: [{ id: 'sha256:1', repoTags: ['local/busybox:1'], size: 1, created: 1, labels: {} }] }) });
    service.setCapabilities({}, { hierarchicalSymbols: true });
    const examples = fs.readdirSync(path.join(REPO, 'examples')).filter(d => fs.existsSync(path.join(REPO, 'examples', d, 'Dockerfile')));
    let asked = 0;
    for (const name of examples) {
      const text = fs.readFileSync(path.join(REPO, 'examples', name, 'Dockerfile'), 'utf8');
      const doc = docOf(text);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line].length; character += 3) {
          await service.completion(doc, { line, character });
          await service.hover(doc, { line, character });
          asked++;
        }
      }
      assert.ok(service.symbols(doc).length > 0, name);
    }
    assert.ok(asked > 300, `${asked} positions`);
  });
});
