import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

const ID = 'copy-ignored-file';
const IGNORE = ['# build outputs', 'node_modules', '*.log', 'secrets/', 'docs/**', '!docs/keep.md', '.git'].join('\n');
const withIgnore = (text = IGNORE) => ({ readContextFile: (rel: string) => (rel === '.dockerignore' ? text : undefined) });

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'COPY node_modules /app/node_modules'),
    df('FROM alpine', 'COPY ./secrets/key.pem /etc/key.pem'),
    df('FROM alpine', 'ADD debug.log /tmp/'),
    df('FROM alpine AS a', 'RUN true', 'FROM alpine', 'COPY --chown=1:1 docs/guide.md /d/'),
    df('FROM alpine', 'COPY ["secrets/a b", "/x"]'),
  ];
  const silent = [
    df('FROM alpine', 'COPY . /app'),
    df('FROM alpine', 'COPY src/ /app/src/'),
    df('FROM alpine', 'COPY docs/keep.md /d/'),
    df('FROM alpine', 'COPY *.log /logs/'),
    df('FROM alpine AS b', 'RUN true', 'FROM alpine', 'COPY --from=b node_modules /m'),
    df('FROM alpine', 'ADD https://example.com/a.log /tmp/'),
    df('FROM alpine', 'COPY ${DIR} /x'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t, withIgnore())));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t, withIgnore())));
  it('stays silent without a .dockerignore, or with an empty one', () => {
    ruleCatchesNot(ID, fires[0]);
    ruleCatchesNot(ID, fires[0], withIgnore('# nothing\n\n'));
  });
  it('a changed .dockerignore changes the result for an unchanged Dockerfile (not served from the stage cache)', () => {
    const first = analyze(fires[0], { syntaxChecks: false, ...withIgnore() });
    assert.ok(first.findings.some(f => f.ruleId === ID));
    const again = analyze(fires[0], { syntaxChecks: false, previous: first.model, ...withIgnore('dist\n') });
    assert.ok(!again.findings.some(f => f.ruleId === ID));
  });
  it('prefers <Dockerfile name>.dockerignore to .dockerignore, as BuildKit does', () => {
    const files: Record<string, string> = { '.dockerignore': 'node_modules\n', 'api.Dockerfile.dockerignore': 'dist\n' };
    const options = { dockerfileName: 'api.Dockerfile', readContextFile: (rel: string) => files[rel] };
    const [found] = ruleCatches(ID, df('FROM alpine', 'COPY dist /srv'), options);
    assert.match(found.message, /excluded by api\.Dockerfile\.dockerignore/);
    ruleCatchesNot(ID, df('FROM alpine', 'COPY node_modules /srv'), options);
    // Another Dockerfile in the same folder still uses .dockerignore.
    ruleCatches(ID, df('FROM alpine', 'COPY node_modules /srv'), { ...options, dockerfileName: 'Dockerfile' });
    ruleCatchesNot(ID, df('FROM alpine', 'COPY dist /srv'), { ...options, dockerfileName: 'Dockerfile' });
  });
});
