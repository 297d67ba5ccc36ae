// hadolint's inline pragmas, honoured for our rules that claim the same DL code in `equivalents`:
// `# hadolint ignore=DL3008,DL3015` (comment block directly above an instruction) and
// `# hadolint global ignore=DL3008` (whole file). A team switching keeps its Dockerfiles unchanged.
import { ALL_RULES } from '../../rules';
import { listOf } from '../lists';

const PRAGMA = /^\s*#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_, \t]+)/i;

let byCode: Map<string, string[]> | undefined;

/** Our rule ids for a hadolint code (`DL3008` → `apt-pin-versions`); built once, on first use, from the rules' metadata. */
export function rulesForHadolintCode(code: string): string[] {
  if (!byCode) {
    byCode = new Map();
    for (const rule of ALL_RULES) {
      for (const c of rule.equivalents?.hadolint ?? []) {
        const key = c.toUpperCase();
        byCode.set(key, [...(byCode.get(key) ?? []), rule.id]);
      }
    }
  }
  return byCode.get(code.toUpperCase()) ?? [];
}

/** A `# hadolint [global] ignore=…` comment as the rule ids it silences; undefined for any other line. */
export function hadolintIgnore(line: string): { global: boolean; ids: string[] } | undefined {
  const m = PRAGMA.exec(line);
  if (!m) return undefined;
  const ids: string[] = [];
  // hadolint stops at the first word that is not a code; trailing words are a free-text reason.
  for (const code of listOf(m[2].split(','), s => s.trim().split(/\s+/)[0]).filter(Boolean)) ids.push(...rulesForHadolintCode(code));
  return { global: !!m[1], ids };
}
