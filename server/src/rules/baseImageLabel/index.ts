import { Rule } from '../rule';
import { missingBaseImageLabel } from './missingBaseImageLabel';

export const baseImageLabelRules: Rule[] = [missingBaseImageLabel];
