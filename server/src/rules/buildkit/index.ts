// Docker's build checks (`docker build --check`), with BuildKit's semantics. Checks that one of our
// own rules already covers are not repeated here: multiple-cmd (MultipleInstructionsDisallowed),
// shell-form-cmd (JSONArgsRecommended), duplicate-stage-name (DuplicateStageName),
// secret-in-arg-env (SecretsUsedInArgOrEnv).
import { Rule } from '../rule';
import { stageNameCasing } from './stageNameCasing';
import { fromAsCasing } from './fromAsCasing';
import { noEmptyContinuation } from './noEmptyContinuation';
import { consistentInstructionCasing } from './consistentInstructionCasing';
import { reservedStageName } from './reservedStageName';
import { maintainerDeprecated } from './maintainerDeprecated';
import { workdirRelativePath } from './workdirRelativePath';
import { legacyKeyValueFormat } from './legacyKeyValueFormat';
import { exposeProtoCasing } from './exposeProtoCasing';
import { exposeInvalidFormat } from './exposeInvalidFormat';
import { redundantTargetPlatform } from './redundantTargetPlatform';
import { fromPlatformFlagConstDisallowed } from './fromPlatformFlagConstDisallowed';
import { undefinedArgInFrom } from './undefinedArgInFrom';
import { invalidDefaultArgInFrom } from './invalidDefaultArgInFrom';
import { copyIgnoredFile } from './copyIgnoredFile';
import { undefinedVar } from './undefinedVar';
import { invalidDefinitionDescription } from './invalidDefinitionDescription';
import { invalidBaseImagePlatform } from './invalidBaseImagePlatform';

export const buildkitRules: Rule[] = [
  stageNameCasing, fromAsCasing, reservedStageName, noEmptyContinuation, consistentInstructionCasing,
  legacyKeyValueFormat, maintainerDeprecated, workdirRelativePath, exposeProtoCasing, exposeInvalidFormat,
  redundantTargetPlatform, fromPlatformFlagConstDisallowed, undefinedArgInFrom, invalidDefaultArgInFrom, copyIgnoredFile,
  undefinedVar, invalidDefinitionDescription, invalidBaseImagePlatform,
];
