import { Rule } from '../rule';
import { copyBeforeInstall } from './copyBeforeInstall';
import { aptUpdateSeparate } from './aptUpdateSeparate';

export const cacheRules: Rule[] = [copyBeforeInstall, aptUpdateSeparate];
