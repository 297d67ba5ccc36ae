import { Rule } from '../rule';
import { copyFromUnknownStage } from './copyFromUnknownStage';
import { copyFromOwnStage } from './copyFromOwnStage';
import { duplicateStageName } from './duplicateStageName';
import { unusedStage } from './unusedStage';

export const multiStageRules: Rule[] = [copyFromUnknownStage, copyFromOwnStage, duplicateStageName, unusedStage];
