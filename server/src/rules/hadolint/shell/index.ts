// hadolint's DL rules about what RUN does in the shell (DL3001, DL3004, DL3046, DL3047, DL3059, DL4001, DL4005, DL4006).
import { Rule } from '../../rule';
import { sudoInRun } from './sudoInRun';
import { systemCommandInRun } from './systemCommandInRun';
import { useraddHighUid } from './useraddHighUid';
import { wgetProgress } from './wgetProgress';
import { consecutiveRun } from './consecutiveRun';
import { curlAndWget } from './curlAndWget';
import { symlinkBinSh } from './symlinkBinSh';
import { pipefailMissing } from './pipefailMissing';

export const hadolintShellRules: Rule[] = [sudoInRun, systemCommandInRun, useraddHighUid, wgetProgress, consecutiveRun, curlAndWget, symlinkBinSh, pipefailMissing];
