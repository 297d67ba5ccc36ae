import { Rule } from '../rule';
import { multipleCmd } from './multipleCmd';
import { serverInRun } from './serverInRun';
import { buildInCmd } from './buildInCmd';
import { cmdExitsImmediately } from './cmdExitsImmediately';
import { shellFormCmd } from './shellFormCmd';
import { runWithoutEffect } from './runWithoutEffect';

export const runVsCmdRules: Rule[] = [serverInRun, buildInCmd, cmdExitsImmediately, multipleCmd, shellFormCmd, runWithoutEffect];
