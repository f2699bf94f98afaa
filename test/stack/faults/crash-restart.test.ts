import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { expandTargets, targetKey } from '../../../functions/core/jobs/expand.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { BUNDLED_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { readLock } from '../../../scripts/local/data-lock.ts';
import { withLocalData } from '../../../scripts/local/data.ts';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The local stack killed with SIGKILL in the middle of a run: its stream (in memory) and the batch
 * in flight die with it. The run must then either finish or say which pages it lost: `redrive`
 * puts back every job without a final status, and `scan` (like start and serve) does that by
 * itself for runs a stopped stack left unfinished. Either way every job ends with one observation.
 */
const DATE = '2026-11-22';
const BIN = path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js');
let selectorsDir: string;
let jobKeys: string[];

beforeAll(async () => {
  selectorsDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-crash-selectors-'));
  await cp(path.join(REPO_ROOT, 'selectors'), selectorsDir, { recursive: true });
  // Enough pages (about 80) that the run is still going when it is killed.
  for (const market of BUNDLED_MARKETS) {
    const file = path.join(selectorsDir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.pages[0].keywords = [...site.pages[0].keywords, ...Array.from({ length: 15 }, (_u, i) => `zz-${i}`)];
    await writeFile(file, stringify(site));
  }
  jobKeys = expandTargets((await loadSelectorDir(selectorsDir)).sites)
    .map(targetKey)
    .sort();
});
afterAll(() => rm(selectorsDir, { recursive: true, force: true }));

/** Starts `shelfwatch scan` and kills it (SIGKILL) once some, not all, of its pages are read. */
async function scanAndKill(dataDir: string): Promise<{ runId: string; finishedAtKill: number }> {
  const child = spawn(
    process.execPath,
    [BIN, 'scan', '--data', dataDir, '--selectors', selectorsDir, '--date', DATE, '--port', '0', '--shop-port', '0'],
    { cwd: REPO_ROOT },
  );
  let stderr = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let killed: { runId: string; finished: number } | undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const runId = /: run (\S+), \d+ pages/.exec(stderr)?.[1];
    const finished = [...stderr.matchAll(/\] (\d+)\/\d+ pages/g)].map((match) => Number(match[1])).at(-1) ?? 0;
    if (runId && finished > 0 && !killed) {
      killed = { runId, finished };
      child.kill('SIGKILL');
    }
  });
  await exited;
  if (!killed) throw new Error(`scan exited by itself:\n${stderr}`);
  if (killed.finished >= jobKeys.length) throw new Error(`the run finished before it could be killed:\n${stderr}`);
  return { runId: killed.runId, finishedAtKill: killed.finished };
}

async function accountFor(dataDir: string, runId: string) {
  return withLocalData(dataDir, async (aws) => {
    const { queryDay } = await import('../../../functions/core/store/observations/queries.ts');
    const { getRunProgress } = await import('../../../functions/core/store/runs/run-progress.ts');
    const keys = (await queryDay(aws.tableName, DATE)).map(targetKey).sort();
    return { progress: await getRunProgress(aws.tableName, runId), keys };
  });
}

describe('Crash mid-run: the local stack killed with SIGKILL', () => {
  it('redrive --run puts back the unfinished pages; the run finishes with every page, none twice', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-crash-'));
    try {
      const { runId, finishedAtKill } = await scanAndKill(dataDir);
      // The lock the dead process left names a pid that is gone: the next command takes the folder over.
      expect(readLock(dataDir)?.command).toBe('scan');
      const redrive = await shelfwatch(
        'redrive',
        '--run',
        runId,
        '--data',
        dataDir,
        '--selectors',
        selectorsDir,
        '--port',
        '0',
        '--shop-port',
        '0',
      );
      expect(redrive.stderr).toMatch(
        new RegExp(`redrive ${runId}: \\d+ of ${jobKeys.length} pages put back on the stream`),
      );
      expect([redrive.code, redrive.stdout.trim()]).toEqual([
        0,
        `run ${runId}: ${jobKeys.length} of ${jobKeys.length} pages finished`,
      ]);
      const { progress, keys } = await accountFor(dataDir, runId);
      const lost = jobKeys.filter((key) => !keys.includes(key));
      console.log(
        `crash: killed at ${finishedAtKill} of ${jobKeys.length} pages, then redrive: observations ${keys.length}, duplicates ${keys.length - new Set(keys).size}, lost ${lost.length}`,
      );
      expect(lost).toEqual([]);
      expect(keys).toEqual(jobKeys);
      expect(progress).toMatchObject({ complete: true, pending: 0 });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('the next scan says which run was cut short, finishes it first, then scans', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-crash-'));
    try {
      const { runId } = await scanAndKill(dataDir);
      const again = await shelfwatch(
        'scan',
        '--data',
        dataDir,
        '--selectors',
        selectorsDir,
        '--date',
        DATE,
        '--port',
        '0',
        '--shop-port',
        '0',
      );
      expect(again.stderr).toMatch(
        new RegExp(
          `run ${runId} \\(${DATE}\\) stopped with \\d+ of ${jobKeys.length} pages unfinished \\(the stack stopped mid-run\\): putting them back on the stream`,
        ),
      );
      expect(again.code).toBe(0);
      const { progress, keys } = await accountFor(dataDir, runId);
      expect(progress).toMatchObject({ complete: true, pending: 0 });
      expect(keys).toEqual(jobKeys);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
