// metadata-after-copy was retired (docs/precision.md): metadata after `COPY . .` costs no build work.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { RULES_BY_ID } from '../../server/src/rules';
import { df } from '../support/ruleSpec';

describe('retired: metadata-after-copy', () => {
  it('the canonical Node example gets no finding on its EXPOSE, ENV or LABEL', () => {
    const text = df('FROM node:20-bookworm-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .',
      'ENV NODE_ENV=production', 'LABEL org.opencontainers.image.base.name="node:20-bookworm-slim"', 'EXPOSE 3000', 'CMD ["node", "server.js"]');
    const found = analyze(text, { contextFiles: ['package.json', 'package-lock.json', 'server.js'] }).findings;
    assert.deepStrictEqual(found.filter(f => [5, 6, 7].includes(f.range.start.line)).map(f => f.ruleId), []);
    assert.deepStrictEqual(found.map(f => f.ruleId), []);
  });

  it('is no longer a rule, and a leftover setting for it changes nothing', () => {
    assert.strictEqual(RULES_BY_ID.has('metadata-after-copy'), false);
    const text = df('FROM node:20', 'COPY . .', 'EXPOSE 3000');
    assert.deepStrictEqual(analyze(text, { rules: { 'metadata-after-copy': 'off' } }).findings, analyze(text).findings);
  });
});
