import { cleanRule } from './cleanRule';
import { hasWord, operands } from './commandArgs';

export const yarnCacheClean = cleanRule({
  id: 'yarn-cache-clean', code: 'DL3060', hadolintSeverity: 'info',
  title: '`yarn install` without `yarn cache clean` in the same RUN',
  explanation: 'yarn copies every package it downloads into its global cache (/usr/local/share/.cache/yarn for root), so the layer holds the dependencies twice: in node_modules and in the cache. End the installing RUN with `yarn cache clean`, or mount the cache (`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`).',
  programs: ['yarn'],
  install: (prog, args) => prog === 'yarn' && operands(args)[0] === 'install' ? 'yarn' : undefined,
  cleans: (prog, args) => (prog === 'yarn' && hasWord(args, ['cache']) && hasWord(args, ['clean']))
    || (prog === 'rm' && operands(args).some(p => p.includes('.cache/yarn') || p.includes('.yarn/cache') || p.includes('.yarn/berry'))),
  mountTargets: ['.cache/yarn', '.yarn'],
  cleanCommand: () => 'yarn cache clean',
  what: () => 'yarn\'s download cache',
});
