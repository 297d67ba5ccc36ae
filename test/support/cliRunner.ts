// Runs the built CLI (dist/cli.js) as a subprocess, the way CI would.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './lspClient';

export const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');
export const CLI_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');

export interface CliRun { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], {
    cwd: options.cwd ?? CLI_FIXTURES, input: options.input ?? '', encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...options.env }, timeout: 60000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
