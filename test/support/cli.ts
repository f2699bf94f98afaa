import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.ts';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js');

/** Runs the real CLI in its own process, as a maintainer would. */
export function shelfwatch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return shelfwatchWith(process.env, ...args);
}

/** The same, with an environment of its own (another AWS configuration, none). */
export async function shelfwatchWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
