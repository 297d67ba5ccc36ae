import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe, execFormOf, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Fix, Range } from '../../analysis/types';
import { ShellCommand } from '../../analysis/shell';
import { locateCommand, shellQuote } from '../../analysis/commandText';
import { commandsOf, foregroundFor, innerScript, nginxForeground, serviceStart } from './programs';
import { indentOf, keywordLike } from './cmdText';
import { NginxConfig, nginxMainConfig } from './nginxConfig';
import { emptyList } from '../../analysis/lists';

// A container lives exactly as long as its main process. A main process that forks a daemon
// and returns, or a shell that backgrounds the app and exits, stops the container at once.
export const cmdExitsImmediately: Rule = {
  id: 'cmd-exits-immediately',
  category: 'run-vs-cmd',
  severity: 'error',
  title: 'CMD/ENTRYPOINT daemonises or backgrounds its process, so the container stops at once',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model, ctx) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      const entry = effective(model, stage, 'ENTRYPOINT');
      const cmd = effective(model, stage, 'CMD');
      let target: Instr | undefined;
      let extra: string[] = [];
      if (!entry) target = cmd;
      else if (!entry.execForm) target = entry;
      else if (isWrapper(entry.execForm)) target = cmd;
      else { target = entry; extra = cmd?.execForm ?? []; }
      if (!target || target.stage !== stage.index) continue;
      const finding = check(model, ctx, stage, target, extra);
      if (finding) out.push(finding);
    }
    return out;
  },
};

/** The last CMD/ENTRYPOINT of the stage or, if it has none, of the stage it builds on. */
function effective(model: DockerfileModel, stage: Stage, keyword: string): Instr | undefined {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    const list = s.instructions.filter(i => i.keyword === keyword);
    if (list.length) return list[list.length - 1];
  }
  return undefined;
}

/** Entrypoints that start their arguments as the main process (`exec "$@"`). */
function isWrapper(words: string[]): boolean {
  const p = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  return /^(tini|tini-static|dumb-init|docker-entrypoint\.sh|entrypoint\.sh|gosu|su-exec)$/.test(p);
}

function check(model: DockerfileModel, ctx: RuleContext, stage: Stage, instr: Instr, extra: string[]): RuleFinding | undefined {
  const cmds = commandsOf(instr);
  const last = cmds[cmds.length - 1];
  if (!last) return undefined;
  const words = innerScript(instr.execForm ?? []) === undefined && instr.execForm ? [...last.words, ...extra] : last.words;
  const what = '`' + last.text.split('\n')[0] + '`';
  const range = rangeOf(model, instr, cmds);
  if (last.terminator === '&') {
    return {
      message: `${describe(model, instr)} runs ${what} in the background (\`&\`): the shell exits at once and the container stops with it.`,
      range, fixes: removeAmpersand(model, instr),
    };
  }
  const nginx = isNginx(words) ? nginxMainConfig(model, stage, ctx) : undefined;
  const reason = daemonises(model, stage, words, nginx);
  if (!reason) return undefined;
  // A config that says `daemon on;` explicitly would make `-g "daemon off;"` a duplicate directive: fix the file instead.
  const fg = nginx?.daemonOn ? undefined : foregroundFor({ ...last, words });
  const fixes = fg ? foregroundFix(model, instr, cmds, fg, extra.length > 0) : [];
  return {
    message: `${describe(model, instr)} starts ${what}, which ${reason} and returns: the container stops as soon as it starts.${fg ? ` Run \`${shellQuote(fg)}\` in the foreground instead.` : ' Run the service in the foreground.'}`,
    range, fixes,
  };
}

function isNginx(words: string[]): boolean {
  return (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1) === 'nginx';
}

function daemonises(model: DockerfileModel, stage: Stage, words: string[], nginx: NginxConfig | undefined): string | undefined {
  const p = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  const args = words.slice(1);
  const service = serviceStart(words);
  if (service) return p === 'apachectl' || p === 'apache2ctl' ? 'starts Apache as a daemon' : `starts ${service} as a background service`;
  if (p === 'nginx') {
    if (args.some(a => ['-t', '-T', '-v', '-V', '-h', '-?', '-s', '-c'].includes(a)) || nginxForeground(args) || nginxConfigMayDisableDaemon(model, stage)) return undefined;
    if (nginx?.state === 'unknown' || nginx?.state === 'off') return undefined;
    if (nginx?.state === 'daemon') return `forks into the background: the nginx.conf it uses (${nginx.source}, copied at line ${nginx.line}) does not set \`daemon off;\``;
    return 'forks into the background (nginx daemonises unless `daemon off;`)';
  }
  if (p === 'httpd' || p === 'apache2') {
    const fg = args.some((a, i) => a === '-DFOREGROUND' || (a === '-D' && args[i + 1] === 'FOREGROUND') || a === '-X');
    if (fg || args.some(a => ['-t', '-v', '-V', '-M', '-S', '-l', '-L', '-h'].includes(a))) return undefined;
    return 'forks into the background (httpd daemonises without `-D FOREGROUND`)';
  }
  if (/^php-fpm[\d.]*$/.test(p) && args.some(a => a === '-D' || a === '--daemonize')) return 'forks into the background (`-D`)';
  return undefined;
}

/** `daemon off;` may come from a config file the stage writes (copied files: nginxConfig.ts). */
function nginxConfigMayDisableDaemon(model: DockerfileModel, stage: Stage): boolean {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    if (s.instructions.some(i => /daemon\s+off/.test(i.command) || i.heredocs.some(h => /daemon\s+off/.test(h.content)))) return true;
  }
  return false;
}

function rangeOf(model: DockerfileModel, instr: Instr, cmds: ShellCommand[]): Range {
  if (instr.execForm && innerScript(instr.execForm) === undefined) return firstLine(model, instr);
  let at: Range | undefined;
  for (const c of cmds) at = locateCommand(model, instr, c, at) ?? at;
  return at ?? firstLine(model, instr);
}

function removeAmpersand(model: DockerfileModel, instr: Instr): Fix[] {
  if (instr.execForm) return [];
  const line = instr.range.end.line;
  const text = model.lines[line] ?? '';
  const m = /(\s*)(?<!&)&\s*$/.exec(text);
  if (!m) return [];
  const range = { start: { line, character: m.index }, end: { line, character: text.length } };
  return [{ title: 'Remove the trailing & so the process stays in the foreground', edits: [{ range, newText: '' }], isPreferred: true }];
}

function foregroundFix(model: DockerfileModel, instr: Instr, cmds: ShellCommand[], fg: string[], hasCmdArgs: boolean): Fix[] {
  if (hasCmdArgs) return [];
  const kw = keywordLike(model, instr, instr.keyword);
  if (cmds.length === 1) {
    const line = `${kw} ${execFormOf(fg)}`;
    return [{ title: `Replace with ${line}`, edits: [replaceInstruction(model, instr, indentOf(model, instr) + line)], isPreferred: true }];
  }
  if (instr.execForm) return [];
  // Several commands: rewrite only the last one, when it sits on one line.
  let at: Range | undefined;
  for (const c of cmds) at = locateCommand(model, instr, c, at) ?? at;
  const last = cmds[cmds.length - 1];
  if (!at || at.end.character - at.start.character !== last.text.length || (model.lines[at.start.line] ?? '').slice(at.start.character, at.end.character) !== last.text) return [];
  const text = `exec ${shellQuote(fg)}`;
  return [{ title: `Run ${shellQuote(fg)} in the foreground`, edits: [{ range: at, newText: text }], isPreferred: true }];
}
