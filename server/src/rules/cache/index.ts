import { Rule } from '../rule';
import { copyBeforeInstall } from './copyBeforeInstall';

export const cacheRules: Rule[] = [copyBeforeInstall];
