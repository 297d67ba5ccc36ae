// hadolint's DL rules that need no ShellCheck, under readable ids (the DL code is in `equivalents`).
import { Rule } from '../rule';
import { aptGetY } from './aptGetY';
import { aptNoInstallRecommends } from './aptNoInstallRecommends';
import { apkNoCache } from './apkNoCache';
import { pipNoCacheDir } from './pipNoCacheDir';
import { aptListsNotRemoved } from './aptListsNotRemoved';
import { hadolintShellRules } from './shell';
import { hadolintLabelRules } from './labels';
import { hadolintInstructionRules } from './instructions';
import { packageRules } from './packages';

export const hadolintRules: Rule[] = [aptGetY, aptNoInstallRecommends, apkNoCache, pipNoCacheDir, aptListsNotRemoved, ...hadolintInstructionRules, ...hadolintShellRules, ...hadolintLabelRules, ...packageRules];
