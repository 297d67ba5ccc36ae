import { Rule } from '../rule';
import { multipleCmd } from './multipleCmd';
import { serverInRun } from './serverInRun';
import { runWithoutEffect } from './runWithoutEffect';
import { shellFormCmd } from './shellFormCmd';
import { cmdExitsImmediately } from './cmdExitsImmediately';

export const runVsCmdRules: Rule[] = [multipleCmd, serverInRun, runWithoutEffect, shellFormCmd, cmdExitsImmediately];
