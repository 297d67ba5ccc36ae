import { Rule } from '../rule';
import { singleStageBuild } from './singleStageBuild';
import { copyFromUnknownStage } from './copyFromUnknownStage';
import { copyFromOwnStage } from './copyFromOwnStage';
import { duplicateStageName } from './duplicateStageName';
import { unusedStage } from './unusedStage';

export const multiStageRules: Rule[] = [singleStageBuild, copyFromUnknownStage, copyFromOwnStage, duplicateStageName, unusedStage];
