import { Rule } from '../rule';

export const baseImageLabelRules: Rule[] = [];
