// hadolint's label rules: key guidelines (DL3048) and the label schema (DL3049–DL3056, DL3058).
import { Rule } from '../../rule';
import { invalidLabelKey } from './invalidLabelKey';
import { labelMissing } from './labelMissing';
import { labelNotInSchema } from './labelNotInSchema';
import { labelEmpty } from './labelEmpty';
import { labelNotUrl } from './labelNotUrl';
import { labelNotRfc3339 } from './labelNotRfc3339';
import { labelNotSpdx } from './labelNotSpdx';
import { labelNotGitHash } from './labelNotGitHash';
import { labelNotSemver } from './labelNotSemver';
import { labelNotEmail } from './labelNotEmail';

export const hadolintLabelRules: Rule[] = [invalidLabelKey, labelMissing, labelNotInSchema, labelEmpty, labelNotUrl, labelNotRfc3339, labelNotSpdx, labelNotGitHash, labelNotSemver, labelNotEmail];
