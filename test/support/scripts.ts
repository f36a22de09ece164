import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs an npm script of this project the way a developer would, with extra environment. */
export async function npmRun(script: string, args: string[], env: Record<string, string>) {
  return run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}
