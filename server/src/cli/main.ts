// `layerwise lint|rules`: argument handling and the lint loop. Formats live in format/, inputs in files.ts.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { Severity } from '../analysis/types';
import { ruleCatalog, rulesMarkdown, rulesText } from './catalog';
import { PROFILES, Profile, isProfile } from '../rules/profiles';
import { EngineFacts, engineFactsFor } from './engineFacts';
import { UsageError, reason } from './errors';
import { STDIN, displayPath, resolveInputs } from './files';
import { readInputFd } from './read';
import { escapeControl } from './format/escape';
import { Counts } from './format/result';
import { LINT_FORMATS, LintFormat, PartRenderer, ReportWriter } from './format/report';
import { inspectCommand } from './inspect/command';
import { LintPool, workerCount } from './parallel';
import { FileOutcome, LintTask, lintFile } from './lintFile';
import { SettingsResolver } from './settings';
import { version } from '../../../package.json';
import { ENGINE_HELP, EngineCommand, parseEngineOptions } from './engine/options';
import { buildCommand } from './engine/build';
import { planCommand } from './engine/plan';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input's file descriptor (read only when `-` is an input, and never past the size limit). */
  stdinFd: number;
  cwd: string;
  /** Colour is used only on a terminal, and never when NO_COLOR is set. */
  color: boolean;
  /** The script worker threads run (dist/cli.js); without it, lint stays on this thread. */
  workerEntry?: string;
  /** Environment for build and plan (DOCKER_HOST, LAYERWISE_RECORDS, --build-arg KEY); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const HELP = `Usage: layerwise <command> [options]

Commands:
  lint [paths...]   Lint Dockerfiles: files, directories (searched for Dockerfile,
                    Containerfile, *.Dockerfile, Dockerfile.*) and globs; - reads stdin.
                    Without paths, lints the current directory.
  rules             List the rules: id, category, default severity, the profiles that
                    turn it on, hadolint/BuildKit equivalents, title.
  inspect IMAGE     What each layer of an image adds, modifies and removes, the bytes
                    it carries for nothing and dive's efficiency score, from the
                    Docker Engine (DOCKER_HOST). See docs/inspect.md.
  build [context]   Build an image through the Docker Engine and record each step's cache inputs
                    (\`layerwise build --help\`).
  plan [context]    Predict which steps the next build reruns, and why (\`layerwise plan --help\`).

Options for lint:
  -f, --format <f>               Output format: tty (default), json, sarif, checkstyle, gitlab
                                 (Code Quality), gnu or github (workflow annotations)
  -o, --output <file>            Write the report to a file instead of stdout
  -c, --config <file>            Use this config instead of the nearest .layerwise.json
      --profile <p>              recommended (default), strict (every rule) or hadolint
                                 (hadolint's rules and severities); wins over the config's
                                 "profile", while per-rule settings still win over both
      --max-warnings <n>         Exit with 1 when there are more than n warnings
      --fix                      Apply the preferred quick fixes and rewrite the files
      --engine                   Ask the Docker Engine (DOCKER_HOST, or --context/--host) for
                                 the base images' platform and ENV: enables
                                 invalid-base-image-platform and undefined-var's image check
Options for inspect:
  -f, --format <tty|json>               Output format (default: tty)
  -o, --output <file>                   Write the report to a file instead of stdout
      --dockerfile <file>               Map layers to the lines of this Dockerfile
      --lowest-efficiency <ratio>       Fail (exit 1) below this efficiency, e.g. 0.9
      --highest-wasted-bytes <size>     Fail above this many wasted bytes, e.g. 20MB
      --highest-user-wasted-percent <ratio>
                                        Fail when wasted bytes exceed this share of the
                                        bytes above the base layer, e.g. 0.1
      --no-cache                        Read the image again instead of the cached analysis
Engine selection (inspect, build, plan, lint --engine; same order as the docker CLI and the VS Code extension):
      --context <name>                  Use this Docker context; wins over DOCKER_HOST
  -H, --host <url>                      Use this engine (unix://, tcp://, ssh://user@host)
Options for rules:
  -f, --format <text|json|markdown>
      --profile <p>                     Only the rules this profile turns on
General:
  -h, --help                     Show this help
  -v, --version                  Show the version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings),
2 usage errors (unknown option, nothing matched, unreadable file or config).
inspect: 0 every gate passed, 1 a gate failed, 2 usage or engine errors.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  profile: { type: 'string' },
  engine: { type: 'boolean' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  dockerfile: { type: 'string' },
  'lowest-efficiency': { type: 'string' },
  'highest-wasted-bytes': { type: 'string' },
  'highest-user-wasted-percent': { type: 'string' },
  'no-cache': { type: 'boolean' },
  context: { type: 'string' },
  host: { type: 'string', short: 'H' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** lint and rules answer at once; inspect, build and plan talk to the engine and answer with a promise. */
export function run(argv: string[], io: Io): number | Promise<number> {
  if (argv[0] === 'build' || argv[0] === 'plan') return engineCommand(argv[0], argv.slice(1), io);
  const usage = (error: unknown): number => {
    if (error instanceof UsageError) {
      io.stderr(`layerwise: ${escapeControl(error.message)}\n`);
      return 2;
    }
    throw error;
  };
  try {
    const code = dispatch(argv, io);
    return typeof code === 'number' ? code : code.catch(usage);
  } catch (error) {
    return usage(error);
  }
}

async function engineCommand(command: EngineCommand, argv: string[], io: Io): Promise<number> {
  try {
    const options = parseEngineOptions(command, argv, io.cwd, io.env ?? process.env);
    if (options.help) { io.stdout(ENGINE_HELP[command]); return 0; }
    return await (command === 'build' ? buildCommand : planCommand)(options, io, io.env ?? process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`layerwise: ${error.message}\n`);
      return 2;
    }
    io.stderr(`layerwise: ${command} failed unexpectedly: ${(error as Error)?.message ?? error}; please report this.\n`);
    return 2;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${parseProblem(error, argv)} Run \`layerwise --help\` for the options.`);
  }
}

/** Our own sentence for util.parseArgs' errors (its text suggests syntax this CLI does not document). */
function parseProblem(error: unknown, argv: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const at = argv.findIndex(a => a === option || (OPTIONS[option.slice(2) as keyof typeof OPTIONS] as { short?: string })?.short === a.slice(1));
    const value = at >= 0 ? argv[at + 1] : undefined;
    if (/does not take an argument/.test(message)) return `${option} takes no value.`;
    if (option === '--max-warnings' && value !== undefined) return maxWarningsProblem(value);
    return value === undefined ? `${option} needs a value.` : `${option} needs a value; to pass "${value}", write ${option}=${value}.`;
  }
  const unknown = /^Unknown option '([^']*)'/.exec(message)?.[1];
  if (unknown) return `Unknown option '${unknown}'.`;
  return `${message.split('. ')[0]}.`;
}

function maxWarningsProblem(value: string): string {
  return `--max-warnings needs a whole number of 0 or more (like 0 or 10), not "${value}".`;
}

function dispatch(argv: string[], io: Io): number | Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version) { io.stdout(`${version}\n`); return 0; }
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') { io.stdout(HELP); return 0; }
  if (command === undefined) { io.stderr(HELP); return 2; }
  if ((values.context !== undefined || values.host !== undefined) && (command === 'rules' || (command === 'lint' && !values.engine))) {
    throw new UsageError(`--context and --host choose a Docker engine; ${command} does not use one${command === 'lint' ? ' unless --engine is given' : ''}.`);
  }
  if (command === 'rules') return rulesCommand(values.format ?? 'text', values.profile, io);
  if (command === 'lint' && values.engine) return lintWithEngine(rest.length ? rest : ['.'], values, io);
  if (command === 'lint') return lintCommand(rest.length ? rest : ['.'], values, io);
  if (command === 'inspect') return inspectCommand(rest, values, io);
  const looksLikePath = fs.existsSync(path.resolve(io.cwd, command));
  throw new UsageError(`Unknown command "${command}".${looksLikePath ? ` To lint it, run \`layerwise lint ${command}\`.` : ' Commands: lint, rules, inspect, build, plan.'}`);
}

function rulesCommand(format: string, profile: string | undefined, io: Io): number {
  if (profile !== undefined && !isProfile(profile)) throw new UsageError(`Unknown profile "${escapeControl(profile)}"; use ${PROFILES.join(', ')}.`);
  // --profile lists the rules that profile turns on.
  const rules = ruleCatalog().filter(r => profile === undefined || r.profiles[profile] !== 'off');
  if (format === 'text' || format === 'tty') io.stdout(rulesText(rules));
  else if (format === 'json') io.stdout(JSON.stringify(rules, null, 2) + '\n');
  else if (format === 'markdown') io.stdout(rulesMarkdown(rules));
  else throw new UsageError(`Unknown format "${format}" for rules; use text, json or markdown.`);
  return 0;
}

type Values = ReturnType<typeof parse>['values'];

/** `lint --engine`: the base images' platform and ENV from the engine first (engineFacts.ts), then the same lint. */
function lintWithEngine(args: string[], values: Values, io: Io): Promise<number> {
  const warn = (message: string) => io.stderr(`layerwise: ${escapeControl(message)}\n`);
  const { files } = resolveInputs(args, io.cwd);
  return engineFactsFor(files, { host: values.host, context: values.context }, io.env ?? process.env, warn).then(facts => lintCommand(args, values, io, facts));
}

function lintCommand(args: string[], values: Values, io: Io, facts: EngineFacts = {}): number | Promise<number> {
  const format = (values.format ?? 'tty') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new UsageError(`Unknown format "${escapeControl(format)}"; use ${LINT_FORMATS.join(', ')}.`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    // Decimal digits only: Number() would take '', ' 7', '0x10' and '1e3'.
    const raw = values['max-warnings'];
    if (!/^\d{1,15}$/.test(raw)) throw new UsageError(maxWarningsProblem(raw));
    maxWarnings = Number(raw);
  }
  if (values.fix && args.includes(STDIN)) throw new UsageError('--fix rewrites files and cannot be used with - (stdin).');
  if (values.profile !== undefined && !isProfile(values.profile)) {
    throw new UsageError(`Unknown profile "${escapeControl(values.profile)}"; use ${PROFILES.join(', ')}.`);
  }
  const profile = values.profile as Profile | undefined;
  // File names and messages quote text from the files: no control character reaches the terminal raw.
  const warn = (message: string) => io.stderr(`layerwise: ${escapeControl(message)}\n`);
  const { files: inputs, problems } = resolveInputs(args, io.cwd);
  problems.forEach(warn);
  if (inputs.length === 0) return 2;
  if (values.output) refuseOutputOverInput(path.resolve(io.cwd, values.output), values.output, inputs);

  // Many files without --fix: on worker threads, started now so they load while the configs are looked up.
  const workers = values.fix || !io.workerEntry ? 1 : workerCount(inputs.length);
  const pool = workers > 1 ? new LintPool(io.workerEntry as string, workers) : undefined;
  let tasks: LintTask[];
  const thresholds: Array<Severity | 'none'> = [];
  const settings = new SettingsResolver(warn, io.cwd, values.config && path.resolve(io.cwd, values.config), profile, facts);
  try {
    // Every input's configs first (once per directory): a broken config stops the run before any report.
    tasks = inputs.map(file => {
      const shown = displayPath(file, io.cwd);
      const { index, threshold } = settings.forDirectory(file === STDIN ? io.cwd : path.dirname(file));
      thresholds.push(threshold);
      return { file, shown, settings: index, ...(file === STDIN ? { stdin: readInputFd(io.stdinFd, shown) } : {}) };
    });
  } catch (error) {
    pool?.stop();
    throw error;
  }

  // The report streams out in input order; with --output it is written whole at the end.
  const color = format === 'tty' && io.color && !values.output;
  const kept: string[] = [];
  const writer = new ReportWriter(format, color, values.output ? text => kept.push(text) : io.stdout);
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0, fixed: 0 };
  let inputProblems = problems.length;
  let linted = 0;
  let failed = false;
  const take = (outcome: FileOutcome, i: number) => {
    outcome.warnings.forEach(warn);
    inputProblems += outcome.problems;
    if (!outcome.linted) return;
    linted++;
    for (const k of Object.keys(counts) as Array<keyof Counts>) counts[k] += outcome.counts[k];
    failed ||= reachesThreshold(outcome.counts, thresholds[i]);
    writer.add(outcome.part);
  };
  const finish = () => {
    writer.end(linted, counts);
    return exitCode(kept, values, io, inputProblems, failed, counts, maxWarnings, warn);
  };

  if (pool) return pool.run({ format, color, settings: settings.table }, tasks, take).then(finish);
  // Few files, or --fix: here, one after the other.
  const renderer = new PartRenderer(format, color);
  tasks.forEach((task, i) => take(lintFile(task, settings.table[task.settings], renderer, !!values.fix), i));
  return finish();
}

function exitCode(
  kept: string[], values: Values, io: Io, inputProblems: number, failed: boolean, counts: Counts,
  maxWarnings: number | undefined, warn: (message: string) => void,
): number {
  if (values.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, values.output), kept.join(''));
    } catch (error) {
      throw new UsageError(`Cannot write the report to ${values.output}: ${reason(error)}.`);
    }
  }
  if (inputProblems > 0) return 2;
  if (failed) return 1;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) {
    warn(`${counts.warning} warnings is more than --max-warnings ${maxWarnings}.`);
    return 1;
  }
  return 0;
}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function reachesThreshold(counts: Counts, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && (Object.keys(RANK) as Severity[]).some(s => counts[s] > 0 && RANK[s] >= RANK[threshold]);
}

/** `-o Dockerfile` would replace a file being linted with the report. */
function refuseOutputOverInput(output: string, shown: string, inputs: string[]): void {
  const real = (p: string) => { try { return fs.realpathSync(p); } catch { return path.resolve(p); } };
  const target = real(output);
  if (inputs.some(i => i !== STDIN && real(i) === target)) {
    throw new UsageError(`--output ${shown} is one of the files being linted; the report would replace it. Choose another file.`);
  }
}
