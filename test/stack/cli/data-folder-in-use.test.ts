import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

describe('A data folder held by a running stack', () => {
  it('health, replay and a second stack say who holds it, instead of a bare connection error', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-held-'));
    const serve = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js'),
        'serve',
        '--data',
        dataDir,
        '--port',
        '0',
        '--shop-port',
        '0',
      ],
      { cwd: REPO_ROOT },
    );
    try {
      let stdout = '';
      serve.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      while (!/Scorecards on (http:\S+)\/ /.test(stdout)) {
        if (serve.exitCode !== null) throw new Error('serve exited');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const api = /Scorecards on (http:\S+)\/ /.exec(stdout)![1]!;
      const inUse = new RegExp(
        `the data folder ${dataDir.replace(/[.*+?^$()|[\]\\]/g, '\\$&')} is in use by shelfwatch serve \\(pid ${serve.pid}, API ${api.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}, since [^)]+\\): stop it first \\(Ctrl-C\\), or point --data at another folder`,
      );
      for (const command of [
        ['health'],
        ['replay', '--date', '2026-11-23'],
        ['scan', '--port', '0', '--shop-port', '0'],
      ]) {
        const result = await shelfwatch(...command, '--data', dataDir);
        expect(result.code, command[0]).toBe(1);
        expect(result.stderr, command[0]).toMatch(inUse);
        expect(result.stderr).not.toContain('ECONNREFUSED');
      }
    } finally {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
