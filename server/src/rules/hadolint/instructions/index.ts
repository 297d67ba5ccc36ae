// hadolint's DL rules about single instructions (FROM, USER, ADD/COPY, ENV, EXPOSE, ONBUILD, …) and file order.
import { Rule } from '../../rule';
import { untaggedBaseImage } from './untaggedBaseImage';
import { latestBaseImage } from './latestBaseImage';
import { lastUserRoot } from './lastUserRoot';
import { addInsteadOfCopy } from './addInsteadOfCopy';
import { copyRelativeDestination } from './copyRelativeDestination';
import { copyMultipleSources } from './copyMultipleSources';
import { copiedArchiveExtracted } from './copiedArchiveExtracted';
import { exposeInvalidPort } from './exposeInvalidPort';
import { envSelfReference } from './envSelfReference';
import { onbuildInvalidTrigger } from './onbuildInvalidTrigger';
import { instructionBeforeFrom } from './instructionBeforeFrom';
import { hadolintIgnorePragma } from './hadolintIgnorePragma';
import { missingHealthcheck } from './missingHealthcheck';
import { untrustedRegistry } from './untrustedRegistry';
import { userNotNumeric } from './userNotNumeric';
import { copyWholeFilesystem } from './copyWholeFilesystem';

export const hadolintInstructionRules: Rule[] = [
  untaggedBaseImage, latestBaseImage, lastUserRoot, addInsteadOfCopy, copyRelativeDestination, copyMultipleSources,
  copiedArchiveExtracted, exposeInvalidPort, envSelfReference, onbuildInvalidTrigger, instructionBeforeFrom,
  hadolintIgnorePragma, missingHealthcheck, untrustedRegistry, userNotNumeric, copyWholeFilesystem,
];
