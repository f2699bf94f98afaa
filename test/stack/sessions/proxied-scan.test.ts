import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer } from '../../support/sign-in.ts';
import { startUpstreamProxy, type UpstreamProxy } from '../../support/upstream-proxy.ts';

/**
 * A scan of two demo markets (us: plain fetch, fr: Chromium behind a cookie wall) through a
 * provider's rotating proxy with credentials, against the demo shop's bot defence: the first two
 * proxy sessions leave from addresses the defence has listed (429 with Retry-After), and one page
 * is walled for every visitor. Every page must end ok, or blocked with each of its tries listed;
 * the proxy's password must appear nowhere: not in observations, evidence, logs or API answers.
 */
const DATE = '2026-11-24';
const PASSWORD = `pw-${randomBytes(9).toString('hex')}`;
const LISTED = ['127.0.0.2', '127.0.0.3'];
let dir: string;
let shop: DemoShop;
let proxy: UpstreamProxy;
let stack: LocalStack;
const logged: string[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  proxy = await startUpstreamProxy({ password: PASSWORD, firstAddresses: LISTED });
  process.env.SHELFWATCH_TEST_PROXY = `http://user-session-{session}:${PASSWORD}@127.0.0.1:${proxy.port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-proxied-'));
  await cp(path.join(REPO_ROOT, 'selectors'), dir, { recursive: true });
  for (const market of ['de', 'uk']) await rm(path.join(dir, 'demo-shop', `${market}.yaml`));
  for (const market of ['us', 'fr']) {
    const file = path.join(dir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.proxy = { pool: 'env:SHELFWATCH_TEST_PROXY' };
    site.retry = { tries: 3, backoffMs: 100, maxBackoffMs: 1_500 };
    site.rate = { concurrency: 2, requestsPerMinute: 'unlimited' };
    await writeFile(file, stringify(site));
  }
  shop = await startDemoShop({ date: DATE });
  shop.faults.add({ type: 'bot', burned: 0, addresses: LISTED, status: 429, retryAfter: 1 });
  shop.faults.add({ type: 'bot', burned: 1, market: 'us', path: '/us/c/mascara', status: 403 });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir: dir,
    siteOrigins: { 'demo-shop': shop.url },
    lambdaConcurrency: 2,
  });
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logged.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}, 120_000);

afterAll(async () => {
  process.stdout.write = write;
  await stack?.close();
  await shop?.close();
  await proxy?.close();
  delete process.env.SHELFWATCH_TEST_PROXY;
  await rm(dir, { recursive: true, force: true });
});

describe('A scan through an authenticated rotating proxy, against a bot defence', () => {
  it('ends every page ok or blocked with its tries listed, and shows the proxy password nowhere', async () => {
    const run = await stack.scheduledScan(new Date(`${DATE}T06:00:00Z`));
    const progress = await stack.waitForRun(run.runId, undefined, 240_000);
    expect(progress.complete).toBe(true);
    const observations = await queryDay(stack.tableName, DATE);
    expect(observations).toHaveLength(run.jobs);

    // The page walled for everyone: blocked, after its three tries, each on a new session.
    const walled = observations.find((o) => o.page === 'mascara' && o.market === 'us')!;
    expect(walled.status).toBe('blocked');
    expect(walled.attempts?.map((a) => a.httpStatus)).toEqual([403, 403, 403]);
    expect(new Set(walled.attempts?.map((a) => a.session)).size).toBe(3);
    expect(walled.message).toMatch(/turned away 3 time\(s\)/);

    // Every other page passed, some only after the listed sessions were dropped.
    const others = observations.filter((o) => o !== walled);
    expect(others.map((o) => [o.market, o.page, o.keyword, o.status]).filter(([, , , s]) => s !== 'ok')).toEqual([]);
    const rotated = others.filter((o) => o.attempts?.some((a) => a.httpStatus === 429));
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    for (const page of rotated) expect(page.attempts!.at(-1)!.status).toBe('ok');
    // The first listed session waited out its Retry-After (1 s) before the next try.
    expect(rotated.flatMap((o) => o.attempts!).find((a) => a.httpStatus === 429)!.waitMs).toBeGreaterThanOrEqual(1_000);

    // All of it went through the proxy, with its credentials, as sessions that stuck once they passed.
    expect(proxy.refused).toBe(0);
    expect(proxy.perSession.size).toBeGreaterThanOrEqual(3);
    expect(proxy.perSession.size).toBeLessThan(run.jobs);
    expect([...proxy.perSession.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(run.jobs);

    // The password: nowhere in what the stack keeps or says.
    const evidence = await allEvidence(stack);
    expect(evidence.length).toBeGreaterThan(0);
    const answer = await fetch(`${stack.http.url}/scorecards/${DATE}`, {
      headers: { ...(await bearer(stack)), accept: 'application/json' },
    });
    expect(answer.status).toBe(200);
    const api = await answer.text();
    for (const [what, text] of [
      ['observations', JSON.stringify(observations)],
      ['evidence', evidence.join('\n')],
      ['logs', logged.join('')],
      ['API', api],
    ] as const) {
      expect(text.includes(PASSWORD), `${what} hold the proxy password`).toBe(false);
      expect(text.includes(`${proxy.port}`) && text.includes(`:${PASSWORD}@`), `${what} hold the proxy URL`).toBe(
        false,
      );
    }
  }, 300_000);
});

async function allEvidence(running: LocalStack): Promise<string[]> {
  const s3 = new S3Client({ endpoint: running.endpoints.s3, forcePathStyle: true });
  const texts: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: running.bucketName, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const body = await s3.send(new GetObjectCommand({ Bucket: running.bucketName, Key: object.Key! }));
      const bytes = Buffer.from(await body.Body!.transformToByteArray());
      texts.push(object.Key!.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('latin1'));
    }
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return texts;
}
