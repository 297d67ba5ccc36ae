// The report formats CI systems and hadolint users expect beside tty/json/sarif: checkstyle XML,
// GitLab's Code Quality JSON (Code Climate), GNU one-liners and GitHub workflow annotations.
// Everything quoted from a file is untrusted: control characters are escaped for each format.
import { createHash } from 'crypto';
import { Finding, Severity } from '../../analysis/types';
import { escapeControl } from './escape';
import { FileResult } from './result';

const line = (f: Finding) => f.range.start.line + 1;
const column = (f: Finding) => f.range.start.character + 1;

/** `path:line:col: severity: message [rule]` — the GNU error format editors and CI parsers read. */
export function formatGnu(results: FileResult[]): string {
  return results.map(gnuLines).join('');
}

export function gnuLines(r: FileResult): string {
  let out = '';
  for (const f of r.findings) out += `${escapeControl(r.path)}:${line(f)}:${column(f)}: ${f.severity}: ${escapeControl(f.message)} [${f.ruleId}]\n`;
  return out;
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
// Workflow commands: data escapes %, CR, LF; property values also ':' and ','.
const ghData = (s: string) => escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::warning file=…,line=…::message` — shown as annotations on the pull request. */
export function formatGithub(results: FileResult[]): string {
  return results.map(githubLines).join('');
}

export function githubLines(r: FileResult): string {
  let out = '';
  for (const f of r.findings) {
    const props = [
      `file=${ghProp(r.path)}`, `line=${line(f)}`, `col=${column(f)}`,
      `endLine=${f.range.end.line + 1}`, `endColumn=${f.range.end.character + 1}`, `title=${ghProp(`Layerwise ${f.ruleId}`)}`,
    ];
    out += `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${ghData(f.message)}\n`;
  }
  return out;
}

// XML 1.0 cannot carry most control characters even as references: show them escaped first.
const xml = (s: string) => escapeControl(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const CHECKSTYLE_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

/** Checkstyle XML (Jenkins' Warnings NG, reviewdog, SonarQube imports). */
export const CHECKSTYLE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';
export const CHECKSTYLE_TAIL = '</checkstyle>\n';

export function formatCheckstyle(results: FileResult[]): string {
  return CHECKSTYLE_HEAD + results.map(checkstyleFile).join('') + CHECKSTYLE_TAIL;
}

export function checkstyleFile(r: FileResult): string {
  let out = `  <file name="${xml(r.path)}">\n`;
  for (const f of r.findings) {
    out += `    <error line="${line(f)}" column="${column(f)}" severity="${CHECKSTYLE_LEVEL[f.severity]}" message="${xml(f.message)}" source="layerwise.${xml(f.ruleId)}"/>\n`;
  }
  return out + '  </file>\n';
}

const GITLAB_LEVEL: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/** GitLab Code Quality report (a Code Climate issue list), for `artifacts:reports:codequality`. */
export function formatGitlab(results: FileResult[]): string {
  return JSON.stringify(results.flatMap(gitlabIssues), null, 2) + '\n';
}

export function gitlabIssues(r: FileResult): object[] {
  return r.findings.map(f => ({
    type: 'issue',
    check_name: f.ruleId,
    description: escapeControl(f.message),
    categories: ['Style'],
    severity: GITLAB_LEVEL[f.severity],
    // Stable across runs for the same finding, so GitLab can tell new findings from old ones.
    fingerprint: createHash('md5').update(`${r.path}\0${f.ruleId}\0${line(f)}\0${f.message}`).digest('hex'),
    location: { path: r.path, lines: { begin: line(f), end: f.range.end.line + 1 } },
  }));
}
