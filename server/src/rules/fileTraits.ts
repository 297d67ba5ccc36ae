// Facts about a whole file that several rules use to decide whether they apply at all.
// Pure functions of the model, memoised per model (rules ask many times per analysis).
import { DockerfileModel } from '../analysis/model';

const buildKitCache = new WeakMap<DockerfileModel, boolean>();
const templateCache = new WeakMap<DockerfileModel, boolean>();

/** Flags only BuildKit accepts; the classic builder rejects a file that uses any of them. */
const BUILDKIT_FLAGS: Record<string, string[]> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'exclude', 'parents'],
  ADD: ['link', 'chmod', 'exclude', 'checksum', 'keep-git-dir'],
};

/**
 * True when the file cannot be built without BuildKit: a `# syntax=` directive, a heredoc,
 * or a flag only BuildKit knows. Such a file never runs on the classic builder, so advice
 * about the classic builder's per-instruction commits does not apply to it.
 */
export function needsBuildKit(model: DockerfileModel): boolean {
  let known = buildKitCache.get(model);
  if (known === undefined) buildKitCache.set(model, (known = detectBuildKit(model)));
  return known;
}

function detectBuildKit(model: DockerfileModel): boolean {
  const firstInstr = model.instructions[0]?.range.start.line ?? model.lines.length;
  for (let l = 0; l < firstInstr; l++) {
    const line = model.lines[l] ?? '';
    if (/^\s*#\s*syntax\s*=/i.test(line)) return true;
    if (!/^\s*(#.*)?$/.test(line)) break;
  }
  for (const instr of model.instructions) {
    if (instr.heredocs.length > 0) return true;
    const flags = BUILDKIT_FLAGS[instr.keyword];
    if (flags && flags.some(f => instr.flags.has(f))) return true;
  }
  return false;
}

/**
 * A template that a generator turns into Dockerfiles (docker-library's `Dockerfile.template`,
 * Helm/Go/Jinja `{{ … }}` placeholders): its text is not what the builder reads, so findings
 * on it would be about the placeholders, not the image.
 */
export function isTemplate(model: DockerfileModel): boolean {
  let known = templateCache.get(model);
  if (known === undefined) templateCache.set(model, (known = detectTemplate(model)));
  return known;
}

function detectTemplate(model: DockerfileModel): boolean {
  // Runs on every version of every document: a plain substring scan rules out almost every file.
  const text = model.text;
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('${templateOption:')) return false;
  // A control line of its own (`{{ if … }}`, `{% for … %}`), a placeholder as the base image, or
  // placeholders on several lines. One `docker inspect -f '{{ .Id }}'` in a RUN is just shell text.
  // Heredoc bodies are file contents (a Go or Jinja template written into the image is fine).
  const bodies = new Set<number>();
  for (const instr of model.instructions) {
    for (const h of instr.heredocs) if (h.range) for (let l = h.range.start.line; l <= h.range.end.line; l++) bodies.add(l);
  }
  let lines = 0;
  for (let l = 0; l < model.lines.length; l++) {
    const line = model.lines[l] ?? '';
    if (!PLACEHOLDER.test(line) || /^\s*#/.test(line) || bodies.has(l)) continue;
    if (/^\s*(\{\{|\{%)/.test(line) || /^\s*FROM\s/i.test(line) || DEV_CONTAINER_OPTION.test(line)) return true;
    if (++lines >= 3) return true;
  }
  return false;
}

/** Dev container templates: `${templateOption:imageVariant}` is replaced when the template is applied. */
const DEV_CONTAINER_OPTION = /\$\{templateOption:[^}]*\}/;
const PLACEHOLDER = /\{\{.*\}\}|\{%.*%\}|\$\{templateOption:[^}]*\}/;

/** The first line of the template's first placeholder, for the one finding a template gets. */
export function firstPlaceholderLine(model: DockerfileModel): number {
  for (let l = 0; l < model.lines.length; l++) {
    const line = model.lines[l] ?? '';
    if (PLACEHOLDER.test(line) && !/^\s*#/.test(line)) return l;
  }
  return 0;
}
