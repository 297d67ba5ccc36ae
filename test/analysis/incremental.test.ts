// Incremental analysis (previous version's chunks, syntax results and per-stage rule results
// re-used) must equal a from-scratch analysis after any edit sequence.
import fc from 'fast-check';
import { editSequence } from '../fuzz/arbitraries';
import { seedTexts } from '../fuzz/corpus';
import { checkIncremental, FUZZ_OPTIONS } from '../fuzz/properties';
import { analyze } from '../../server/src/analysis/analyze';
import assert from 'assert';
// Same base seed as test/fuzz/analyze.fuzz.test.ts (importing it would register its suite twice).
const UNIT_SEED = 20240611;

const seeds = seedTexts();

/** Versions of `text` with one edit at each line: a trailing space toggled, a line inserted, a line deleted. */
function editsEverywhere(text: string): string[] {
  const lines = text.split('\n');
  const out = [text];
  for (let l = 0; l < lines.length; l++) {
    const copy = [...lines];
    copy[l] = copy[l].endsWith(' ') ? copy[l].slice(0, -1) : copy[l] + ' ';
    out.push(copy.join('\n'));
    if (l % 3 === 0) out.push([...lines.slice(0, l), '', ...lines.slice(l)].join('\n'));
    if (l % 5 === 0) out.push([...lines.slice(0, l), ...lines.slice(l + 1)].join('\n'));
    out.push(text);
  }
  return out;
}

describe('analysis: incremental equals from scratch', function () {
  this.timeout(120000);

  it('after random edit sequences on generated and mutated files', () => {
    fc.assert(fc.property(editSequence(seeds), versions => { checkIncremental(versions); }), { seed: UNIT_SEED + 10, numRuns: 300 });
  });

  it('over the real example and fixture files, with an edit on every line (incl. global ARGs and the first stage)', () => {
    for (const text of seeds.filter(s => s.length < 20000).slice(0, 40)) checkIncremental(editsEverywhere(text));
  });

  it('on multi-stage files where stages build FROM and COPY --from each other, edited in the parent', () => {
    const base = ['ARG V=1', 'FROM node:20 AS deps', 'COPY package.json .', 'RUN npm ci', 'CMD npm start',
      'FROM deps AS build', 'COPY . .', 'RUN npm run build', 'FROM nginx', 'COPY --from=build /app/dist /usr/share/nginx/html', 'CMD nginx'].join('\n');
    checkIncremental([base, base.replace('CMD npm start', 'CMD ["npm", "start"]'), base.replace('ARG V=1', 'ARG V=2'),
      base.replace('FROM node:20 AS deps', 'FROM node:20 AS deps\nLABEL org.opencontainers.image.base.name=node:20'), '# c\n' + base, base]);
  });

  it('on stage renames, COPY --from between stages, global ARG and first-stage edits', () => {
    const base = ['# syntax=docker/dockerfile:1', 'ARG V=1', 'ARG BASE=debian', 'FROM ${BASE}:12 AS deps', 'ARG V', 'ENV P=/opt/$V', 'LABEL a=$P',
      'RUN apt-get update', 'FROM deps AS build', 'COPY --from=deps /opt /opt', 'RUN --mount=type=cache,from=tools,target=/t make',
      'FROM alpine AS tools', 'COPY --from=build /a /b', 'COPY --from=0 /c /d', 'FROM tools', 'COPY --from=deps /x /y', 'CMD run'].join('\n');
    const versions = [base,
      base.replace('ARG V=1', 'ARG V=1 '), base.replace('ARG V=1', 'ARG V=2'), base, base.replace('ARG BASE=debian', 'ARG BASE=ubuntu'), base,
      base.replace('RUN apt-get update', 'RUN apt-get update '), base.replace('AS deps', 'AS deps2'), base.replace('AS deps', 'AS Deps'), base,
      base.replace('AS tools', 'AS deps'), base, base.replace('FROM alpine AS tools', 'FROM alpine AS tools\nFROM busybox AS deps'), base,
      base.replace('COPY --from=deps /opt', 'COPY --from=build /opt'), base, base.replace('FROM deps AS build', 'FROM deps AS tools'), base,
      '\n' + base, base.replace('ENV P=/opt/$V', 'ENV P=/srv/$V'), base.replace('FROM tools', 'FROM tools AS deps'), base];
    checkIncremental(versions);
  });

  it('a stage added or removed above others: their results move with them, and stages known by number are checked again', () => {
    const named = (i: number) => [`FROM node:20 AS s${i}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci', `CMD node ${i}.js`].join('\n');
    const base = ['ARG V=1', ...Array.from({ length: 6 }, (_, i) => named(i)),
      'FROM s2', 'RUN echo child of a named stage', // no name: missing-base-image-label numbers it
      'FROM alpine', 'COPY --from=1 /a /b', 'RUN echo reads stage 1 by number',
      'FROM busybox', 'COPY --from=s3 /x /y', 'CMD true'].join('\n'); // shipped, no name: "Stage 9 at line … has no … label"
    const added = base.replace('FROM node:20 AS s0', 'FROM debian AS first\nRUN apt-get update\nFROM node:20 AS s0');
    const removed = base.replace(named(1) + '\n', '');
    const broken = base.replace('FROM node:20 AS s2', 'FRxOM node:20 AS s2'); // s2 joins s1: every later stage moves up
    checkIncremental([base, added, base, removed, base, broken, base, added, removed, broken]);
    const first = analyze(base, FUZZ_OPTIONS);
    const results = (a: ReturnType<typeof analyze>) => a.model.reuse!.stageResults!.results;
    const after = analyze(added, { ...FUZZ_OPTIONS, previous: first.model });
    const moved = (name: string) => {
      const i = after.model.stages.findIndex(st => st.name === name);
      return results(after)[i] === results(first)[i - 1];
    };
    // (s0 and s1 trade places as `--from=1`'s stage, so whether they ship changes: both checked again.)
    for (const name of ['s2', 's3', 's4', 's5']) assert.ok(moved(name), `${name}: its result moved with it`);
    assert.ok(!moved('s0') && !moved('s1'));
    // The last stage, without a name, is "Stage 10" now, not 9: checked again.
    const last = after.model.stages.length - 1;
    assert.ok(after.findings.some(f => f.message.startsWith('Stage 10 at ')), 'the shipped stage is numbered');
    assert.notStrictEqual(results(after)[last], results(first)[last - 1]);
  });

  it('a global ARG value edited: the stages that name it (or a global naming it) are checked again, the others keep their results', () => {
    const base = ['ARG NODE=20', 'ARG TAG=${NODE}-slim', 'ARG OTHER=1',
      'FROM node:${TAG} AS a', 'RUN npm ci', // names TAG, whose value names NODE
      'FROM debian AS b', 'ARG NODE', 'RUN echo $NODE', // reads NODE's value through its ARG
      'FROM alpine AS c', 'RUN apk add curl', // names none
      'FROM b AS d', 'RUN echo child of b', // b's child: b's key is part of its key
      'FROM busybox AS e', 'ARG OTHER', 'CMD true'].join('\n');
    const edited = base.replace('ARG NODE=20', 'ARG NODE=22');
    checkIncremental([base, edited, base, base.replace('ARG OTHER=1', 'ARG OTHER=2'), base.replace('ARG NODE=20', 'ARG NODE'), base,
      base.replace('ARG OTHER=1', 'ARG OTHERS=1'), base]);
    const first = analyze(base, FUZZ_OPTIONS);
    const after = analyze(edited, { ...FUZZ_OPTIONS, previous: first.model });
    const results = (a: ReturnType<typeof analyze>) => a.model.reuse!.stageResults!.results;
    const kept = after.model.stages.map(st => results(after)[st.index] === results(first)[st.index]);
    assert.deepStrictEqual(kept, [false, false, true, false, true], 'a, b and d checked again; c and e kept');
  });

  it('when a lone CR appears in one stage, the rules of the others see it (fuzz seed 5)', () => {
    // no-empty-continuation offers no line-removing fix in a file with a lone CR: a kept stage's result must not keep the fix.
    checkIncremental(['\nFROM alpine\nFROM alpine\nENV A \\\n    \n', '\nFROM\r alpine\nFROM alpine\nENV A \\\n    \n',
      '\nFROM\r\n alpine\rFROM alpine\nENV A \\\r\n    \n', '\nFROM alpine\nFROM alpine\nENV A \\\n    \n']);
  });

  it('on a file long enough to keep its instruction spans, with edits that open and close continuations and heredocs', () => {
    const stage = (i: number) => [`FROM node:20 AS s${i}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci \\', '  && npm run build', 'RUN <<EOF', 'echo hi', 'EOF', 'CMD npm start', ''];
    const lines = ['ARG V=1', ''];
    for (let i = 0; lines.length < 1100; i++) lines.push(...stage(i));
    const base = lines.join('\n');
    const at = (l: number, f: (line: string) => string) => base.split('\n').map((x, i) => (i === l ? f(x) : x)).join('\n');
    checkIncremental([base, at(500, x => x + ' '), at(500, x => x + ' \\'), at(503, x => x + ' <<EOF'), base, at(0, x => x + '\n'),
      at(700, () => ''), base, at(1050, x => x + '\r'), base, at(5, x => x.replace('EOF', 'END')), base, '# escape=`\n' + base, base]);
  });

  it('with an edit on every line of a file whose chunks end on the comments and blank lines above a FROM', () => {
    // 12 lines a stage, with comments and blank lines above each FROM: a chunk that starts at a FROM
    // leaves those lines to the chunk before, and an edit there keeps the stage's instructions (and its
    // Stage object) as they were.
    const gaps = ['# layerwise ignore=shell-form-cmd', '# hadolint ignore=DL3008', '# note', ''];
    const stage = (i: number) => [gaps[i % gaps.length], `FROM debian:\${V} AS s${i}`, 'RUN apt-get update', 'RUN apt-get install -y curl',
      'COPY . /src', 'ENV A=1', 'RUN make', 'WORKDIR /src', 'EXPOSE 80', 'CMD make run', ''];
    const lines = ['# syntax=docker/dockerfile:1', 'ARG V=12', ''];
    for (let i = 0; i < 9; i++) lines.push(...stage(i), ...(i % 3 === 2 ? [] : ['']));
    const text = lines.join('\n');
    checkIncremental(editsEverywhere(text));
    // A later stage starts copying from the first: the first is no longer shipped, its objects unchanged.
    const consumer = text.lastIndexOf('COPY . /src');
    const copyFrom = (name: string) => text.slice(0, consumer) + `COPY --from=${name} /src /src` + text.slice(consumer + 'COPY . /src'.length);
    checkIncremental([text, copyFrom('s0'), text, copyFrom('s1'), text, copyFrom('s2'), text]);
    // The stages from each chunk on go (and come back): the one before them becomes the last, its
    // objects unchanged where its chunk is (a chunk may start at a FROM or mid-stage).
    const chunks = analyze(text, FUZZ_OPTIONS).model.chunks;
    for (const cut of chunks.filter(c => c.startLine > 0)) {
      const shorter = text.split('\n').slice(0, cut.startLine).join('\n') + '\n';
      checkIncremental([text, shorter, text, shorter.replace('FROM debian:${V} AS s0', 'FROM debian:${V} AS s0\n'), text]);
    }
    // A stage in a later chunk builds FROM another by name: renaming that one (its chunk only) changes
    // what the later stage's FROM names, and so does a name that an earlier stage takes first.
    const child = text.replace('FROM debian:${V} AS s7', 'FROM s1 AS s7');
    checkIncremental([child, child.replace('AS s1', 'AS t1'), child, child.replace('AS s0', 'AS s1'), child.replace('AS s1', 'AS S1'), child]);
  });

  it('keeps the Stage objects of the stages an edit does not reach', () => {
    const stages = Array.from({ length: 6 }, (_, i) => [`FROM node:20 AS s${i}`, 'WORKDIR /app', `COPY --from=${i ? 's' + (i - 1) : 'alpine'} /a /b`,
      // Long enough for several chunks a stage; the same 50 lines in every stage, so chunks of the
      // same text are found at several places (each keeps its own objects).
      ...Array.from({ length: 50 }, (_, l) => `RUN echo ${l}`), 'RUN npm ci'].join('\n'));
    const text = ['ARG V=1', ...stages].join('\n\n');
    const first = analyze(text, FUZZ_OPTIONS);
    // Kept: every stage outside the re-parsed chunk (whose instructions are the previous objects) that reads no changed name.
    const expected = (model: typeof first.model, line: number, readers: number[]) => {
      const chunk = model.chunks.find(c => c.startLine <= line && line < c.startLine + c.lineCount)!;
      return model.stages.map(s => {
        const end = (s.instructions[s.instructions.length - 1] ?? s.from).range.end.line;
        return !readers.includes(s.index) && (end < chunk.startLine || s.from.range.start.line >= chunk.startLine + chunk.lineCount);
      });
    };
    const line = text.split('\n').indexOf('FROM node:20 AS s3') - 2;
    const edited = analyze(text.replace('RUN npm ci\n\nFROM node:20 AS s3', 'RUN npm ci \n\nFROM node:20 AS s3'), { ...FUZZ_OPTIONS, previous: first.model });
    const kept = edited.model.stages.map((s, i) => s === first.model.stages[i]);
    assert.deepStrictEqual(kept, expected(edited.model, line, []));
    assert.ok(kept.filter(Boolean).length >= 3, `most stages kept: ${kept}`);
    const renamed = analyze(edited.model.text.replace('AS s1', 'AS t1'), { ...FUZZ_OPTIONS, previous: edited.model });
    // s2 copies --from=s1: rebuilt wherever it is.
    assert.deepStrictEqual(renamed.model.stages.map((s, i) => s === edited.model.stages[i]),
      expected(renamed.model, renamed.model.stages[1].from.range.start.line, [2]));
  });
});
