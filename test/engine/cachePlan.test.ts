// Cache prediction against the real engine, for both builders: after a first build, a script of edits;
// after each, the plan must say for every step exactly what the next real build then reports.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, BuilderKind, BuildRecordStore, BuildResult, Engine, isSecretArgName, Plan, planNextBuild } from '../../client/src/engine';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

const BUILDERS: BuilderKind[] = ['classic', 'buildkit'];

const dockerfile = (base: string, lastRun = 'RUN ls -la /app > /listing') => [
  `FROM ${base} AS builder`,
  'COPY gen/ /gen/',
  'RUN cat /gen/* > /out',
  `FROM ${base}`,
  'ARG NODE_VERSION=20',
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN echo install $NODE_VERSION > /installed',
  'COPY src/ ./src/',
  'COPY --from=builder /out /app/gen.out',
  'LABEL version=1',
  lastRun,
  '',
].join('\n');

describe('engine: cache prediction equals the next build', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  let baseA: string, baseB: string;
  before(async () => {
    engine = await testEngine();
    // Two small local images to re-point the base tag between. Their content is new on every run: the
    // engine's cache outlives our records, and a state built by an earlier run would be found cached.
    baseA = uniqueTag('cache-base-a'); baseB = uniqueTag('cache-base-b');
    tags.push(baseA, baseB);
    const nonce = `${process.pid}-${Date.now()}`;
    for (const [t, text] of [[baseA, `a-${nonce}`], [baseB, `b-${nonce}`]]) {
      const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo ${text} > /base\n` });
      const r = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder: 'classic' });
      assert.ok(r.ok, r.error?.message);
    }
  });
  after(async () => { await removeImages(engine, tags); engine.dispose(); });

  for (const builder of BUILDERS) {
    it(`${builder}: every edit of the script`, async () => {
      const base = uniqueTag('cache-base');
      tags.push(base);
      const docker = await engine.docker();
      await docker.getImage(baseA).tag({ repo: base.split(':')[0], tag: base.split(':')[1] });
      const dir = tempDir({
        Dockerfile: dockerfile(base),
        'package.json': '{"name":"app"}\n',
        'src/app.ts': 'console.log(1);\n',
        'src/util.ts': 'export const u = 1;\n',
        'gen/a.txt': 'generated\n',
        '.dockerignore': '**/*.log\n',
      });
      const records = new BuildRecordStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lw-records-')));
      const tag = uniqueTag('cache-' + builder);
      tags.push(tag);
      let buildArgs: Record<string, string> = {};
      const opts = () => ({ dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder, buildArgs, records });
      const plan = () => planNextBuild(engine, { ...opts(), isSecretArg: isSecretArgName });
      const realBuild = async () => {
        const r = await build(engine, { ...opts(), tag });
        assert.ok(r.ok, r.error?.message);
        return r;
      };
      const first = await plan();
      assert.ok(first.notice && /build once/.test(first.notice), 'no record yet: a hint, nothing cached');
      assert.ok(first.steps.every(s => !s.cached && s.reason === 'no earlier build'));
      await realBuild();
      const write = (rel: string, text: string) => fs.writeFileSync(path.join(dir, rel), text);

      const script: Array<[string, () => Promise<void> | void, Record<number, RegExp>]> = [
        ['nothing changed', () => undefined, {}],
        ['a source file changed', () => write('src/app.ts', 'console.log(2);\n'), { 8: /^src\/app\.ts changed$/, 11: /earlier step rebuilds \(line 9\)/ }],
        ['only the manifest changed', () => write('package.json', '{"name":"app","v":2}\n'), { 6: /^package\.json changed$/ }],
        ['an instruction edited', () => write('Dockerfile', dockerfile(base, 'RUN ls /app > /listing')), { 11: /^instruction changed$/ }],
        ['a build arg changed', () => { buildArgs = { NODE_VERSION: '22' }; }, { 7: /^build arg NODE_VERSION changed$/ }],
        ['a file touched, not changed', () => { const t = new Date(Date.now() + 60000); fs.utimesSync(path.join(dir, 'src/util.ts'), t, t); }, {}],
        ['a .dockerignore-excluded file added', () => write('src/debug.log', 'noise\n'), {}],
        ['.dockerignore edited', () => write('.dockerignore', '**/*.log\nsrc/util.ts\n'), { 8: /^src\/util\.ts removed$/ }],
        ['a stage that is copied from rebuilt', () => write('gen/a.txt', 'generated again\n'), { 1: /^gen\/a\.txt changed$/, 9: /^stage builder rebuilds \(line 2\)$/ }],
        ['the base tag re-pointed', async () => { await docker.getImage(baseB).tag({ repo: base.split(':')[0], tag: base.split(':')[1] }); },
          { 1: new RegExp(`^base image ${base.replace(/[/.]/g, '\\$&')} now points to another image$`) }],
      ];
      for (const [what, edit, reasons] of script) {
        await edit();
        const predicted = await plan();
        const built = await realBuild();
        assertSame(what, predicted, built);
        for (const [line, re] of Object.entries(reasons)) {
          const step = predicted.steps.find(s => s.line === Number(line));
          assert.ok(step, `${what}: no step on line ${Number(line) + 1}`);
          assert.match(step.reason, re, `${what}: reason of line ${Number(line) + 1}`);
        }
        if (what === 'nothing changed' || what === 'a file touched, not changed' || what === 'a .dockerignore-excluded file added') {
          assert.ok(predicted.steps.every(s => s.cached), `${what}: everything cached`);
        }
      }
    });
  }
});

function assertSame(what: string, plan: Plan, built: BuildResult): void {
  if (process.env.LW_DEBUG) console.log(what, plan.builder, JSON.stringify(plan.steps.map(s => [s.line + 1, s.cached ? "C" : "-", s.reason])));
  const predicted = plan.steps.map(s => `${s.line + 1} ${s.cached ? 'cached' : 'runs'}`).sort();
  const reported = (built.steps ?? []).map(s => `${s.line + 1} ${s.cached ? 'cached' : 'runs'}`).sort();
  assert.deepStrictEqual(predicted, reported, `${what} (${plan.builder}): plan ${JSON.stringify(plan.steps.map(s => [s.line + 1, s.cached, s.reason]))}`);
}
