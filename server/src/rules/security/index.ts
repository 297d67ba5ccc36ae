import { Rule } from '../rule';
import { secretInArgEnv } from './secretInArgEnv';

export const securityRules: Rule[] = [secretInArgEnv];
