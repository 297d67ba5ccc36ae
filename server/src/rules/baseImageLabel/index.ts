import { Rule } from '../rule';
import { missingBaseImageLabel } from './missingBaseImageLabel';
import { staleBaseImageLabel } from './staleBaseImageLabel';

export const baseImageLabelRules: Rule[] = [missingBaseImageLabel, staleBaseImageLabel];
