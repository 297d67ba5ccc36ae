import { StageRule, RuleFinding } from '../../rule';
import { describe } from '../../edits';
import { parseImageRef } from './imageRef';
import { emptyList } from '../../../analysis/lists';

/** hadolint's patterns: `*` (any), `*.example.com` (suffix), `registry.*` (prefix), else the exact host. */
export function registryAllowed(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}

/** Whether an image may be pulled, given the trusted registries (Docker Hub names count as docker.io or hub.docker.com). */
export function imageAllowed(image: string, trusted: string[]): boolean {
  const ref = parseImageRef(image);
  if (ref.registry === undefined) {
    return ref.name === 'scratch' || trusted.some(p => registryAllowed(p, 'docker.io') || registryAllowed(p, 'hub.docker.com'));
  }
  return trusted.some(p => registryAllowed(p, ref.registry as string));
}

// With `trustedRegistries` configured, every image the build pulls must come from one of them.
export const untrustedRegistry: StageRule = {
  id: 'untrusted-registry', category: 'security', severity: 'error', hadolintSeverity: 'error',
  title: 'Image pulled from a registry not in `trustedRegistries`',
  equivalents: { hadolint: ['DL3026'] },
  explanation: 'When a team lists its trusted registries (`layerwise.trustedRegistries`, `.layerwise.json` or `.hadolint.yaml`), '
    + 'a base image, `COPY --from` image or `RUN --mount=from=` image from anywhere else is flagged: it bypasses the mirror or '
    + 'the vetted images. Silent when no list is configured.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    const trusted = ctx.trustedRegistries ?? [];
    if (trusted.length === 0) return [];
    const out: RuleFinding[] = emptyList();
    const clause = stage.from.fromClause;
    // Variables are judged by what they expand to only when that is known; stage names are not images.
    if (clause?.image && stage.parent === undefined && stage.imageComplete && !imageAllowed(stage.expandedImage, trusted)) {
      out.push({ message: `Use only an allowed registry in the FROM image: '${stage.expandedImage}' is not from ${list(trusted)}.`, range: clause.imageRange ?? stage.from.range });
    }
    for (const copy of stage.copies) {
      if (copy.from === undefined || copy.fromStage !== undefined || copy.from.includes('$') || imageAllowed(copy.from, trusted)) continue;
      const flag = copy.instr.flagList.find(f => f.name.toLowerCase() === 'from');
      out.push({ message: `Use only an allowed registry: ${describe(model, copy.instr)} copies from '${copy.from}', which is not from ${list(trusted)}.`, range: flag?.valueRange ?? copy.instr.range });
    }
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'RUN') continue;
      for (const flag of instr.flagList) {
        if (flag.name.toLowerCase() !== 'mount') continue;
        const from = flag.options.find(o => o.name.toLowerCase() === 'from');
        const value = from?.value ?? '';
        // A bare name (`from=build`) is usually a stage, which this stage's view cannot resolve: only references with a registry or a tag are judged.
        if (!from || value === '' || value.includes('$') || !/[/:@]/.test(value) || imageAllowed(value, trusted)) continue;
        out.push({ message: `Use only an allowed registry: ${describe(model, instr)} mounts from '${value}', which is not from ${list(trusted)}.`, range: from.valueRange ?? instr.range });
      }
    }
    return out;
  },
};

function list(trusted: string[]): string {
  return trusted.length === 1 ? `the trusted registry ${trusted[0]}` : `the trusted registries (${trusted.join(', ')})`;
}
