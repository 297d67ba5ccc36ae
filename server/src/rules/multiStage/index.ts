import { Rule } from '../rule';

export const multiStageRules: Rule[] = [];
