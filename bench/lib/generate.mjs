// Deterministic generator of realistic multi-stage Dockerfiles for the benchmarks.
// Stages are drawn from templates people actually write (apt/apk installs, COPY/RUN pairs,
// ARG-parameterised bases, heredocs, comments, continuation lines), with a fixed seed so every
// run and every server sees the same text.

/** Small seeded PRNG (mulberry32): same sequence on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

const APT_PKGS = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'python3-dev', 'gnupg', 'unzip', 'jq', 'openssh-client', 'libssl-dev', 'tzdata', 'locales', 'wget', 'make'];
const APK_PKGS = ['curl', 'ca-certificates', 'git', 'bash', 'tini', 'openssl', 'musl-dev', 'gcc', 'libffi-dev', 'postgresql-client', 'tzdata'];
const BASES = [
  ['node', '${NODE_VERSION}-alpine', 'apk'], ['node', '20-bookworm-slim', 'apt'], ['python', '3.12-slim', 'apt'],
  ['golang', '1.22-alpine', 'apk'], ['debian', 'bookworm-slim', 'apt'], ['ubuntu', '24.04', 'apt'],
  ['alpine', '3.20', 'apk'], ['eclipse-temurin', '21-jdk', 'apt'], ['nginx', '1.27-alpine', 'apk'],
];

function pkgs(r, list, n) {
  const out = new Set();
  while (out.size < n) out.add(r.pick(list));
  return [...out];
}

function aptInstall(r, cleanup) {
  const p = pkgs(r, APT_PKGS, 2 + r.int(5));
  const lines = ['RUN apt-get update \\', '    && apt-get install -y --no-install-recommends \\'];
  for (const x of p) lines.push(`        ${x} \\`);
  if (r() < 0.3) lines.push('    # keep the image small');
  lines.push(cleanup ? '    && rm -rf /var/lib/apt/lists/*' : '    && echo done');
  return lines;
}

function apkInstall(r) {
  const p = pkgs(r, APK_PKGS, 2 + r.int(4));
  if (r() < 0.5) return [`RUN apk add --no-cache ${p.join(' ')}`];
  return ['RUN apk add --no-cache \\', ...p.slice(0, -1).map(x => `      ${x} \\`), `      ${p[p.length - 1]}`];
}

function install(r, kind) {
  return kind === 'apk' ? apkInstall(r) : aptInstall(r, r() < 0.8);
}

const APP_STEPS = [
  (r, n) => ['WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci --omit=dev', 'COPY . .', `RUN npm run build -- --project=svc${n}`],
  (r, n) => ['WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', `RUN CGO_ENABLED=0 go build -o /out/svc${n} ./cmd/svc${n}`],
  (r, n) => ['WORKDIR /srv', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', `COPY src/ ./src${n}/`],
  (r, n) => ['WORKDIR /app', 'COPY . .', 'RUN npm install', `RUN npm test -- --shard=${n}`],
  (r, n) => ['RUN <<EOF', 'set -eux', `mkdir -p /opt/svc${n}/bin`, `echo "svc${n}" > /opt/svc${n}/NAME`, 'chmod 0755 /opt/svc' + n, 'EOF'],
  (r, n) => [`COPY <<EOF /etc/svc${n}.conf`, `listen ${8000 + n}`, 'log_level info', 'EOF'],
  (r, n) => ['ENV LANG=C.UTF-8 \\', '    TZ=UTC', `ENV SVC_PORT=${8000 + n}`],
  (r, n) => ['# build metadata', `LABEL org.opencontainers.image.title="svc${n}" \\`, '      org.opencontainers.image.vendor="example"'],
  (r, n) => [`ARG SVC${n}_VERSION=1.${n % 10}.0`, `RUN curl -fsSL https://example.com/svc${n}/v\${SVC${n}_VERSION}.tar.gz | tar -xz -C /opt`],
  (r, n) => ['USER 10001:10001', 'EXPOSE ' + (8000 + n)],
  (r, n) => ['HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:' + (8000 + n) + '/health || exit 1'],
  (r, n) => ['RUN set -eux; \\', '    addgroup --system app; \\', '    adduser --system --ingroup app app'],
];

const FINALE = [
  (n) => [`CMD ["node", "dist/svc${n}.js"]`],
  (n) => [`ENTRYPOINT ["/out/svc${n}"]`],
  (n) => [`CMD python -m src${n}.main`],
  (n) => ['CMD ["nginx", "-g", "daemon off;"]'],
  (n) => [],
];

/** One stage of a real-looking multi-stage file; `prev` names earlier stages to COPY --from. */
function stage(r, n, prev) {
  const [image, tag, kind] = r.pick(BASES);
  const out = [];
  if (r() < 0.5) out.push('', `# ---- stage ${n}: ${image} ----`);
  else out.push('');
  if (tag.includes('${NODE_VERSION}') && r() < 0.5) out.push('ARG NODE_VERSION=20');
  out.push(`FROM ${image}:${tag} AS s${n}`);
  if (r() < 0.6) out.push(`LABEL org.opencontainers.image.base.name="docker.io/library/${image}:${tag}"`);
  out.push(...install(r, kind));
  const steps = 2 + r.int(5);
  for (let i = 0; i < steps; i++) out.push(...r.pick(APP_STEPS)(r, n));
  if (prev.length && r() < 0.7) out.push(`COPY --from=${r.pick(prev)} /out/ /usr/local/bin/`);
  out.push(...r.pick(FINALE)(n));
  return out;
}

/** A multi-stage Dockerfile of about `targetLines` lines (always ends after a whole stage). */
export function generateDockerfile(targetLines, seed = 1) {
  const r = rng(seed);
  const lines = ['# syntax=docker/dockerfile:1', `# generated benchmark file (seed ${seed})`, 'ARG NODE_VERSION=20'];
  const names = [];
  let n = 0;
  while (lines.length < targetLines) {
    lines.push(...stage(r, n, names));
    names.push(`s${n}`);
    n++;
  }
  return lines.join('\n') + '\n';
}

/** `count` varied files, 10–400 lines each, some with CRLF or lower-case keywords. */
export function generateCorpus(count, seed = 7) {
  const r = rng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    let text = generateDockerfile(10 + r.int(390), seed * 1000 + i);
    if (i % 10 === 3) text = text.replace(/\n/g, '\r\n');
    if (i % 10 === 7) text = text.replace(/^(RUN|COPY|WORKDIR) /gm, (m) => m.toLowerCase());
    files.push({ name: `generated-${i}.Dockerfile`, text });
  }
  return files;
}
