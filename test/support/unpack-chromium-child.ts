// A second process that unpacks Chromium at the same moment as others (see chromium-unpack.test.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { chromiumExecutable } from '../../functions/core/browser/chromium-binary.ts';

const go = process.argv[2]!;
while (!existsSync(go)) await sleep(5);
try {
  const binary = await chromiumExecutable();
  const { stdout } = await promisify(execFile)(binary, ['--version']);
  console.log(`ok ${stdout.trim()}`);
} catch (error) {
  console.log(`error ${(error as Error).message}`);
  process.exitCode = 1;
}
