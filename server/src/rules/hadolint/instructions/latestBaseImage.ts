import { StageRule } from '../../rule';
import { parseImageRef } from './imageRef';

// `FROM node:latest`: the tag says "pinned" but moves with every release.
export const latestBaseImage: StageRule = {
  id: 'latest-base-image', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: 'Base image tagged `latest`',
  equivalents: { hadolint: ['DL3007'] },
  explanation: '`:latest` is whatever the publisher pushed last: a rebuild can silently move to a new major version. '
    + 'Pin a release tag (`node:22.11-bookworm-slim`), or add a digest to keep the tag readable and the image fixed.',
  scope: 'stage',
  checkStage(stage) {
    const clause = stage.from.fromClause;
    if (!clause?.image || !clause.imageRange || stage.parent !== undefined) return [];
    const ref = parseImageRef(clause.image);
    if (ref.tag !== 'latest' || ref.digest !== undefined) return [];
    return [{ message: `Using \`latest\` (\`${clause.image}\`) is prone to errors if the image ever updates: pin the version explicitly to a release tag.`, range: clause.imageRange }];
  },
};
