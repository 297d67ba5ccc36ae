import { StageRule } from '../rule';
import { resolvedGlobalArgs, expandWithDefaults } from './common';

type Platform = { os: string; architecture: string; variant?: string };

/**
 * The base image the engine has is for another platform than the stage builds for (FROM's
 * --platform, else the engine's own). Only an engine can tell an image's platform: without the
 * caller's facts (ctx.baseImage, ctx.enginePlatform) this rule says nothing.
 */
export const invalidBaseImagePlatform: StageRule = {
  id: 'invalid-base-image-platform',
  category: 'best-practice',
  severity: 'warning',
  title: 'The base image in the engine is for another platform than the stage builds for',
  equivalents: { buildkit: ['InvalidBaseImagePlatform'] },
  explanation: 'The engine has the base image for one platform, and the stage builds for another (its FROM --platform, or the '
    + 'engine\'s own). The build then uses an image it cannot run natively (RUN fails with "exec format error" without emulation), '
    + 'or a multi-platform build mixes architectures.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    if (!ctx.baseImage || stage.parent !== undefined || !stage.imageComplete) return [];
    const facts = ctx.baseImage(stage.expandedImage);
    if (!facts || !facts.os || !facts.architecture) return [];
    const expected = expectedPlatform(stage.platform, model.globalArgs, ctx.enginePlatform);
    if (!expected || matches(expected, facts)) return [];
    const range = stage.from.fromClause?.imageRange ?? stage.from.range;
    return [{
      message: `Base image ${stage.expandedImage} is for ${format(facts)} in the engine, but this stage builds for ${format(expected)}`
        + `${stage.platform ? ' (its --platform)' : ' (the engine\'s platform)'}: pull the right one (docker pull --platform ${format(expected)} ${stage.expandedImage}) or set FROM --platform.`,
      range,
    }];
  },
};

/** FROM's --platform with the global ARG defaults and the automatic platform ARGs filled in, else the engine's. */
function expectedPlatform(flag: string | undefined, globalArgs: ReadonlyMap<string, string | undefined>, engine: Platform | undefined): Platform | undefined {
  if (flag === undefined) return engine;
  const args = resolvedGlobalArgs(globalArgs);
  if (engine) {
    const platform = format(engine);
    for (const [name, value] of [['BUILDPLATFORM', platform], ['TARGETPLATFORM', platform], ['BUILDOS', engine.os], ['TARGETOS', engine.os],
      ['BUILDARCH', engine.architecture], ['TARGETARCH', engine.architecture]] as const) if (!args.has(name) || args.get(name) === undefined) args.set(name, value);
  }
  const value = expandWithDefaults(flag, args).trim();
  const [os, architecture, variant] = value.split('/');
  if (!os || !architecture || /\$/.test(value)) return undefined;
  return { os: os.toLowerCase(), architecture: architecture.toLowerCase(), variant: variant?.toLowerCase() || undefined };
}

/** containerd's platforms.Only: same OS and architecture; an arm image of a lower variant runs on a higher one. */
function matches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os.toLowerCase() || want.architecture !== have.architecture.toLowerCase()) return false;
  if (!want.variant || !have.variant) return true;
  if (want.architecture === 'arm') return Number(have.variant.replace(/^v/, '')) <= Number(want.variant.replace(/^v/, ''));
  return want.variant === have.variant.toLowerCase() || want.architecture === 'arm64';
}

function format(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
