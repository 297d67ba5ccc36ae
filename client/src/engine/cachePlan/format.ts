// Words shared by the editor and `layerwise plan`.
import { Plan } from './types';

/** "Next build (BuildKit): 4 of 11 steps rerun, about 48 s (step times of the last build)". */
export function summaryLine(plan: Plan): string {
  const n = plan.steps.length;
  const time = plan.estimatedMs >= 100 ? `, about ${formatSeconds(plan.estimatedMs)} (step times of the last build)` : '';
  return `Next build (${plan.builder === 'buildkit' ? 'BuildKit' : 'classic builder'}): ${plan.rerun} of ${n} step${n === 1 ? '' : 's'} rerun${time}`;
}

export const formatSeconds = (ms: number) => (ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/** Why a step reruns, followed back to the first cause: "line 9 `COPY src/ ./src/`: src/app.ts changed". */
export function explainChain(plan: Plan, line: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  let step = plan.steps.find(s => s.line === line);
  while (step && !seen.has(step.line)) {
    seen.add(step.line);
    out.push(`line ${step.line + 1} \`${step.instruction}\`: ${step.cached ? 'cached' : step.reason}`);
    const cause = step.because?.filter(l => l !== step!.line).pop();
    step = cause === undefined ? undefined : plan.steps.find(s => s.line === cause);
  }
  return out;
}
