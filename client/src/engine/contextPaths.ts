// Which context paths a build can read, so the context tar can carry only those (the Docker CLI's
// BuildKit session does the same by sending files on demand). Any doubt means "the whole context".
import * as path from 'path';
import { DockerfileModel, Instr } from '../../../server/src/analysis/model';

export type ContextScope =
  /** `paths`: context-relative, normalised, no trailing slash; `baseImages`: must have no ONBUILD triggers. */
  | { narrow: true; paths: string[]; baseImages: string[] }
  | { narrow: false; reason: string };

// COPY/ADD flags whose meaning we know; an unknown one (a newer frontend) might read the context.
const KNOWN_COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'parents', 'exclude']);
const URL_SOURCE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** The context paths every COPY/ADD/RUN --mount of the Dockerfile can read, or why that is not knowable. */
export function contextScope(model: DockerfileModel): ContextScope {
  const whole = (reason: string): ContextScope => ({ narrow: false, reason });
  const paths = new Set<string>();
  const baseImages = new Set<string>();
  if (model.instructions.some(i => i.keyword === 'ONBUILD')) return whole('an ONBUILD instruction');
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN') continue;
    const why = mountReadsContext(instr);
    if (why) return whole(why);
  }
  for (const stage of model.stages) {
    if (stage.parent === undefined && stage.image.toLowerCase() !== 'scratch') {
      // A base image's ONBUILD COPY would read the context; build-args can change a variable reference.
      if (stage.image.includes('$') || !stage.expandedImage) return whole(`the base image ${stage.image} is not a literal name`);
      baseImages.add(stage.expandedImage);
    }
    for (const copy of stage.copies) {
      if (copy.from !== undefined) continue; // reads another stage or image, not the context
      const instr = copy.instr;
      for (const flag of instr.flags.keys()) if (!KNOWN_COPY_FLAGS.has(flag)) return whole(`the ${instr.keyword} flag --${flag}`);
      const sources = sourcesOf(model, instr, copy.sources);
      if (!sources) return whole(`${instr.keyword} on line ${instr.range.start.line + 1} is not in a form we can read`);
      for (const src of sources) {
        if (URL_SOURCE.test(src)) {
          if (instr.keyword === 'ADD') continue; // fetched by the engine
          return whole(`COPY of a URL on line ${instr.range.start.line + 1}`);
        }
        if (/[*?[$\\]/.test(src) || src === '') return whole(`the ${instr.keyword} source ${src} on line ${instr.range.start.line + 1} is a pattern or uses a variable`);
        const norm = path.posix.normalize('/' + src).replace(/^\/+|\/+$/g, '');
        if (norm === '' || norm === '.') return whole(`${instr.keyword} on line ${instr.range.start.line + 1} copies the whole context`);
        paths.add(norm);
      }
    }
  }
  return { narrow: true, paths: [...paths].sort(), baseImages: [...baseImages] };
}

/** COPY/ADD sources; heredoc bodies are not sources. Undefined when the words cannot be trusted. */
function sourcesOf(model: DockerfileModel, instr: Instr, modelSources: string[]): string[] | undefined {
  const first = instr.args[0] ?? '';
  if (first.startsWith('[')) return undefined; // exec form: quoting we do not re-parse here
  if (instr.heredocs.length === 0) return modelSources;
  // With heredocs the args run on into the bodies: the sources are the words of the first line.
  const line = instr.range.start.line;
  const words = instr.args.filter((_, i) => instr.argRanges[i]?.start.line === line);
  // A continued first line would put sources on later lines too.
  if (words.length < 2 || (model.lines[line] ?? '').trimEnd().endsWith(model.escapeChar)) return undefined;
  return words.slice(0, -1).filter(w => !w.startsWith('<<'));
}

/** Why this RUN's --mount flags read the context (a bind mount without from=), or undefined. */
function mountReadsContext(instr: Instr): string | undefined {
  for (const flag of instr.flagList) {
    if (flag.name.toLowerCase() !== 'mount') continue;
    const value = flag.value;
    if (!value) return `RUN --mount without a value on line ${instr.range.start.line + 1}`;
    const fields = new Map<string, string>();
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim());
    }
    // bind is the default mount type.
    const type = (fields.get('type') ?? 'bind').replace(/^["']|["']$/g, '').toLowerCase();
    if (type === 'bind' && !fields.get('from')) return `RUN --mount=type=bind reads the context (line ${instr.range.start.line + 1})`;
  }
  return undefined;
}
