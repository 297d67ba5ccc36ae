// `layerwise lint|rules`: argument handling and the lint loop. Formats live in format/, inputs in files.ts.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { analyze, Analysis } from '../analysis/analyze';
import { AnalysisOptions } from '../analysis/types';
import { ruleCatalog, rulesMarkdown, rulesText } from './catalog';
import { ConfigResolver, LintConfig } from './config';
import { UsageError, reason } from './errors';
import { STDIN, contextFilesOf, displayPath, resolveInputs } from './files';
import { fixText } from './fix';
import { FileResult, countFindings } from './format/result';
import { formatTty } from './format/tty';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { version } from '../../../package.json';
import { ENGINE_HELP, EngineCommand, parseEngineOptions } from './engine/options';
import { buildCommand } from './engine/build';
import { planCommand } from './engine/plan';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  cwd: string;
  /** Colour is used only on a terminal, and never when NO_COLOR is set. */
  color: boolean;
  /** Environment for build and plan (DOCKER_HOST, LAYERWISE_RECORDS, --build-arg KEY); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const HELP = `Usage: layerwise <command> [options]

Commands:
  lint [paths...]   Lint Dockerfiles: files, directories (searched for Dockerfile,
                    Containerfile, *.Dockerfile, Dockerfile.*) and globs; - reads stdin.
                    Without paths, lints the current directory.
  rules             List the rules (id, category, default severity, title).
  build [context]   Build an image through the Docker Engine and record each step's cache inputs
                    (\`layerwise build --help\`).
  plan [context]    Predict which steps the next build reruns, and why (\`layerwise plan --help\`).

Options for lint:
  -f, --format <tty|json|sarif>  Output format (default: tty)
  -o, --output <file>            Write the report to a file instead of stdout
  -c, --config <file>            Use this config instead of the nearest .layerwise.json
      --max-warnings <n>         Exit with 1 when there are more than n warnings
      --fix                      Apply the preferred quick fixes and rewrite the files
Options for rules:
  -f, --format <text|json|markdown>
General:
  -h, --help                     Show this help
  -v, --version                  Show the version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings),
2 usage errors (unknown option, nothing matched, unreadable file or config).
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** lint and rules answer synchronously; build and plan talk to the engine and return a promise. */
export function run(argv: string[], io: Io): number | Promise<number> {
  if (argv[0] === 'build' || argv[0] === 'plan') return engineCommand(argv[0], argv.slice(1), io);
  try {
    return dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`layerwise: ${error.message}\n`);
      return 2;
    }
    throw error;
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
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw new UsageError(`${message}. Run \`layerwise --help\` for the options.`);
  }
}

function dispatch(argv: string[], io: Io): number {
  const { values, positionals } = parse(argv);
  if (values.version) { io.stdout(`${version}\n`); return 0; }
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') { io.stdout(HELP); return 0; }
  if (command === undefined) { io.stderr(HELP); return 2; }
  if (command === 'rules') return rulesCommand(values.format ?? 'text', io);
  if (command === 'lint') return lintCommand(rest.length ? rest : ['.'], values, io);
  const looksLikePath = fs.existsSync(path.resolve(io.cwd, command));
  throw new UsageError(`Unknown command "${command}".${looksLikePath ? ` To lint it, run \`layerwise lint ${command}\`.` : ' Commands: lint, rules, build, plan.'}`);
}

function rulesCommand(format: string, io: Io): number {
  const rules = ruleCatalog();
  if (format === 'text' || format === 'tty') io.stdout(rulesText(rules));
  else if (format === 'json') io.stdout(JSON.stringify(rules, null, 2) + '\n');
  else if (format === 'markdown') io.stdout(rulesMarkdown(rules));
  else throw new UsageError(`Unknown format "${format}" for rules; use text, json or markdown.`);
  return 0;
}

type Values = ReturnType<typeof parse>['values'];

function lintCommand(args: string[], values: Values, io: Io): number {
  const format = values.format ?? 'tty';
  if (!['tty', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown format "${format}"; use tty, json or sarif.`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings needs a whole number of 0 or more, not "${values['max-warnings']}".`);
  }
  if (values.fix && args.includes(STDIN)) throw new UsageError('--fix rewrites files and cannot be used with - (stdin).');
  const warn = (message: string) => io.stderr(`layerwise: ${message}\n`);
  const { files: inputs, problems } = resolveInputs(args, io.cwd);
  problems.forEach(warn);
  if (inputs.length === 0) return 2;
  const configs = new ConfigResolver(warn, values.config && path.resolve(io.cwd, values.config));

  let inputProblems = problems.length;
  const results: FileResult[] = [];
  for (const file of inputs) {
    const shown = displayPath(file, io.cwd);
    let text: string;
    try {
      text = file === STDIN ? io.readStdin() : fs.readFileSync(file, 'utf8');
    } catch (error) {
      warn(`Cannot read ${shown}: ${reason(error)}.`);
      inputProblems++;
      continue;
    }
    if (text.slice(0, 8192).includes('\0')) {
      warn(`Skipped ${shown}: it looks like a binary file, not a Dockerfile.`);
      inputProblems++;
      continue;
    }
    const config = configs.forDirectory(file === STDIN ? io.cwd : path.dirname(file));
    const options = analysisOptions(config, file, warn);
    let analysis: Analysis;
    let fixed: number | undefined;
    if (values.fix) {
      const outcome = fixText(text, options);
      analysis = outcome.analysis;
      if (outcome.applied > 0) {
        try {
          fs.writeFileSync(file, outcome.text);
          fixed = outcome.applied;
        } catch (error) {
          warn(`Cannot write the fixes to ${shown}: ${reason(error)}.`);
          inputProblems++;
          analysis = analyze(text, options);
        }
      }
    } else {
      analysis = analyze(text, options);
    }
    results.push({ path: shown, lines: analysis.model.lines, findings: analysis.findings, fixed });
  }

  const rules = ruleCatalog();
  const report = format === 'json' ? formatJson(results, new Map(rules.map(r => [r.id, r])))
    : format === 'sarif' ? formatSarif(results, rules, version)
      : formatTty(results, io.color && !values.output);
  if (values.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, values.output), report);
    } catch (error) {
      throw new UsageError(`Cannot write the report to ${values.output}: ${reason(error)}.`);
    }
  } else {
    io.stdout(report);
  }

  if (inputProblems > 0) return 2;
  const counts = countFindings(results);
  if (counts.error > 0) return 1;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) {
    warn(`${counts.warning} warnings is more than --max-warnings ${maxWarnings}.`);
    return 1;
  }
  return 0;
}

function analysisOptions(config: LintConfig, file: string, warn: (m: string) => void): AnalysisOptions {
  const reported = new Set<string>();
  return {
    rules: config.rules,
    baseImageLabelKeys: config.baseImageLabelKeys,
    syntaxChecks: config.syntaxChecks,
    contextFiles: contextFilesOf(file),
    onRuleError: (ruleId, error) => {
      if (reported.has(ruleId)) return;
      reported.add(ruleId);
      warn(`rule ${ruleId} failed on ${displayPath(file)} and was skipped (${reason(error)}); please report this.`);
    },
  };
}
