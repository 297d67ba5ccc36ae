import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('legacy-key-value-format', {
  fires: [
    df('FROM alpine', 'ENV NODE_VERSION 20.1.0'),
    df('FROM alpine', 'ENV PERL_OPT --verbose --mirror https://x'),
    df('FROM alpine', 'LABEL maintainer someone'),
    df('FROM alpine', 'env a "b c"'),
  ],
  silent: [
    df('FROM alpine', 'ENV NODE_VERSION=20.1.0'),
    df('FROM alpine', 'ENV A=1 B=2'),
    df('FROM alpine', 'LABEL a="b c"'),
    df('FROM alpine', 'ARG A=1'),
  ],
  fixes: [
    [df('FROM alpine', 'ENV NODE_VERSION 20.1.0'), df('FROM alpine', 'ENV NODE_VERSION=20.1.0')],
    [df('FROM alpine', 'ENV PATH /usr/local/bin:$PATH'), df('FROM alpine', 'ENV PATH=/usr/local/bin:$PATH')],
    [df('FROM alpine', 'ENV OPT --verbose --mirror x'), df('FROM alpine', 'ENV OPT="--verbose --mirror x"')],
  ],
});
import * as assert from 'assert';
import { ruleCatches } from '../support/ruleSpec';
describe('legacy-key-value-format: no rewrite for a value continued over lines', () => {
  it('reports it but offers no fix', () => {
    const [f] = ruleCatches('legacy-key-value-format', 'FROM alpine\nENV A a\\ \\\n    b\n');
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), []);
  });
});
