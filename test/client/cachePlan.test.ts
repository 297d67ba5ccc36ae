// The pure prediction: step keys of one state recorded, step keys of the next compared. Each case is a
// behaviour measured on the real engine (docs/cache-prediction.md); test/engine/cachePlan.test.ts
// checks the whole path against real builds.
import * as assert from 'assert';
import { parseDockerfile } from '../../server/src/analysis/model';
import { planBuild, stepKeys } from '../../client/src/engine/cachePlan';
import { BuilderKind, Plan, StepRecord, UNREADABLE } from '../../client/src/engine/cachePlan/types';

interface State { dockerfile: string; files?: Record<string, string>; args?: Record<string, string>; images?: Record<string, string>; target?: string }

const BASE_ID = 'sha256:base1';
function keys(s: State, builder: BuilderKind) {
  return stepKeys({
    model: parseDockerfile(s.dockerfile), builder, target: s.target, buildArgs: s.args ?? {},
    snapshot: new Map(Object.entries(s.files ?? {})), images: new Map(Object.entries(s.images ?? { 'local/base:1': BASE_ID })),
  });
}
function recorded(s: State, builder: BuilderKind, time = '2026-12-01T00:00:00Z') {
  const steps: StepRecord[] = keys(s, builder).map(k => ({ ...k, cached: false, durationMs: 1000 }));
  return { builder, time, steps };
}
function plan(before: State[] | State, after: State, builder: BuilderKind): Plan {
  const list = (Array.isArray(before) ? before : [before]).map((b, i) => recorded(b, builder, `2026-12-0${i + 1}T00:00:00Z`)).reverse();
  return planBuild({ builder, steps: keys(after, builder), records: list });
}
/** "line: cached" / "line: reason" for each planned step (1-based lines). */
const verdicts = (p: Plan) => p.steps.map(s => `${s.line + 1}: ${s.reason}`);

const APP = {
  dockerfile: 'FROM local/base:1\nARG V=1\nWORKDIR /app\nCOPY package.json ./\nRUN echo install $V\nCOPY src/ ./src/\nLABEL a=1\nRUN ls\n',
  files: { 'package.json': 'f644:p1', src: 'd755', 'src/a.ts': 'f644:a1', 'src/b.ts': 'f644:b1', 'src/c.ts': 'f644:c1', 'README.md': 'f644:r1' },
};
const withFiles = (f: Record<string, string>) => ({ ...APP, files: { ...APP.files, ...f } });

describe('cache prediction (pure)', () => {
  for (const builder of ['classic', 'buildkit'] as BuilderKind[]) {
    describe(builder, () => {
      it('without a record: nothing is cached and the plan says to build once', () => {
        const p = planBuild({ builder, steps: keys(APP, builder), records: [] });
        assert.ok(p.steps.every(s => !s.cached && s.reason === 'no earlier build'));
        assert.match(p.notice ?? '', /build once to see cache predictions/);
      });

      it('an unchanged state is cached throughout; comments and line shifts do not matter', () => {
        assert.ok(plan(APP, APP, builder).steps.every(s => s.cached));
        const shifted = { ...APP, dockerfile: '# hello\n\n' + APP.dockerfile.replace('RUN ls', 'RUN   ls') };
        assert.ok(plan(APP, shifted, builder).steps.every(s => s.cached));
      });

      it('a source file changed: its COPY reruns naming the file, later steps because of it', () => {
        const p = plan(APP, withFiles({ 'src/b.ts': 'f644:b2', 'src/c.ts': 'f644:c2' }), builder);
        const v = verdicts(p);
        assert.ok(v.includes('6: src/b.ts changed (and 1 more file)'), v.join('\n'));
        assert.ok(v.includes('8: an earlier step rebuilds (line 6)'), v.join('\n'));
        assert.ok(v.includes('4: cached') && v.includes('5: cached'));
      });

      it('files the COPY does not take (README.md) do not matter', () => {
        assert.ok(plan(APP, withFiles({ 'README.md': 'f644:r2' }), builder).steps.every(s => s.cached));
      });

      it('a mode change reruns the COPY; an added file too', () => {
        assert.ok(verdicts(plan(APP, withFiles({ 'src/a.ts': 'f755:a1' }), builder)).includes('6: src/a.ts changed mode'));
        assert.ok(verdicts(plan(APP, withFiles({ 'src/d.ts': 'f644:d1' }), builder)).includes('6: src/d.ts added'));
      });

      it('a changed build arg reruns the RUNs after its ARG, not the COPYs; an undeclared one changes nothing', () => {
        const v = verdicts(plan(APP, { ...APP, args: { V: '2' } }, builder));
        assert.ok(v.includes('4: cached'), v.join('\n'));
        assert.ok(v.includes('5: build arg V changed'), v.join('\n'));
        assert.ok(plan(APP, { ...APP, args: { OTHER: '2' } }, builder).steps.every(s => s.cached));
        assert.ok(plan(APP, { ...APP, args: { V: '1' } }, builder).steps.every(s => s.cached), 'the default given explicitly');
      });

      it('the base tag pointing to another image reruns everything', () => {
        const v = verdicts(plan(APP, { ...APP, images: { 'local/base:1': 'sha256:base2' } }, builder));
        assert.strictEqual(v[0], `${builder === 'classic' ? 2 : 3}: base image local/base:1 now points to another image`);
        assert.ok(v.slice(1).every(x => /an earlier step rebuilds/.test(x)));
        assert.match(verdicts(plan(APP, { ...APP, images: {} }, builder))[0], /is not present locally/);
      });

      it('an unreadable file is never cached', () => {
        const v = verdicts(plan(APP, withFiles({ 'src/a.ts': UNREADABLE }), builder));
        assert.ok(v.includes('6: src/a.ts cannot be read'), v.join('\n'));
      });

      it('going back to the state of an older build finds it cached', () => {
        const changed = withFiles({ 'src/a.ts': 'f644:a2' });
        assert.ok(plan([APP, changed], APP, builder).steps.every(s => s.cached));
      });

      it('an inserted step reruns as changed, the steps after it because of it', () => {
        const v = verdicts(plan(APP, { ...APP, dockerfile: APP.dockerfile.replace('RUN ls', 'RUN date\nRUN ls') }, builder));
        assert.ok(v.includes('8: instruction changed') && v.includes('9: an earlier step rebuilds (line 8)'), v.join('\n'));
      });

      it('ADD of a URL is re-checked on every build', () => {
        const df = 'FROM local/base:1\nADD https://example.com/x.tgz /x\nRUN ls\n';
        const v = verdicts(plan({ dockerfile: df }, { dockerfile: df }, builder));
        assert.deepStrictEqual(v, ['2: remote source (ADD https://example.com/x.tgz) is always re-checked', '3: an earlier step rebuilds (line 2)']);
      });

      it('a heredoc body edit changes the instruction', () => {
        const df = (body: string) => `FROM local/base:1\nRUN <<EOF\n${body}\nEOF\nRUN ls\n`;
        assert.deepStrictEqual(verdicts(plan({ dockerfile: df('echo a') }, { dockerfile: df('echo b') }, builder)),
          ['2: instruction changed', '5: an earlier step rebuilds (line 2)']);
      });

      it('a stage that is copied from reruns its consumers; a stage nothing needs is built by the classic builder only', () => {
        const df = 'FROM local/base:1 AS gen\nCOPY gen/ /gen/\nFROM local/base:1 AS unused\nRUN echo unused\nFROM local/base:1\nCOPY app.txt /\nCOPY --from=gen /gen /gen\n';
        const s1 = { dockerfile: df, files: { gen: 'd755', 'gen/a': 'f644:1', 'app.txt': 'f644:x' } };
        const p = plan(s1, { ...s1, files: { ...s1.files, 'gen/a': 'f644:2' } }, builder);
        const v = verdicts(p);
        assert.ok(v.includes('2: gen/a changed') && v.includes('6: cached') && v.includes('7: stage gen rebuilds (line 2)'), v.join('\n'));
        assert.strictEqual(v.some(x => x.startsWith('4:')), builder === 'classic');
        assert.deepStrictEqual(p.steps.find(s => s.line === 6)!.because, [1]);
      });

      it('RUN --mount=type=cache keeps its cache: said on the step', () => {
        const df = 'FROM local/base:1\nRUN --mount=type=cache,target=/root/.cache echo hi\n';
        assert.deepStrictEqual(verdicts(plan({ dockerfile: df }, { dockerfile: df }, builder)), ['2: cached; its --mount=type=cache is kept']);
      });

      it('an unknown --target gives no steps (planNextBuild reports it)', () => {
        assert.deepStrictEqual(keys({ ...APP, target: 'nope' }, builder), []);
      });

      it('estimates the time from the last build\'s step times', () => {
        const p = plan(APP, withFiles({ 'src/a.ts': 'f644:a2' }), builder);
        assert.strictEqual(p.estimatedMs, p.rerun * 1000);
      });
    });
  }

  it('classic: a LABEL edit reruns it and every later step; BuildKit: LABEL is no step, nothing reruns', () => {
    const edited = { ...APP, dockerfile: APP.dockerfile.replace('LABEL a=1', 'LABEL a=2') };
    assert.deepStrictEqual(verdicts(plan(APP, edited, 'classic')).slice(-2), ['7: instruction changed', '8: an earlier step rebuilds (line 7)']);
    assert.ok(plan(APP, edited, 'buildkit').steps.every(s => s.cached));
  });

  it('BuildKit: an ENV edit reruns the RUNs after it but not the COPYs; classic: everything after it', () => {
    const df = (v: string) => `FROM local/base:1\nENV X=${v}\nCOPY a /a\nRUN echo\n`;
    const s = (v: string) => ({ dockerfile: df(v), files: { a: 'f644:1' } });
    assert.deepStrictEqual(verdicts(plan(s('1'), s('2'), 'buildkit')), ['3: cached', '4: ENV X changed']);
    assert.deepStrictEqual(verdicts(plan(s('1'), s('2'), 'classic')), ['2: instruction changed', '3: an earlier step rebuilds (line 2)', '4: an earlier step rebuilds (line 2)']);
  });

  it('an ENV that expands a build arg changes with it (classic: the ENV step itself)', () => {
    const s = { dockerfile: 'FROM local/base:1\nARG V=1\nENV X=$V\nCOPY a /a\n', files: { a: 'f644:1' } };
    assert.deepStrictEqual(verdicts(plan(s, { ...s, args: { V: '2' } }, 'classic')), ['2: cached', '3: instruction changed', '4: an earlier step rebuilds (line 3)']);
    assert.deepStrictEqual(verdicts(plan(s, { ...s, args: { V: '2' } }, 'buildkit')), ['4: cached']);
  });

  it('a record from an older format is no comparison: nothing cached, the notice says why', () => {
    const p = planBuild({ builder: 'classic', steps: keys(APP, 'classic'), records: [], recordProblem: 'The last build was recorded by an older Layerwise version.' });
    assert.ok(p.steps.every(s => !s.cached));
    assert.match(p.notice ?? '', /older Layerwise/);
  });

  it('a secret build arg shows as *** in the instruction and still counts as changed', () => {
    const s = { dockerfile: 'FROM local/base:1\nARG API_TOKEN\nRUN echo $API_TOKEN\n', args: { API_TOKEN: 'salted-sha256:' + 'a'.repeat(32) } };
    const p = plan(s, { ...s, args: { API_TOKEN: 'salted-sha256:' + 'b'.repeat(32) } }, 'buildkit');
    assert.deepStrictEqual(p.steps.map(x => [x.instruction, x.reason]), [['RUN echo ***', 'build arg API_TOKEN changed']]);
  });

  it('records of the other builder are not used', () => {
    const p = planBuild({ builder: 'buildkit', steps: keys(APP, 'buildkit'), records: [recorded(APP, 'classic')] });
    assert.ok(p.steps.every(s => !s.cached));
  });
});
