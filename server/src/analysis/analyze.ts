// The one entry point the LSP server, the CLI and the tests share: text in, findings out.
// Per-stage rules run once per changed stage (results are cached by stage key, see
// stageScope.ts, and shifted to where the stage is now); file rules run on every version.
import { parseDockerfile, DockerfileModel, StageResult, StageResults } from './model';
import { AnalysisOptions, DEFAULT_BASE_IMAGE_LABEL_KEYS, Finding, Severity } from './types';
import { readSuppressions, isSuppressed, suppressionFixes, instructionAt } from './suppressions';
import { KEPT_PER_STEP, syntaxFindingSteps } from './syntax';
import { readCheckDirective, skipsCheck } from './pragmas/buildkitCheck';
import { nonPosixRuns } from './pragmas/hadolintShell';
import { checkLimits, skippedModel, TOO_LARGE_ID } from './limits';
import { stageScopes, stageView } from './stageScope';
import { renderLineRefs, shiftLineRefs } from './lineRefs';
import { isLabelKey } from './labelKey';
import { RULES_BY_ID, SYNTAX_RULE, isTemplate } from '../rules';
import { BaseImageFacts, Rule, RuleContext, RuleFinding } from '../rules/rule';
import { RuleSetup, ruleSetup, severityOf } from './ruleSetup';
import { sortByPosition } from './findingOrder';
import { emptyList, listOf, packedCopy } from './lists';

export interface Analysis { model: DockerfileModel; findings: Finding[] }

/** An analysis as steps: each `yield` is a point where the caller may pause (or drop) it. */
export type AnalysisSteps = Generator<void, Analysis, void>;

export function analyze(text: string, options: AnalysisOptions = {}): Analysis {
  return runToEnd(analysisSteps(text, options));
}

export function analyzeModel(model: DockerfileModel, options: AnalysisOptions = {}): Analysis {
  return runToEnd(modelAnalysisSteps(model, options));
}

/** Runs every step at once (the CLI, the tests); the language server runs them in slices. */
export function runToEnd(steps: AnalysisSteps): Analysis {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * analyze() in steps: the same code in the same order, so pausing between steps changes nothing
 * (test/fuzz: slicedAnalysis). Steps: size check, parse, each file rule, each stage whose rules
 * run (kept results: every KEPT_PER_STEP stages), each chunk's syntax checks (likewise), then
 * suppressions and sorting.
 */
export function* analysisSteps(text: string, options: AnalysisOptions = {}): AnalysisSteps {
  const limits = checkLimits(text, options);
  if (limits.finding) {
    const off = options.rules?.[TOO_LARGE_ID] === 'off';
    return { model: skippedModel(text, limits.lines), findings: off ? [] : [limits.finding] };
  }
  yield;
  // The size check already split the text (and, for large files, found the instruction extents).
  const model = parseDockerfile(text, { previous: options.previous, lines: limits.lines, spans: limits.spans });
  yield;
  return yield* modelAnalysisSteps(model, options);
}

export function* modelAnalysisSteps(model: DockerfileModel, options: AnalysisOptions = {}): AnalysisSteps {
  const overrides = options.rules ?? {};
  const ctx: RuleContext = {
    baseImageLabelKeys: labelKeys(options.baseImageLabelKeys),
    contextFiles: options.contextFiles,
    readContextFile: onceEach(options.readContextFile),
    labelSchema: options.labelSchema,
    strictLabels: options.strictLabels,
    trustedRegistries: options.trustedRegistries,
    dockerfileName: options.dockerfileName,
    baseImage: baseImageLookup(options.baseImages),
    enginePlatform: options.enginePlatform,
  };
  // A template ({{ … }} placeholders) gets one note and nothing else (rules/templateFile.ts).
  const template = isTemplate(model);
  const setup = ruleSetup(options, template);
  // Findings per rule, in rule order, so the output order is the same however they were computed.
  // Indexed by the rule's position among the enabled ones; a list only for rules that report.
  const byRule: Array<Finding[] | undefined> = new Array(setup.enabledIds.length);
  for (const rule of setup.fileRules) {
    try {
      const found = rule.check(model, ctx);
      if (found.length === 0) continue;
      const list = byRule[setup.position.get(rule.id)!] ??= [];
      for (const f of found) list.push(fileFinding(f, rule, setup));
    } catch (error) {
      options.onRuleError?.(rule.id, error);
    }
    yield;
  }
  yield* runStageRules(model, setup, ctx, options, byRule);
  const raw: Finding[] = emptyList();
  for (const list of byRule) if (list) for (const f of list) raw.push(f);
  if (!template && options.syntaxChecks !== false && overrides['syntax'] !== 'off') {
    try {
      const setting = overrides['syntax'] as Severity | undefined;
      for (const f of yield* syntaxFindingSteps(model)) raw.push(setting ? { ...f, severity: setting } : f);
    } catch (error) {
      options.onRuleError?.(SYNTAX_RULE.id, error);
    }
    yield;
  }
  // The previous version's results have served their purpose: let them be collected.
  if (model.reuse) { model.reuse.previousSyntax = undefined; model.reuse.previousStageResults = undefined; model.reuse.earlier = undefined; model.reuse.previousScopes = undefined; }
  const suppressions = readSuppressions(model);
  const findings: Finding[] = emptyList();
  // BuildKit's `# check=skip=…;error=true` directive applies to the rules that are build checks.
  const check = readCheckDirective(model.lines);
  // RUNs a non-POSIX shell runs (`# hadolint shell=pwsh`, SHELL ["powershell", …]): no POSIX-shell rule applies.
  const nonPosix = nonPosixRuns(model);
  // The usual file (no suppression comment, check directive or non-POSIX shell) keeps every
  // finding as it is: nothing to look up per finding when the caller wants no suppress fixes.
  const untouched = !check && nonPosix.size === 0 && suppressions.global.size === 0 && suppressions.byInstruction.size === 0 && options.suppressionFixes === false;
  for (let f of untouched ? [] : raw) {
    const rule = RULES_BY_ID.get(f.ruleId);
    const category = rule?.category ?? 'syntax';
    if (isSuppressed(f, suppressions, model, category)) continue;
    if (rule?.readsShell && nonPosix.size > 0 && nonPosix.has(instructionAt(model, f.range.start.line)?.index ?? -1)) continue;
    if (check && skipsCheck(check, rule?.equivalents?.buildkit)) continue;
    if (check?.error && rule?.equivalents?.buildkit?.length && overrides[rule.id] === undefined) f = { ...f, severity: 'error' };
    findings.push(options.suppressionFixes === false ? f : { ...f, fixes: [...(f.fixes ?? []), ...suppressionFixes(f, model)] });
  }
  return { model, findings: sortByPosition(untouched ? raw : findings, model.lines.length) };
}

/**
 * A file rule's finding as published: a copy, never the rule's object changed in place, because
 * rules that keep per-stage summaries (stageMemo.ts) return the same objects while a stage is
 * unchanged. So does this (per severity), and so do their diagnostics (diagnostics.ts).
 */
const published = new WeakMap<RuleFinding, Finding>();
function fileFinding(f: RuleFinding, rule: Rule, setup: RuleSetup): Finding {
  const severity = severityOf(setup, rule, f.severity, f.hadolintSeverity);
  const hit = published.get(f);
  if (hit && hit.ruleId === rule.id && hit.severity === severity) return hit;
  const { hadolintSeverity: _, ...rest } = f;
  const out = rendered({ ...rest, ruleId: rule.id, severity });
  published.set(f, out);
  return out;
}

/** A context file is read at most once per analysis, however many stages (and cache checks) ask for it. */
function onceEach(read: ((file: string) => string | undefined) | undefined): typeof read {
  if (!read) return undefined;
  const seen = new Map<string, string | undefined>();
  return file => {
    if (!seen.has(file)) seen.set(file, read(file));
    return seen.get(file);
  };
}

/** Engine facts by image reference; `node` and `node:latest` name the same image. */
function baseImageLookup(images: AnalysisOptions['baseImages']): RuleContext['baseImage'] {
  if (!images) return undefined;
  return ref => images[ref] ?? (/[:@][^/]*$/.test(ref) ? undefined : images[ref + ':latest']) as BaseImageFacts | undefined;
}

/** Configured keys that a label key may be (they reach inserted text), else the defaults. */
function labelKeys(configured: string[] | undefined): string[] {
  const valid = (configured ?? []).filter(isLabelKey);
  return valid.length > 0 ? valid : DEFAULT_BASE_IMAGE_LABEL_KEYS;
}

/**
 * A stage rule's finding as analyze() reports it. Stage rules hand out fresh objects on every call, so the
 * id and severity are added in place (same key order as a copy would have), one object less per
 * finding; only a finding that carries hadolint's severity is copied, without that field.
 */
function withRule(f: RuleFinding, rule: Rule, setup: RuleSetup): Finding {
  let out: Finding;
  if ('hadolintSeverity' in f) {
    const { hadolintSeverity, ...rest } = f;
    out = { ...rest, ruleId: rule.id, severity: severityOf(setup, rule, f.severity, hadolintSeverity) };
  } else {
    out = f as Finding;
    out.ruleId = rule.id;
    out.severity = severityOf(setup, rule, f.severity);
  }
  // Rules build these lists with literals or map(), which give lists of different elements kinds
  // (see lists.ts): one kind, so the code that shifts and renders findings is not re-optimised for each.
  if (out.fixes) out.fixes = packedCopy(out.fixes);
  if (out.related) out.related = packedCopy(out.related);
  return out;
}

function* runStageRules(model: DockerfileModel, setup: RuleSetup, ctx: RuleContext, options: AnalysisOptions, byRule: Array<Finding[] | undefined>): Generator<void, void, void> {
  const rules = setup.stageRules;
  if (rules.length === 0 || model.stages.length === 0) return;
  const optionsKey = setup.stageRulesKey + JSON.stringify([ctx.baseImageLabelKeys, ctx.contextFiles ?? null, ctx.trustedRegistries ?? null, ctx.labelSchema ?? null, !!ctx.strictLabels,
    options.dockerfileName ?? null, options.baseImages ?? null, options.enginePlatform ?? null]);
  const scopes = stageScopes(model, optionsKey);
  const previous = model.reuse?.previousStageResults;
  const store = model.reuse?.stageResults;
  // The same model analysed again (other options): its own results so far are looked up as well.
  const again = store && store.keys.length > 0 ? { keys: store.keys, results: store.results } : undefined;
  if (store) { store.keys = []; store.results = []; }
  // Stages' results share their read sets (every stage reads the same .dockerignore): each set is
  // checked once per analysis, not once per stage.
  const stillRead = new Map<ReadSet, boolean>();
  let lastReads: ReadSet | undefined;
  let kept = 0;
  // Stages added (or removed) above a stage move it this many places: its result is looked for there too.
  const moved = previous ? model.stages.length - previous.keys.length : 0;
  for (const stage of model.stages) {
    const key = scopes.keys[stage.index];
    const start = scopes.extents[stage.index].startLine;
    let result: StageResult | undefined = resultFor(previous, stage.index, key) ?? (moved !== 0 ? resultFor(previous, stage.index - moved, key) : undefined)
      ?? resultFor(again, stage.index, key);
    if (result?.reads) {
      let same = stillRead.get(result.reads);
      if (same === undefined) stillRead.set(result.reads, (same = readsSame(result.reads, ctx)));
      if (same) lastReads = result.reads; else result = undefined;
    }
    const ran = !result;
    if (!result) {
      const view = stageView(model, stage, scopes.inputs[stage.index], scopes.ships[stage.index]);
      const fresh: StageResult = result = { startLine: start, findings: emptyList(), reads: undefined, placed: undefined };
      // Files a rule reads are part of what the result depends on: recorded, and checked on re-use.
      const read = ctx.readContextFile;
      const stageCtx: RuleContext = !read ? ctx : {
        ...ctx,
        readContextFile: file => { const text = read(file); (fresh.reads ??= new Map()).set(file, text); return text; },
      };
      for (const rule of rules) {
        try {
          for (const f of rule.checkStage(stage, view, stageCtx)) result.findings.push(withRule(f, rule, setup));
        } catch (error) {
          options.onRuleError?.(rule.id, error);
        }
      }
      if (fresh.reads && lastReads && sameReads(fresh.reads, lastReads)) fresh.reads = lastReads;
      lastReads = fresh.reads ?? lastReads;
    }
    if (store) { store.keys.push(key); store.results.push(result); }
    if (result.placed?.at !== start) {
      const delta = start - result.startLine;
      const findings = listOf(result.findings, f => rendered(delta === 0 ? f : shifted(f, delta)));
      result.placed = { at: start, findings, setup, slots: slotsOf(findings, setup) };
    }
    const placed = result.placed;
    // Each finding's rule position, looked up once per placement and rule setup.
    if (placed.setup !== setup) { placed.setup = setup; placed.slots = slotsOf(placed.findings, setup); }
    const slots = placed.slots;
    for (let n = 0; n < slots.length; n++) if (slots[n] >= 0) (byRule[slots[n]] ??= []).push(placed.findings[n]);
    if (ran || ++kept >= KEPT_PER_STEP) { kept = 0; yield; }
  }
}

function slotsOf(findings: Finding[], setup: RuleSetup): number[] {
  return findings.map(f => setup.position.get(f.ruleId) ?? -1);
}

/** The result a version had for `key` at stage index `index` (a key is looked for where its stage was, not in a map). */
function resultFor(results: StageResults | undefined, index: number, key: string): StageResult | undefined {
  return results && results.keys[index] === key ? results.results[index] : undefined;
}

type ReadSet = NonNullable<StageResult['reads']>;

/** The context files still read as they did when the result was computed. */
function readsSame(reads: ReadSet, ctx: RuleContext): boolean {
  for (const [file, text] of reads) if (ctx.readContextFile?.(file) !== text) return false;
  return true;
}

function sameReads(a: ReadSet, b: ReadSet): boolean {
  if (a.size !== b.size) return false;
  for (const [file, text] of a) if (b.get(file) !== text || !b.has(file)) return false;
  return true;
}

type Ranged = { range: Finding['range'] };

function shiftRange<T extends Ranged>(x: T, d: number): T {
  const r = x.range;
  return { ...x, range: { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } } };
}

/** A cached finding moved `d` lines down (up when negative), messages included. */
function shifted(f: Finding, d: number): Finding {
  const out = shiftRange(f, d);
  out.message = shiftLineRefs(f.message, d);
  if (f.related) out.related = listOf(f.related, r => ({ ...shiftRange(r, d), message: shiftLineRefs(r.message, d) }));
  if (f.fixes) out.fixes = listOf(f.fixes, fix => ({ ...fix, title: shiftLineRefs(fix.title, d), edits: listOf(fix.edits, e => shiftRange(e, d)) }));
  return out;
}

/** The finding with plain line numbers in its texts (the same object when there are none). */
function rendered(f: Finding): Finding {
  const message = renderLineRefs(f.message);
  const marked = message !== f.message || f.related?.some(r => r.message !== renderLineRefs(r.message)) || f.fixes?.some(x => x.title !== renderLineRefs(x.title));
  if (!marked) return f;
  const out: Finding = { ...f, message };
  if (f.related) out.related = listOf(f.related, r => ({ ...r, message: renderLineRefs(r.message) }));
  if (f.fixes) out.fixes = listOf(f.fixes, x => ({ ...x, title: renderLineRefs(x.title) }));
  return out;
}
