// The report written one file at a time (format/report.ts) is byte for byte the whole-report
// formatters' output, for every format, with and without findings and files.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { ruleCatalog } from '../../server/src/cli/catalog';
import { FileResult, countFindings } from '../../server/src/cli/format/result';
import { LINT_FORMATS, LintFormat, PartRenderer, ReportWriter } from '../../server/src/cli/format/report';
import { formatJson } from '../../server/src/cli/format/json';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { formatTty } from '../../server/src/cli/format/tty';
import { formatCheckstyle, formatGithub, formatGitlab, formatGnu } from '../../server/src/cli/format/ci';
import { version } from '../../package.json';

function whole(format: LintFormat, results: FileResult[], color: boolean): string {
  const rules = ruleCatalog();
  switch (format) {
    case 'json': return formatJson(results, new Map(rules.map(r => [r.id, r])));
    case 'sarif': return formatSarif(results, rules, version);
    case 'gitlab': return formatGitlab(results);
    case 'checkstyle': return formatCheckstyle(results);
    case 'gnu': return formatGnu(results);
    case 'github': return formatGithub(results);
    case 'tty': return formatTty(results, color);
  }
}

function streamed(format: LintFormat, results: FileResult[], color: boolean): string {
  let out = '';
  const renderer = new PartRenderer(format, color);
  const writer = new ReportWriter(format, color, text => { out += text; });
  for (const r of results) writer.add(renderer.render(r));
  writer.end(results.length, countFindings(results));
  return out;
}

const result = (path: string, text: string, fixed?: number): FileResult => {
  const a = analyze(text);
  return { path, lines: a.model.lines, findings: a.findings, fixed };
};

describe('CLI: the report streamed one file at a time', () => {
  const clean: FileResult = { path: 'clean/Dockerfile', lines: ['FROM scratch', ''], findings: [] };
  const cases: Array<[string, FileResult[]]> = [
    ['no files', []],
    ['one file without findings', [clean]],
    ['findings in several files, one without, one fixed', [
      result('a/Dockerfile', 'FROM ubuntu\nRUN apt-get update\nRUN apt-get install -y curl\nCMD ["a"]\nCMD ["b"]\n'),
      clean,
      result('/abs/b.Dockerfile', 'FROOM x\nLABEL t="\x1b]0;x\x07"\n', 2),
      result('c/Dockerfile', `FROM ubuntu\nRUN ${'x'.repeat(300)} && apt-get install curl\n`),
    ]],
  ];
  for (const format of LINT_FORMATS) {
    for (const [name, results] of cases) {
      it(`${format}: ${name}`, () => {
        assert.strictEqual(streamed(format, results, false), whole(format, results, false));
        if (format === 'tty') assert.strictEqual(streamed(format, results, true), whole(format, results, true));
      });
    }
  }
});
