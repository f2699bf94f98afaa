import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/paths.ts';

const run = promisify(execFile);

/**
 * What `npm start` prints on a fresh data folder, as a new user sees it: every curl line it
 * prints works pasted into a shell as it is, and nothing speaks of changes or alerts the first
 * day cannot have.
 */
describe('shelfwatch start, first run', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints a scorecard, no alerts, and API commands that work pasted into a shell', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-first-'));
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js'),
        'start',
        '--data',
        path.join(dir, 'data'),
        '--port',
        '0',
        '--shop-port',
        '0',
        '--date',
        '2026-11-23',
      ],
      { cwd: REPO_ROOT },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      while (!stdout.includes('Ctrl-C to stop')) {
        if (child.exitCode !== null) throw new Error(`start exited:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stdout).toMatch(/Scorecard 2026-11-23 \(no earlier day to compare with\) · 20 pages: 20 ok/);
      expect(stdout).not.toMatch(/[▲▼]/);
      expect(stderr).toContain('alerts 2026-11-23: none');
      const lines = stdout.split('\n').map((line) => line.trim().replace(/\s+# .*$/, ''));
      // The sign-in line gets the token the curl lines use, as a user pastes them one after the other.
      const token = lines.find((line) => line.startsWith('TOKEN=$(npx shelfwatch token '))!;
      expect(token).toBeDefined();
      expect(stdout).toMatch(/open it in a browser and sign in as demo@shelfwatch\.local, password \S+/);
      const curls = lines.filter((line) => line.startsWith('curl '));
      expect(curls).toHaveLength(4);
      for (const line of curls) {
        // The user is in the project folder (npx finds shelfwatch there); the files land where the test looks.
        const signIn = token.replace('$(npx ', `$(cd ${REPO_ROOT} && npx `);
        const { stdout: body } = await run('bash', ['-c', `${signIn} && ${line} --fail --silent --show-error`], {
          cwd: dir,
        });
        if (line.includes('-o scorecard-2026-11-23.csv'))
          expect(await readFile(path.join(dir, 'scorecard-2026-11-23.csv'), 'utf8')).toMatch(
            /^date,site,market,kind,page,keyword,status/,
          );
        else if (line.includes('-o history-2026-11-23.csv')) {
          const history = (await readFile(path.join(dir, 'history-2026-11-23.csv'), 'utf8')).trimEnd().split('\r\n');
          expect(history[0]).toMatch(
            /^date,site,market,kind,page,keyword,status,.*,screenshot_link,archived_page_link$/,
          );
          expect(history).toHaveLength(1 + 20);
        } else if (line.includes('POST'))
          expect(JSON.parse(body)).toMatchObject({ runId: expect.any(String), jobs: 5 });
        else expect(JSON.parse(body)).toMatchObject({ date: '2026-11-23', pages: 20 });
      }
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }, 120_000);

  it("then --backfill (the README's order): the scorecard printed compares with the day backfilled, not the first run's view", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js'),
        ...['start', '--once', '--backfill', '1', '--date', '2026-11-23'],
        ...['--data', path.join(dir, 'data'), '--port', '0', '--shop-port', '0'],
      ],
      { cwd: REPO_ROOT },
    );
    expect(stdout).toMatch(/Scorecard 2026-11-23 \(changes against 2026-11-22\)/);
    expect(stdout).not.toContain('no earlier day to compare with');
  }, 180_000);
});
