import { Rule } from '../rule';
import { copyBeforeInstall } from './copyBeforeInstall';
import { installAfterCopy } from './installAfterCopy';
import { aptUpdateSeparate } from './aptUpdateSeparate';
import { cleanupInLaterLayer } from './cleanupInLaterLayer';
import { consecutiveMetadata } from './consecutiveMetadata';
import { dependencyPrefetch } from './dependencyPrefetch';

export const cacheRules: Rule[] = [copyBeforeInstall, installAfterCopy, aptUpdateSeparate, cleanupInLaterLayer, consecutiveMetadata, dependencyPrefetch];
