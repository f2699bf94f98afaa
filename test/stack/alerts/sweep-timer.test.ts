import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer } from '../../support/sign-in.ts';

let shop: DemoShop;
let stack: LocalStack;

beforeAll(async () => {
  shop = await startDemoShop({ date: new Date().toISOString().slice(0, 10) });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    siteOrigins: { 'demo-shop': shop.url },
    alertSweepMs: 300,
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
});

describe('the local alerts sweep, on a timer as the template schedules it', () => {
  it('alerts a scan started with POST /scans, once, with nobody asking', async () => {
    const response = await fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers: { ...(await bearer(stack)), 'content-type': 'application/json' },
      body: JSON.stringify({ markets: ['fr'] }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await stack.waitForRun(runId);
    let progress = await stack.runProgress(runId);
    for (let waited = 0; !progress?.alertedAt && waited < 15_000; waited += 200) {
      await sleep(200);
      progress = await stack.runProgress(runId);
    }
    expect(progress?.alertedAt).toBeDefined();
    const alertedAt = progress!.alertedAt;
    await sleep(1_000);
    // Later sweeps find it alerted: sent once.
    expect((await stack.runProgress(runId))?.alertedAt).toBe(alertedAt);
    expect((await stack.alertRun(runId)).status).toBe('already_sent');
  }, 120_000);
});
