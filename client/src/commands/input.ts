// Pure parsing and validation of what the user types into build/run prompts (no vscode import).
import { parseDockerfile } from '../../../server/src/analysis/model';
import type { MappedPort } from '../engine/types';

// ---------- image references ----------

const NAME_COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*(?::[\\w][\\w.-]{0,127})?$`);

/** Why `ref` is not a valid `name[:tag]` for `docker build -t`, or undefined when it is. */
export function validateImageTag(ref: string): string | undefined {
  const value = ref.trim();
  if (!value) return 'Enter an image name, e.g. myapp:latest.';
  if (value.includes('@')) return 'A build tag cannot contain a digest (@sha256:…); use name:tag.';
  if (/\s/.test(value)) return 'An image name cannot contain spaces.';
  if (value.length > 255) return 'An image name is at most 255 characters.';
  const slash = value.indexOf('/');
  // Only a registry host (before the first slash) may contain upper case letters.
  const path = slash >= 0 && /[.:]|^localhost$/.test(value.slice(0, slash)) ? value.slice(slash + 1) : value;
  if (/[A-Z]/.test(path.replace(/:[\w][\w.-]*$/, ''))) return 'Image names must be lower case (the tag after ":" may use upper case).';
  if (!REFERENCE.test(value)) {
    return 'Use lower-case letters, digits and . _ - separators, optionally a tag after ":" (letters, digits, _ . -), e.g. myapp:1.0.';
  }
  return undefined;
}

/** A valid default tag derived from a folder name: "My App!" → "my-app:latest"; nothing usable → "image:latest". */
export function defaultTagFor(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]*([._-])[._-]*/g, '$1') // one separator between components
    .replace(/^[._-]+|[._-]+$/g, '');
  const candidate = `${name || 'image'}:latest`;
  return validateImageTag(candidate) ? 'image:latest' : candidate;
}

/** Adds ":latest" when the reference has no tag, so the built image can be found by the exact name. */
export function withDefaultTag(ref: string): string {
  const value = ref.trim();
  const lastSlash = value.lastIndexOf('/');
  return value.slice(lastSlash + 1).includes(':') ? value : `${value}:latest`;
}

// ---------- ports ----------

/** Same shape as the engine's PortMapping: `containerPort` is "80/tcp", `hostPort` undefined = engine picks. */
export interface PortMapping { containerPort: string; hostPort?: number }

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/**
 * `8080:80, 8443:443/tcp, 53/udp` → mappings. A bare container port gets a free host port.
 * Separators: commas and/or spaces. Empty input → no ports.
 */
export function parsePorts(input: string): Parsed<PortMapping[]> {
  const items = input.split(/[\s,]+/).filter(Boolean);
  const result: PortMapping[] = [];
  const usedHost = new Set<string>();
  for (const item of items) {
    const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(item);
    if (!m) return { ok: false, error: `"${item}" is not a port mapping; use HOST:CONTAINER (8080:80), a container port (80), optionally with /udp.` };
    const [, hostText, containerText, protoText] = m;
    const protocol = (protoText ?? 'tcp').toLowerCase();
    const containerPort = portNumber(containerText);
    if (containerPort === undefined) return { ok: false, error: `"${item}": container port ${containerText} is not between 1 and 65535.` };
    let hostPort: number | undefined;
    if (hostText !== undefined) {
      hostPort = portNumber(hostText);
      if (hostPort === undefined) return { ok: false, error: `"${item}": host port ${hostText} is not between 1 and 65535.` };
      const key = `${hostPort}/${protocol}`;
      if (usedHost.has(key)) return { ok: false, error: `Host port ${hostPort}/${protocol} is used twice.` };
      usedHost.add(key);
    }
    result.push({ containerPort: `${containerPort}/${protocol}`, hostPort });
  }
  return { ok: true, value: result };
}

/** Mappings back to the text the input box shows ("8080:80, 53:53/udp"). */
export function formatPorts(ports: PortMapping[]): string {
  return ports.map(p => {
    const container = p.containerPort.replace(/\/tcp$/i, '');
    return p.hostPort === undefined ? container : `${p.hostPort}:${container}`;
  }).join(', ');
}

/** An image's `Config.ExposedPorts` (`{"80/tcp": {}}`) → "80/tcp" keys, sorted by port. */
export function exposedPortsOf(exposed: Record<string, unknown> | undefined | null): string[] {
  const out: Array<{ port: number; protocol: string }> = [];
  for (const key of Object.keys(exposed ?? {})) {
    const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(key);
    const port = m ? portNumber(m[1]) : undefined;
    if (m && port !== undefined) out.push({ port, protocol: (m[2] ?? 'tcp').toLowerCase() });
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)).map(p => `${p.port}/${p.protocol}`);
}

/** The prefilled run prompt: each exposed container port mapped to the proposed host port (same index). */
export function defaultPortsInput(exposed: string[], hostPorts: Array<number | undefined>): string {
  return formatPorts(exposed.map((containerPort, i) => ({ containerPort, hostPort: hostPorts[i] })));
}

/** "http://localhost:8080 → 80/tcp" for TCP ports (0.0.0.0 / :: mean every interface, so localhost works). */
export function portUrls(ports: MappedPort[]): string[] {
  const urls = ports.filter(p => !/\/(udp|sctp)$/.test(p.containerPort)).map(p => {
    const host = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' ? 'localhost' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    return `http://${host}:${p.hostPort} → ${p.containerPort}`;
  });
  // The engine reports one binding per address family (0.0.0.0 and ::): both are the same URL.
  return [...new Set(urls)];
}

// ---------- environment and names ----------

/**
 * `A=1 B="two words" C='x y' D=` → { A: '1', B: 'two words', C: 'x y', D: '' }. Commas are not
 * separators because values may contain them. Errors name the word that is wrong.
 */
export function parseEnv(input: string): Parsed<Record<string, string>> {
  const env: Record<string, string> = {};
  let i = 0;
  const s = input;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let word = '';
    let quote: string | undefined;
    const start = i;
    for (; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"' && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === '\\')) word += s[++i];
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (/\s/.test(c)) break;
      else word += c;
    }
    if (quote) return { ok: false, error: `Unclosed ${quote} quote in "${s.slice(start)}".` };
    const eq = word.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${word}" is not NAME=value.` };
    const name = word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { ok: false, error: `"${name}" is not a valid variable name (letters, digits, _; not starting with a digit).` };
    env[name] = word.slice(eq + 1);
  }
  return { ok: true, value: env };
}

/** Why `name` cannot be a container name, or undefined (empty = let Docker choose). */
export function validateContainerName(name: string): string | undefined {
  const value = name.trim();
  if (!value) return undefined;
  return /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(value)
    ? undefined
    : 'A container name starts with a letter or digit and uses only letters, digits, _ . - (at least two characters).';
}

// ---------- stages ----------

export interface StageChoice {
  /** Value for `--target`; undefined builds the last stage (which may be unnamed). */
  target?: string;
  label: string;
  description: string;
  isLast: boolean;
}

/** Build target choices for a Dockerfile, the last stage first (the default). Empty for one stage. */
export function stageChoices(text: string): StageChoice[] {
  const model = parseDockerfile(text);
  if (model.stages.length < 2) return [];
  const choices: StageChoice[] = [];
  model.stages.forEach((stage, i) => {
    const isLast = i === model.stages.length - 1;
    if (!stage.name && !isLast) return; // --target accepts only stage names
    choices.push({
      target: stage.name,
      label: stage.name ?? `stage ${i + 1} (last)`,
      description: `FROM ${stage.image}${isLast ? ' · default' : ''} · line ${stage.from.range.start.line + 1}`,
      isLast,
    });
  });
  return choices.sort((a, b) => Number(b.isLast) - Number(a.isLast));
}


// ---------- command override ----------

/**
 * `npm run dev -- --port "8 0"` → ['npm', 'run', 'dev', '--', '--port', '8 0']: words split on spaces, single
 * and double quotes group (no variables, globs or operators: the result goes to the engine as an array).
 */
export function parseCommandLine(input: string): Parsed<string[]> {
  const words: string[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i])) i++;
    if (i >= input.length) break;
    let word = '';
    let quote: string | undefined;
    const start = i;
    for (; i < input.length; i++) {
      const c = input[i];
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"' && i + 1 < input.length && (input[i + 1] === '"' || input[i + 1] === '\\')) word += input[++i];
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && i + 1 < input.length) word += input[++i];
      else if (/\s/.test(c)) break;
      else word += c;
    }
    if (quote) return { ok: false, error: `Unclosed ${quote} quote in "${input.slice(start)}".` };
    words.push(word);
  }
  return { ok: true, value: words };
}

/** The words back as text the input box shows (quoted where needed). */
export function formatCommandLine(words: string[]): string {
  return words.map(w => (/^[\w@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`)).join(' ');
}

/** `/data`, `/var/lib/app` — an absolute path inside the container. */
export function validateContainerPath(p: string): string | undefined {
  const v = p.trim();
  if (!v.startsWith('/')) return 'Enter an absolute path inside the container, e.g. /data.';
  if (v.includes(':')) return 'A container path cannot contain ":".';
  return undefined;
}
