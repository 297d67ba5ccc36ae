import { StageRule } from '../rule';

// `FROM --platform=linux/amd64`: the Dockerfile can then only build for one platform.
export const fromPlatformFlagConstDisallowed: StageRule = {
  id: 'from-platform-flag-const',
  category: 'best-practice',
  severity: 'warning',
  title: 'FROM --platform with a constant value',
  // hadolint's DL3029 also flags variables other than $BUILDPLATFORM/$TARGETPLATFORM (`$TARGETOS/$TARGETARCH`): legitimate, so not here.
  equivalents: { buildkit: ['FromPlatformFlagConstDisallowed'], hadolint: ['DL3029'] },
  hadolintSeverity: 'warning',
  explanation: 'A constant `--platform` pins the stage to one platform, so the Dockerfile cannot build a multi-platform image. '
    + 'Use `$BUILDPLATFORM`/`$TARGETPLATFORM`, or pass `--platform` on the command line. Stages named for their platform '
    + '(`AS build_amd64`) are the intended exception and stay quiet.',
  scope: 'stage',
  checkStage(stage) {
    const flag = stage.from.flagList.find(f => f.name.toLowerCase() === 'platform');
    const value = flag?.value?.trim();
    if (!flag || !value || value.includes('$')) return [];
    // Like BuildKit: a stage whose name mentions the platform's OS, architecture or variant is platform-specific on purpose.
    const name = (stage.from.fromClause?.stageName ?? '').toLowerCase();
    if (name && value.toLowerCase().split(/[/,]/).some(part => part && name.includes(part))) return [];
    return [{ message: `FROM --platform flag should not use constant value "${value}".`, range: flag.valueRange ?? stage.from.range }];
  },
};
