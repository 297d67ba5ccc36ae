import { StageRule } from '../../rule';
import { parseImageRef } from './imageRef';
import { isValidReference } from '../../buildkit/common';

// `FROM debian`: the build takes whatever `latest` is on the day it runs.
export const untaggedBaseImage: StageRule = {
  id: 'untagged-base-image', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: 'Base image without a tag or digest',
  equivalents: { hadolint: ['DL3006'] },
  explanation: 'Without a tag, FROM means `:latest`, which moves whenever the publisher pushes: two builds of the same '
    + 'Dockerfile can get different systems, and a rebuild can break for no change of yours. Name a release tag (or a digest).',
  scope: 'stage',
  checkStage(stage) {
    const clause = stage.from.fromClause;
    // An earlier stage (`FROM build`) and scratch have no tag to give.
    if (!clause?.image || !clause.imageRange || stage.parent !== undefined) return [];
    const ref = parseImageRef(clause.image);
    if (ref.tag !== undefined || ref.digest !== undefined || ref.name === 'scratch') return [];
    // A variable may carry the tag itself (`FROM ${IMAGE}`, `FROM repo/$NAME`): no guessing.
    if (clause.image.includes('$')) return [];
    // A placeholder (`FROM REPLACE-ME`, `FROM <PREFIX>base`) is no image at all: a tag would not help it.
    if (!isValidReference(clause.image)) return [];
    return [{ message: `Always tag the version of an image explicitly: \`${clause.image}\` means whatever \`${clause.image}:latest\` is when the build runs.`, range: clause.imageRange }];
  },
};
