import { Rule } from '../rule';

export const securityRules: Rule[] = [];
