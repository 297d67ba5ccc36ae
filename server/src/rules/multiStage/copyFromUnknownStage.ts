import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { editDistance, stageReferences, stagesByName, StageRef } from '../../analysis/stageRefs';
import { DockerfileModel } from '../../analysis/model';
import { Fix } from '../../analysis/types';
import { emptyList, listOf } from '../../analysis/lists';

// Official images people copy from directly (`COPY --from=nginx ...`): a bare name like these is an image, not a typo.
const KNOWN_IMAGES = new Set([
  'alpine', 'busybox', 'debian', 'ubuntu', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'archlinux', 'scratch',
  'nginx', 'httpd', 'caddy', 'traefik', 'haproxy', 'node', 'python', 'golang', 'rust', 'ruby', 'php', 'perl', 'openjdk',
  'eclipse-temurin', 'amazoncorretto', 'maven', 'gradle', 'postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'memcached',
  'docker', 'registry', 'composer', 'buildpack-deps', 'bash', 'tomcat', 'jetty', 'elixir', 'erlang', 'haskell', 'swift', 'dart',
  'gcc', 'clojure', 'julia', 'r-base', 'nats', 'consul', 'vault', 'influxdb', 'telegraf', 'elasticsearch', 'kibana', 'sonarqube',
  'hello-world', 'tini', 'distroless',
]);

/** A --from value that is an image reference rather than a stage: registry, tag, digest or a well-known name. */
export function looksLikeImage(value: string): boolean {
  return /[/:.@]/.test(value) || KNOWN_IMAGES.has(value.toLowerCase());
}

const MAX_LISTED = 12;

// `--from=<name>` must name an earlier stage; anything else makes the builder pull an image of that name.
export const copyFromUnknownStage: Rule = {
  id: 'copy-from-unknown-stage',
  category: 'multi-stage',
  severity: 'error',
  title: 'COPY --from or RUN --mount from= names a stage that is not defined above',
  equivalents: { hadolint: ['DL3022'] },
  hadolintSeverity: 'warning',
  scope: 'file',
  fileScopeReason: 'an unknown reference may name a stage defined later in the file',
  check(model) {
    const out: RuleFinding[] = emptyList();
    for (const ref of stageReferences(model)) {
      if (ref.kind === 'from' || !ref.complete || ref.target !== undefined) continue;
      const finding = unknownReference(model, ref);
      if (finding) out.push(finding);
    }
    return out;
  },
};

function unknownReference(model: DockerfileModel, ref: StageRef): RuleFinding | undefined {
  const current = model.stages[ref.stage];
  const what = `${ref.kind === 'copy' ? '--from' : 'The mount\'s from'}=${ref.value} at ${describe(model, ref.instr)}`;
  if (/^\d+$/.test(ref.expanded)) {
    const n = Number(ref.expanded);
    if (n === current.index) return undefined; // copy-from-own-stage reports it
    return {
      message: `${what} names stage ${n}, but this is stage ${current.index} and ${current.index === 0 ? 'no stage comes before it' : `only stages 0–${current.index - 1} come before it`}: --from can only read earlier stages.`,
      range: ref.range,
    };
  }
  const key = ref.expanded.toLowerCase();
  if (current.name?.toLowerCase() === key) return undefined; // copy-from-own-stage reports it
  if (looksLikeImage(ref.expanded)) return undefined;
  const laterIndex = stagesByName(model).get(key)?.find(i => i > current.index);
  const later = laterIndex !== undefined ? model.stages[laterIndex] : undefined;
  if (later) {
    return {
      message: `${what}: stage \`${ref.expanded}\` is defined later, on line ${later.from.range.start.line + 1}; stages can only copy from earlier ones. Move that stage above this one.`,
      range: ref.range,
      related: [{ range: later.from.range, message: `stage \`${later.name}\` is defined here, after its use` }],
    };
  }
  const fixes: Fix[] = emptyList();
  // Only plain names are suggested: a name with control characters or spaces is itself a typo.
  const candidates = model.stages.slice(0, current.index).filter(s => s.name && /^[A-Za-z0-9_.-]+$/.test(s.name))
    .map(s => ({ name: s.name as string, d: editDistance(key, (s.name as string).toLowerCase()) }))
    .filter(c => c.d <= 2).sort((a, b) => a.d - b.d);
  if (candidates.length > 0 && (candidates.length === 1 || candidates[0].d < candidates[1].d)) {
    fixes.push({ title: `Change to \`${candidates[0].name}\``, edits: [{ range: ref.range, newText: candidates[0].name }], isPreferred: true });
  }
  const known = listOf(model.stages.slice(0, current.index).filter(s => s.name), s => `\`${s.name}\``);
  // A one-line message: past a dozen names the list stops helping (and would grow with the file).
  const listed = known.length > MAX_LISTED ? `${known.slice(0, MAX_LISTED).join(', ')} and ${known.length - MAX_LISTED} more` : known.join(', ');
  return {
    message: `${what}: no stage named \`${ref.expanded}\` is defined above${known.length ? ` (stages: ${listed})` : ''}, so the builder tries to pull an image called \`${ref.expanded}\`.`,
    range: ref.range,
    fixes,
  };
}
