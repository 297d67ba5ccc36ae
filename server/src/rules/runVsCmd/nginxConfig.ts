// The main nginx.conf a stage copies in from the build context, and whether it sets `daemon off;`.
// conf.d files are included inside `http { }`, where `daemon` is not allowed, so only the main
// file (/etc/nginx/nginx.conf) decides.
import { DockerfileModel, Stage } from '../../analysis/model';
import { RuleContext } from '../rule';
import { resolvePath, workdirBefore } from '../cache/common';
import { lineRef } from '../../analysis/lineRefs';

export interface NginxConfig {
  /** `daemon`: the copied file does not turn daemon mode off; `off`: it does; `unknown`: copied but unreadable. */
  state: 'daemon' | 'off' | 'unknown';
  /** The file sets `daemon on;` explicitly. */
  daemonOn?: boolean;
  source?: string;
  /** `line N` marker of the COPY (shifted with the finding when the stage moves). */
  line?: string;
}

const MAIN = '/etc/nginx/nginx.conf';

/** Undefined when no stage of the chain copies a main nginx.conf (the base image's own is used). */
export function nginxMainConfig(model: DockerfileModel, stage: Stage, ctx: RuleContext): NginxConfig | undefined {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    // The last copy that lands on the main config wins.
    for (const c of [...s.copies].reverse()) {
      const dest = resolvePath(workdirBefore(s, c.instr), c.dest);
      const intoDir = c.dest.endsWith('/') || c.sources.length > 1;
      let source: string | undefined;
      if (dest === MAIN && c.sources.length === 1) source = c.sources[0];
      else if (dest === '/etc/nginx') {
        const named = c.sources.find(x => /(^|\/)nginx\.conf$/.test(x));
        // `COPY nginx.conf /etc/nginx/` puts the file there; `COPY conf/ /etc/nginx/` copies the folder's contents.
        source = named && (intoDir || c.sources.length === 1) ? named : c.sources.length === 1 && !c.sources[0].includes('.') ? `${c.sources[0].replace(/\/$/, '')}/nginx.conf` : undefined;
        if (!source && !c.wholeContext) continue;
        if (c.wholeContext) source = 'nginx.conf';
      } else continue;
      const line = lineRef(c.instr.range.start.line);
      if (c.from !== undefined || !source || /[*?$[]/.test(source)) return { state: 'unknown', line };
      const text = ctx.readContextFile?.(source.replace(/^\.\//, ''));
      if (text === undefined) return { state: 'unknown', source, line };
      const code = text.replace(/#.*$/gm, '');
      if (/(^|[;{}\s])daemon\s+off\s*;/.test(code)) return { state: 'off', source, line };
      return { state: 'daemon', daemonOn: /(^|[;{}\s])daemon\s+on\s*;/.test(code), source, line };
    }
  }
  return undefined;
}
