import { Rule } from '../rule';
import { copyBeforeInstall } from './copyBeforeInstall';
import { aptUpdateSeparate } from './aptUpdateSeparate';
import { cleanupInLaterLayer } from './cleanupInLaterLayer';

export const cacheRules: Rule[] = [copyBeforeInstall, aptUpdateSeparate, cleanupInLaterLayer];
