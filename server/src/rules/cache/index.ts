import { Rule } from '../rule';

export const cacheRules: Rule[] = [];
