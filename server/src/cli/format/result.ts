import { Finding, Severity } from '../../analysis/types';

/** One linted file as every formatter sees it. */
export interface FileResult {
  /** As shown to people and in SARIF: relative to the working directory when inside it. */
  path: string;
  lines: string[];
  findings: Finding[];
  /** Set when --fix rewrote the file: how many fixes were applied. */
  fixed?: number;
}

export interface Counts { error: number; warning: number; info: number; hint: number; fixed: number }

export function countFindings(results: FileResult[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0, fixed: 0 };
  for (const r of results) {
    for (const f of r.findings) counts[f.severity as Severity]++;
    counts.fixed += r.fixed ?? 0;
  }
  return counts;
}

/** Fix titles worth listing: the suppression comments are offered on every finding. */
export function fixTitles(f: Finding): string[] {
  return (f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')).map(x => x.title);
}
