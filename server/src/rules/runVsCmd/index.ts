import { Rule } from '../rule';
import { multipleCmd } from './multipleCmd';
import { serverInRun } from './serverInRun';

export const runVsCmdRules: Rule[] = [multipleCmd, serverInRun];
