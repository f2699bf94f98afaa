import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/paths.ts';

const run = promisify(execFile);
const CHILD = path.join(REPO_ROOT, 'test/support/unpack-chromium-child.ts');

/**
 * @sparticuz/chromium unpacks into the temp folder and takes "the file exists" for "it is unpacked",
 * so processes starting together (test workers, two CLIs) used to spawn a half-written binary
 * (`spawn ETXTBSY`). Four processes on an empty temp folder, released at the same instant.
 */
describe('Chromium unpack', () => {
  it('four processes unpacking into the same empty temp folder at once all get a binary that runs', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'shelfwatch-unpack-'));
    const go = path.join(tmp, 'go');
    try {
      const children = Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', CHILD, go], {
          cwd: REPO_ROOT,
          env: { ...process.env, TMPDIR: tmp },
        }).then(
          ({ stdout }) => stdout.trim(),
          (error: { stdout?: string; message: string }) => error.stdout?.trim() || error.message,
        ),
      );
      // Every child is waiting for the go file once its TypeScript is loaded.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await writeFile(go, '');
      const results = await Promise.all(children);
      expect(results).toEqual(Array.from({ length: 4 }, () => expect.stringMatching(/^ok Chromium \d+/)));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 90_000);

  it('a lock left by a process that died and a half-written binary are taken over and redone', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'shelfwatch-unpack-'));
    try {
      const dead = await new Promise<number>((resolve) => {
        const child = execFile('true');
        child.once('exit', () => resolve(child.pid!));
      });
      await mkdir(path.join(tmp, '.shelfwatch-chromium-lock'));
      await writeFile(path.join(tmp, '.shelfwatch-chromium-lock', 'owner'), String(dead));
      await writeFile(path.join(tmp, 'chromium'), 'torn', { mode: 0o700 });
      await writeFile(path.join(tmp, 'go'), '');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, path.join(tmp, 'go')], {
        cwd: REPO_ROOT,
        env: { ...process.env, TMPDIR: tmp },
      });
      expect(stdout.trim()).toMatch(/^ok Chromium \d+/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
