// fast-check generators: Dockerfiles built from a small grammar of realistic instructions,
// and mutations of real Dockerfiles (the ways a buffer looks halfway through an edit, or
// after a bad paste or a wrong encoding).
import fc from 'fast-check';

const IMAGES = ['alpine', 'alpine:3.20', 'debian:12', 'node:20-slim', 'python:3.12', 'golang:1.22', 'nginx:1.27@sha256:' + 'a'.repeat(64),
  'scratch', 'registry.example.com:5000/team/app:1.0', '${BASE}', '${BASE:-alpine}', 'build', 'deps', '0', '$UNSET'];
const STAGE_NAMES = ['build', 'deps', 'base', 'final', 'Build', 'test', 'runtime'];
const COMMANDS = [
  'apt-get update', 'apt-get install -y --no-install-recommends curl ca-certificates', 'rm -rf /var/lib/apt/lists/*',
  'npm ci', 'npm install', 'npm run build', 'npm start', 'node server.js', 'pip install -r requirements.txt',
  'pip install --no-cache-dir flask', 'python app.py', 'python -m http.server 8000', 'go build -o /out/app ./...', 'go mod download',
  'make', 'make install', 'echo "hello world"', 'cd /app', 'true', 'sleep infinity', 'nginx -g "daemon off;"', 'apk add --no-cache git',
  'yarn install --frozen-lockfile', 'mvn -B package', 'export A=1', 'exit 0', 'tail -f /dev/null', 'curl -fsSL https://x.example/i.sh | sh',
  'useradd -m app', 'chmod +x /entrypoint.sh', 'cat <<EOF > /x', '$CMD', 'ls "$HOME"',
];
const SOURCES = ['.', './', '*', 'package.json', 'package*.json', 'requirements.txt', 'go.mod go.sum', 'src', 'dist/', '/out/app', 'pom.xml', '"a b"'];
const DESTS = ['/app', './', '/app/', '.', '/usr/share/nginx/html', 'C:/app', '/out/'];
const VAR_NAMES = ['A', 'BASE', 'NODE_VERSION', 'PATH', 'NPM_TOKEN', 'DB_PASSWORD', 'GPG_KEY', 'HOME', 'PYTHONUNBUFFERED', 'apiKey', 'X_Y'];
const VALUES = ['1', '20', '"two words"', "'single'", '$A', '${NODE_VERSION}', '${A:-x}', '/usr/local/bin:$PATH', '', 'a\\ b', '"unterminated'];
const LABEL_KEYS = ['org.opencontainers.image.base.name', 'base_image', 'maintainer', 'version', '"quoted key"'];
const RULE_IDS = ['multiple-cmd', 'copy-before-install', 'secret-in-arg-env', 'cache', 'multi-stage', '*', 'syntax', 'unknown-rule'];
const FLAGS_RUN = ['', '--mount=type=cache,target=/root/.cache ', '--mount=type=secret,id=npm ', '--mount=from=build,target=/b ',
  '--network=none ', '--mount=type=bind,from=${STAGE},target=/x ', '--mount '];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** One instruction as a list of lines (continuations and heredoc bodies are separate lines). */
const shellCommand = fc.array(pick(COMMANDS), { minLength: 1, maxLength: 4 }).chain(cmds =>
  fc.array(pick([' && ', '; ', ' || ', ' | ', ' & ']), { minLength: cmds.length, maxLength: cmds.length })
    .map(seps => cmds.map((c, i) => (i === 0 ? c : seps[i] + c)).join('')));

const execForm = fc.array(pick(['nginx', '-g', 'daemon off;', 'npm', 'start', 'python', 'app.py', 'sh', '-c', 'echo $HOME', '']), { maxLength: 4 })
  .chain(words => fc.constantFrom(
    '[' + words.map(w => JSON.stringify(w)).join(', ') + ']',
    '[' + words.map(w => JSON.stringify(w)).join(', '), // unterminated
    "['" + words.join("', '") + "']", // single quotes: shell form to Docker
  ));

const instruction: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(pick(IMAGES), fc.option(pick(STAGE_NAMES)), fc.boolean())
    .map(([img, name, platform]) => [`FROM ${platform ? '--platform=$BUILDPLATFORM ' : ''}${img}${name ? ` AS ${name}` : ''}`]),
  fc.tuple(pick(FLAGS_RUN), shellCommand).map(([flags, cmd]) => [`RUN ${flags}${cmd}`]),
  fc.tuple(pick(FLAGS_RUN), execForm).map(([flags, json]) => [`RUN ${flags}${json}`]),
  fc.tuple(pick(['CMD', 'ENTRYPOINT']), fc.oneof(shellCommand, execForm)).map(([k, a]) => [`${k} ${a}`]),
  fc.tuple(fc.option(pick(['--from=build ', '--from=0 ', '--from=1 ', '--from=nope ', '--from=${STAGE} ', '--chown=app:app ', '--from=nginx:1.27 '])),
    fc.array(pick(SOURCES), { minLength: 1, maxLength: 3 }), pick(DESTS), pick(['COPY', 'ADD']))
    .map(([flag, srcs, dest, k]) => [`${k} ${flag ?? ''}${srcs.join(' ')} ${dest}`]),
  fc.tuple(pick(['ENV', 'ARG']), fc.array(fc.tuple(pick(VAR_NAMES), fc.option(pick(VALUES))), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([k, pairs, legacy]) => [legacy && k === 'ENV' ? `ENV ${pairs[0][0]} ${pairs[0][1] ?? 'v'}` : `${k} ${pairs.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(' ')}`]),
  fc.tuple(pick(LABEL_KEYS), pick(VALUES)).map(([k, v]) => [`LABEL ${k}=${v}`]),
  pick(['WORKDIR /app', 'WORKDIR app', 'EXPOSE 80', 'EXPOSE notaport', 'USER app', 'USER 1000:1000', 'STOPSIGNAL SIGQUIT', 'VOLUME ["/data"]',
    'SHELL ["/bin/bash", "-c"]', 'ONBUILD RUN make', 'MAINTAINER someone', 'HEALTHCHECK NONE', 'HEALTHCHECK --interval=abc CMD true',
    'HEALTHCHECK CMD curl -f http://localhost/', 'FROMX alpine', 'RUN', 'COPY', 'ENV', 'ARG', 'FROM', 'LABEL', 'RUN \\']).map(l => [l]),
  // COPY/ADD: with and without a destination, flags, a source before the heredoc, exec form.
  fc.tuple(pick(['RUN', 'COPY', 'RUN --mount=type=cache,target=/c', 'COPY <<M /etc/conf', 'COPY <<M', 'ADD <<M /x/', 'COPY --chmod=755 <<M /x',
    'COPY --link <<M <<B /d/', 'COPY a <<M /d/', 'ADD --nope <<M /x', 'COPY ["<<M", "/x"]', 'COPY <<M $DEST', 'copy <<M /x']),
  pick(['EOF', 'SCRIPT', '"EOF"', "'EOT'", '-EOF']), fc.array(pick(COMMANDS), { maxLength: 3 }), fc.boolean(), fc.boolean())
    .map(([k, marker, body, closed, tabs]) => {
      const name = marker.replace(/^-/, '').replace(/["']/g, '');
      const head = k === 'COPY' ? `COPY <<${marker} /etc/conf` : k.includes('<<M') ? k.replace('<<M', `<<${marker}`) : `${k} <<${marker}`;
      const lines = body.map(b => (tabs ? '\t' + b : b));
      return [head, ...lines, ...(closed ? [(tabs && marker.startsWith('-') ? '\t' : '') + name] : [])];
    }),
);

/** Decorations around an instruction: comments, suppressions, blank lines. */
const decoration = fc.tuple(pick(RULE_IDS), pick(['', '# a comment', '#', '   ', '\t# indented comment', 'ignore', 'global ignore', '# syntax=docker/dockerfile:1']))
  .map(([id, kind]) => (kind === 'ignore' ? `# layerwise ignore=${id} why` : kind === 'global ignore' ? `# layerwise global ignore=${id}` : kind));

/** Splits a line into continuation lines at spaces, with comments and blank lines inside sometimes. */
function continueLines(line: string, cuts: number[], escapeChar: string, comment: boolean): string[] {
  const words = line.split(' ');
  if (words.length < 2 || cuts.length === 0) return [line];
  const at = [...new Set(cuts.map(c => 1 + (c % (words.length - 1))))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const cut of at) {
    out.push(words.slice(from, cut).join(' ') + ' ' + escapeChar);
    if (comment) out.push('  # inside a continuation');
    from = cut;
  }
  out.push('    ' + words.slice(from).join(' '));
  return out;
}

export interface GrammarOptions { eol: '\n' | '\r\n'; backtick: boolean; lowercase: boolean; leadingDirective: boolean; indent: boolean }

/** A whole Dockerfile from the grammar. */
export const grammarDockerfile: fc.Arbitrary<string> = fc.record({
  eol: pick(['\n', '\r\n'] as const),
  backtick: fc.boolean(),
  lowercase: fc.boolean(),
  leadingDirective: fc.boolean(),
  indent: fc.boolean(),
  globalArgs: fc.array(pick(['ARG BASE=alpine', 'ARG STAGE=build', 'ARG NODE_VERSION=20', 'ARG UNSET']), { maxLength: 2 }),
  body: fc.array(fc.tuple(fc.oneof({ weight: 1, arbitrary: pick(['FROM alpine', 'FROM debian:12 AS build', 'FROM build AS final']).map(l => [l]) }, { weight: 5, arbitrary: instruction }),
    fc.option(decoration), fc.array(fc.nat(), { maxLength: 2 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 14 }),
  trailingEol: fc.boolean(),
}).map(g => {
  const esc = g.backtick ? '`' : '\\';
  const lines: string[] = [];
  if (g.backtick) lines.push('# escape=`');
  else if (g.leadingDirective) lines.push('# syntax=docker/dockerfile:1');
  lines.push(...g.globalArgs);
  for (const [instr, deco, cuts, lower, comment] of g.body) {
    if (deco !== null) lines.push(deco);
    let [head, ...rest] = instr;
    if (g.lowercase && lower) head = head.replace(/^[A-Z]+/, k => k.toLowerCase());
    if (g.indent && lower) head = '  ' + head;
    if (rest.length === 0 && !head.includes('<<')) lines.push(...continueLines(head.replace(/\\$/, esc), cuts, esc, comment));
    else lines.push(head, ...rest);
  }
  return lines.join(g.eol) + (g.trailingEol ? g.eol : '');
});

/** One edit of a text, driven by random numbers so fast-check can shrink it. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicateLine' | 'deleteLine' | 'escapeAtEnd' | 'backtickAtEnd' | 'heredocOpen' | 'jsonOpen'; line: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'lineEndings'; seed: number }
  | { kind: 'deleteSpan'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: pick(['duplicateLine', 'deleteLine', 'escapeAtEnd', 'backtickAtEnd', 'heredocOpen', 'jsonOpen'] as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: pick(['\0', '\\', '`', '\n', '\r', '\r\n', '"', "'", '[', ']', '<<', '${', '$', '#', ' AS ', '=', '--from=', '\t', '\u00e9', '\ud83d\ude00', '\u2028', '\ufeff']) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('lineEndings' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('deleteSpan' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split(/(?<=\n)/);
  const lineIndex = (n: number) => (lines.length ? n % lines.length : 0);
  const at = (n: number) => (text.length ? n % (text.length + 1) : 0);
  switch (m.kind) {
    case 'truncate': return text.slice(0, at(m.at));
    case 'duplicateLine': { const i = lineIndex(m.line); lines.splice(i, 0, lines[i] ?? ''); return lines.join(''); }
    case 'deleteLine': lines.splice(lineIndex(m.line), 1); return lines.join('');
    case 'escapeAtEnd': case 'backtickAtEnd': case 'heredocOpen': case 'jsonOpen': {
      const i = lineIndex(m.line);
      const line = lines[i] ?? '';
      const body = line.replace(/\r?\n$/, '');
      const add = m.kind === 'escapeAtEnd' ? ' \\' : m.kind === 'backtickAtEnd' ? ' `' : m.kind === 'heredocOpen' ? ' <<EOF' : ' ["sh", "-c';
      lines[i] = body + add + line.slice(body.length);
      return lines.join('');
    }
    case 'swapLines': {
      const a = lineIndex(m.a), b = lineIndex(m.b);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('');
    }
    case 'insert': { const p = at(m.at); return text.slice(0, p) + m.text + text.slice(p); }
    case 'bytes': {
      // Invalid UTF-8 reaches the editor as U+FFFD replacement characters, exactly like this.
      const buf = Buffer.from(text, 'utf8');
      const p = buf.length ? m.at % (buf.length + 1) : 0;
      return Buffer.concat([buf.subarray(0, p), Buffer.from(m.bytes), buf.subarray(p)]).toString('utf8');
    }
    case 'lineEndings': {
      let n = m.seed;
      return text.replace(/\r\n|\r|\n/g, () => { n = (n * 1103515245 + 12345) & 0x7fffffff; return ['\n', '\r\n', '\r'][n % 3]; });
    }
    case 'deleteSpan': { const p = at(m.at); return text.slice(0, p) + text.slice(p + m.length); }
  }
}

/** A seed file with a few mutations applied. */
export function mutatedDockerfile(seeds: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([seed, ms]) => ms.reduce(applyMutation, seed));
}

/** Either kind, and sometimes a grammar file spliced into a mutated one. */
export function anyDockerfile(seeds: string[]): fc.Arbitrary<string> {
  return fc.oneof(grammarDockerfile, mutatedDockerfile(seeds),
    fc.tuple(grammarDockerfile, fc.array(mutation, { maxLength: 3 })).map(([t, ms]) => ms.reduce(applyMutation, t)));
}

/** A start text and the versions a burst of edits makes of it (each edit applied to the one before). */
export function editSequence(seeds: string[], maxEdits = 8): fc.Arbitrary<string[]> {
  return fc.tuple(anyDockerfile(seeds), fc.array(mutation, { minLength: 1, maxLength: maxEdits })).map(([start, ms]) => {
    const versions = [start];
    for (const m of ms) versions.push(applyMutation(versions[versions.length - 1], m));
    return versions;
  });
}
