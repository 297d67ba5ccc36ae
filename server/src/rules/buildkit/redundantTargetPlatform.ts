import { StageRule } from '../rule';

// `FROM --platform=$TARGETPLATFORM`: the target platform is already the default.
export const redundantTargetPlatform: StageRule = {
  id: 'redundant-target-platform',
  category: 'best-practice',
  severity: 'warning',
  title: 'FROM --platform=$TARGETPLATFORM is the default',
  equivalents: { buildkit: ['RedundantTargetPlatform'], hadolint: ['DL3065'] },
  hadolintSeverity: 'warning',
  explanation: 'A stage is built for the target platform unless `--platform` says otherwise, so `--platform=$TARGETPLATFORM` only adds noise.',
  scope: 'stage',
  checkStage(stage, model) {
    const flag = stage.from.flagList.find(f => f.name.toLowerCase() === 'platform');
    if (!flag || !flag.value || !/^\$(\{TARGETPLATFORM\}|TARGETPLATFORM)$/.test(flag.value.trim())) return [];
    const range = flag.valueRange ?? stage.from.range;
    const finding = { message: `Setting platform to predefined ${flag.value} in FROM is redundant as this is the default behavior.`, range, fixes: undefined as undefined | { title: string; edits: { range: typeof range; newText: string }[]; isPreferred: boolean }[] };
    // Remove `--platform=…` and the blank that follows it, when it sits on the FROM line.
    if (flag.valueRange && flag.valueRange.start.line === stage.from.range.start.line) {
      const line = model.lines[flag.valueRange.start.line] ?? '';
      const start = line.lastIndexOf('--', flag.valueRange.start.character);
      let end = flag.valueRange.end.character;
      while (line[end] === ' ' || line[end] === '\t') end++;
      if (start >= 0) finding.fixes = [{ title: 'Remove --platform', edits: [{ range: { start: { line: flag.valueRange.start.line, character: start }, end: { line: flag.valueRange.start.line, character: end } }, newText: '' }], isPreferred: true }];
    }
    return [finding];
  },
};
