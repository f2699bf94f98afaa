import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

describe('A data folder held by a running stack', () => {
  it('health, replay and selectors talk to the running stack; a second stack is told who holds it, not a bare connection error', async () => {
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
      // A second stack cannot open the folder: it is told who holds it.
      const second = await shelfwatch('scan', '--port', '0', '--shop-port', '0', '--data', dataDir);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(inUse);
      expect(second.stderr).not.toContain('ECONNREFUSED');
      // Maintenance commands talk to the running stack's own servers instead.
      const pushed = await shelfwatch('selectors', 'push', '--data', dataDir);
      expect(pushed.stdout).toMatch(/^pushed selectors as version 1: 4 market\(s\), 5 file\(s\)/);
      expect((await shelfwatch('selectors', 'history', '--data', dataDir)).stdout).toMatch(/^1 \(live\)/m);
      for (const command of [['health'], ['replay', '--date', '2026-11-23']]) {
        const result = await shelfwatch(...command, '--data', dataDir);
        expect(result.stderr, command[0]).not.toMatch(/in use|ECONNREFUSED/);
        expect(result.stderr + result.stdout, command[0]).toMatch(/no observations|no scan/i);
      }
    } finally {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
