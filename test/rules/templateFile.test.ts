import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { ruleCatches, ruleCatchesNot, df } from '../support/ruleSpec';

const ID = 'template-file';

describe(ID, () => {
  // docker-library style: a jq/gawk template with {{ }} placeholders and no real values.
  const redisLike = df(
    '{{ if env.variant == "alpine" then ( -}}',
    'FROM alpine:{{ .alpine.version }}',
    '{{ ) else ( -}}',
    'FROM debian:{{ env.variant }}-slim',
    '{{ ) end -}}',
    'RUN set -eux; \\',
    '{{ if is_alpine then ( -}}',
    '\tapk add --no-cache su-exec',
    '{{ ) else "" end -}}',
    'ENV REDIS_VERSION {{ .version }}',
    'CMD ["redis-server"]',
  );
  // vscode-dev-containers templates: options are filled in when the template is applied.
  const devContainerLike = df('ARG VARIANT="${templateOption:imageVariant}"', 'FROM mcr.microsoft.com/devcontainers/base:${VARIANT}',
    'ARG INSTALL_ZSH="${templateOption:installZsh}"', 'RUN if [ "${INSTALL_ZSH}" = "true" ]; then apt-get update && apt-get install -y zsh; fi');
  const helmLike = df('FROM {{ .Values.image }}', 'COPY . /app', 'RUN npm install', 'CMD npm start');

  it('reports one info finding and nothing else on a template', () => {
    for (const text of [redisLike, helmLike, devContainerLike]) {
      const all = analyze(text, { syntaxChecks: true }).findings;
      assert.deepStrictEqual(all.map(f => f.ruleId), [ID]);
      assert.strictEqual(all[0].severity, 'info');
      assert.match(all[0].message, /template.*not lint/);
    }
  });

  it('points at the first placeholder', () => {
    const [f] = ruleCatches(ID, helmLike);
    assert.strictEqual(f.range.start.line, 0);
  });

  const silent = [
    df('FROM alpine', 'CMD ["sh"]'),
    // Placeholders in a comment document something; the file is still a Dockerfile.
    df('# render with {{ .Version }} in CI', 'FROM alpine', 'CMD ["sh"]'),
    // Go templates passed to a command at build time are ordinary shell text.
    df('FROM alpine', 'RUN docker inspect -f "{{ .Id }}" x || true', 'CMD ["sh"]'),
    // A template written into the image by a heredoc is file content.
    df('FROM alpine', 'COPY <<EOF /etc/app/config.tmpl', '{{ range .Hosts }}', 'host {{ . }}', '{{ end }}', 'EOF', 'CMD ["sh"]'),
  ];
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('turning the note off leaves the template silent (it is still not linted)', () => {
    const ids = analyze(helmLike, { rules: { [ID]: 'off' } }).findings.map(f => f.ruleId);
    assert.deepStrictEqual(ids, []);
  });
});
