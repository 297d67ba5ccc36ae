import { Rule } from '../rule';
import { multipleCmd } from './multipleCmd';

export const runVsCmdRules: Rule[] = [multipleCmd];
