// hadolint's label rules: DL3048 always; DL3049–DL3056, DL3058 with a label schema (AnalysisOptions).
import * as assert from 'assert';
import { hadolintSpec } from './hadolintSpec';
import { df, findingsOf } from '../support/ruleSpec';
import { isEmail, isGitHash, isRfc3339, isSemver, isSpdx, isUrl } from '../../server/src/rules/hadolint/labels/valueTypes';

hadolintSpec('invalid-label-key', 'DL3048', {
  fires: [
    df('FROM debian', 'LABEL Maintainer="a@b.c"'),
    df('FROM debian AS a', 'RUN x', 'FROM a', 'LABEL version=1 \\', '      com.docker.extension=x'),
    df('FROM debian', 'LABEL org..example=1 my_label- =2', 'LABEL "x y"=3'),
    df('from debian', 'label 1abc=1'),
    df('FROM debian', 'ARG P', 'LABEL ${P}.version=1'),
  ],
  silent: [
    df('FROM debian', 'LABEL org.opencontainers.image.source=https://example.com maintainer=me'),
    df('FROM debian', 'LABEL com.example.some-label_2/x="v"'),
    df('FROM debian', '# LABEL Bad=1', 'RUN x'),
  ],
});

const schema = {
  labelSchema: { author: 'text', url: 'url', created: 'rfc3339', license: 'spdx', rev: 'hash', version: 'semver', contact: 'email' } as const,
};
const good = 'LABEL author=me url=https://example.com created=2024-05-01T12:00:00Z license=MIT rev=abcdef1 version=1.2.3 contact=team@example.com';

hadolintSpec('label-missing', 'DL3049', {
  options: schema,
  fires: [
    df('FROM debian', 'LABEL author=me'),
    df('FROM debian AS build', 'RUN make', 'FROM debian', 'COPY --from=build /x /x'),
    df('FROM debian AS a', good, 'FROM debian AS b', 'LABEL author=x'),
    df('from debian', 'label author=me url=https://x created=2024-05-01T12:00:00Z license=MIT rev=abcdef1 version=1.2.3'),
  ],
  silent: [
    df('FROM debian', good),
    df('FROM debian AS base', good, 'FROM base', 'RUN x'),
    df('FROM debian AS build', 'RUN make', 'FROM debian', good, 'COPY --from=build /x /x'),
    df('FROM debian', 'LABEL author=me \\', '  url=https://example.com created=2024-05-01T12:00:00Z \\', '  license=MIT rev=abcdef1 version=1.2.3 contact=team@example.com'),
  ],
});

hadolintSpec('label-not-in-schema', 'DL3050', {
  options: { ...schema, strictLabels: true },
  fires: [
    df('FROM debian', good, 'LABEL maintaner=me'),
    df('FROM debian AS a', 'RUN x', 'FROM a', 'LABEL author=me \\', '  other=1'),
    df('FROM debian', 'LABEL "Version"=1'),
    df('from debian', 'label x=1'),
  ],
  silent: [
    df('FROM debian', good),
    df('FROM debian', 'LABEL author=me'),
    df('FROM debian', '# LABEL x=1', 'RUN x'),
    df('FROM debian', 'LABEL version=1.0.0 contact=a@b.c'),
  ],
});

hadolintSpec('label-empty', 'DL3051', {
  options: schema,
  fires: [
    df('FROM debian', 'LABEL author=""'),
    df('FROM debian AS a', 'RUN x', 'FROM a', 'LABEL url= \\', '  author=me'),
    df('FROM debian', "LABEL version=''"),
    df('from debian', 'label author=""'),
  ],
  silent: [
    df('FROM debian', 'LABEL author=me'),
    df('FROM debian', 'LABEL other=""'),
    df('FROM debian', 'ARG V', 'LABEL version=$V'),
    df('FROM debian', 'LABEL author=" "'),
  ],
});

const valueCases: Array<[id: string, code: string, key: string, bad: string[], ok: string[]]> = [
  ['label-not-url', 'DL3052', 'url', ['example.com', '"https://exa mple.com"', '/docs'], ['https://example.com/a?b=c', 'mailto:a@b.c']],
  ['label-not-rfc3339', 'DL3053', 'created', ['2024-05-01', '"2024-05-01 12:00:00"', '2024-02-30T00:00:00Z'], ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.25+02:00']],
  ['label-not-spdx', 'DL3054', 'license', ['"Apache 2"', 'mit', 'MIT OR Apache-2.0'.replace(/ /g, '_')], ['MIT', 'Apache-2.0']],
  ['label-not-git-hash', 'DL3055', 'rev', ['main', 'ABCDEF1', 'abcdef12'], ['abcdef1', '0123456789abcdef0123456789abcdef01234567']],
  ['label-not-semver', 'DL3056', 'version', ['v1.2.3', '1.2', '01.2.3'], ['1.2.3', '1.0.0-rc.1+build.5']],
  ['label-not-email', 'DL3058', 'contact', ['"Team <team@example.com>"', 'team', 'a@'], ['team@example.com', 'first.last+tag@example.co.uk']],
];

for (const [id, code, key, bad, ok] of valueCases) {
  hadolintSpec(id, code, {
    options: schema,
    fires: [
      df('FROM debian', `LABEL ${key}=${bad[0]}`),
      df('FROM debian AS a', 'RUN x', 'FROM a', `LABEL author=me \\`, `  ${key}=${bad[1]}`),
      df('FROM debian', `LABEL ${key}=${bad[2]}`),
      df('from debian', `label ${key}=${bad[0]}`),
      df('FROM debian', 'ARG V', `LABEL ${key}=$V`),
    ],
    silent: [
      df('FROM debian', `LABEL ${key}=${ok[0]}`),
      df('FROM debian', `LABEL ${key}="${ok[1]}"`),
      df('FROM debian', `ARG V=${ok[0]}`, `LABEL ${key}=\${V}`),
      df('FROM debian', `LABEL other.${key}=${bad[0]}`),
    ],
  });
}

describe('label schema rules without a schema', () => {
  it('stay silent: the schema is opt-in', () => {
    for (const id of ['label-missing', 'label-empty', 'label-not-url', 'label-not-semver', 'label-not-in-schema']) {
      assert.deepStrictEqual(findingsOf(id, df('FROM debian', 'LABEL url=x version=v1 author=""')), [], id);
    }
  });
  it('strict labels without a schema report every label, as hadolint does', () => {
    assert.strictEqual(findingsOf('label-not-in-schema', df('FROM debian', 'LABEL a=1 b=2'), { strictLabels: true }).length, 2);
  });
  it('a different schema gives different results for the same text (the schema is part of the stage cache key)', () => {
    const text = df('FROM debian', 'LABEL version=v1');
    assert.strictEqual(findingsOf('label-not-semver', text, { labelSchema: { version: 'semver' } }).length, 1);
    assert.strictEqual(findingsOf('label-not-semver', text, { labelSchema: { version: 'text' } }).length, 0);
  });
});

describe('label value types', () => {
  it('accept and reject like the formats hadolint checks', () => {
    assert.deepStrictEqual([isUrl('https://a.b/c%20d'), isUrl('https://a.b/%zz'), isUrl('a b:c')], [true, false, false]);
    assert.deepStrictEqual([isRfc3339('2024-12-31T23:59:60Z'), isRfc3339('2024-13-01T00:00:00Z'), isRfc3339('2024-01-01T00:00:00+25:00')], [true, false, false]);
    assert.deepStrictEqual([isSpdx('GPL-2.0-or-later'), isSpdx('GPL-2.0'), isSpdx('LicenseRef-x')], [true, true, false]);
    assert.deepStrictEqual([isGitHash('a'.repeat(40)), isGitHash('a'.repeat(39))], [true, false]);
    assert.deepStrictEqual([isSemver('0.0.0'), isSemver('1.2.3-01'), isSemver('1.2.3-0a')], [true, false, true]);
    assert.deepStrictEqual([isEmail('a@[127.0.0.1]'), isEmail('a..b@c'), isEmail('a@b.c d')], [true, false, false]);
  });
  it('stay linear on long hostile values', () => {
    const long = 'a'.repeat(50000) + '!';
    for (const f of [isUrl, isRfc3339, isSpdx, isGitHash, isSemver, isEmail]) f(long);
    isSemver('1.2.3-' + 'a.'.repeat(20000) + '!');
    isEmail('a.'.repeat(20000) + '@');
  });
});
