// Incremental analysis (previous version's chunks, syntax results and per-stage rule results
// re-used) must equal a from-scratch analysis after any edit sequence.
import fc from 'fast-check';
import { editSequence } from '../fuzz/arbitraries';
import { seedTexts } from '../fuzz/corpus';
import { checkIncremental } from '../fuzz/properties';
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
});
