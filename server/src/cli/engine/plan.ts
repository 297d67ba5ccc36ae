// `layerwise plan`: the cache prediction the editor shows, as text or JSON.
import { BuildRecordStore, Engine, EngineError, Plan, PlanError, defaultRecordsDir, isSecretArgName, planNextBuild } from '../../../../client/src/engine';
import { summaryLine } from '../../../../client/src/engine/cachePlan/format';
import { engineOptionsFromArgs } from '../../../../client/src/engine/endpoint';
import { EngineCommandOptions } from './options';
import type { Io } from '../main';

export async function planCommand(o: EngineCommandOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const engine = new Engine(engineOptionsFromArgs({ host: o.host, context: o.context }, env));
  let plan: Plan;
  try {
    plan = await planNextBuild(engine, {
      dockerfilePath: o.dockerfilePath, contextDir: o.contextDir, target: o.target, buildArgs: o.buildArgs, builder: o.builder,
      records: new BuildRecordStore(defaultRecordsDir(env)), isSecretArg: isSecretArgName,
    });
  } catch (error) {
    if (error instanceof PlanError || error instanceof EngineError) {
      io.stderr(`layerwise: ${error.message}\n`);
      return 2;
    }
    io.stderr(`layerwise: the prediction failed: ${(error as Error)?.message ?? error}\n`);
    return 2;
  } finally {
    engine.dispose();
  }
  for (const p of plan.problems) io.stderr(`layerwise: ${p}\n`);
  if (o.format === 'json') {
    const steps = plan.steps.map(s => ({ line: s.line + 1, instruction: s.instruction, cached: s.cached, reason: s.reason }));
    io.stdout(JSON.stringify({ steps, ...(plan.notice ? { notice: plan.notice } : {}) }, null, 2) + '\n');
    return 0;
  }
  io.stdout(formatPlan(plan, io.color));
  return 0;
}

export function formatPlan(plan: Plan, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  if (plan.notice) out.push(plan.notice);
  out.push(summaryLine(plan));
  const width = Math.min(60, Math.max(0, ...plan.steps.map(s => s.instruction.length)));
  for (const s of plan.steps) {
    const verdict = s.cached ? paint('32', 'cached') : paint('33', 'reruns');
    const note = s.cached ? (s.reason === 'cached' ? '' : `  (${s.reason.replace(/^cached; /, '')})`) : `: ${s.reason}`;
    out.push(`  ${String(s.line + 1).padStart(4)}  ${truncate(s.instruction, width).padEnd(width)}  ${verdict}${note}`);
  }
  return out.join('\n') + '\n';
}

const truncate = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
