import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dynamo } from '../../../functions/core/aws/dynamo.ts';
import { expandTargets, targetKey } from '../../../functions/core/jobs/expand.ts';
import { partitionKeyOf } from '../../../functions/core/jobs/lanes.ts';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { runPartition } from '../../../functions/core/store/keys.ts';
import type { Observation, RunProgress } from '../../../functions/core/store/model.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { CATALOG, DEMO_BRANDS } from '../../../scripts/demo-shop/catalog.ts';
import { BUNDLED_MARKETS, DEMO_MARKETS } from '../../../scripts/demo-shop/markets.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { chromiumChildren } from '../../support/chromium-processes.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';

/**
 * The fault-injection suite: a scan of 300+ demo-shop pages while the shop, the browser and AWS fail
 * on purpose. Shop faults and the browser crash are real; DynamoDB throttling, Kinesis partial
 * failures and S3 errors are AWS's own answers, given at the local services' doors (no client is
 * mocked). Every job must end as exactly one observation with the status its faults imply.
 */
const DATE = '2026-11-23';
const injected = new Map<string, number>();
const count = (fault: string, n = 1) => injected.set(fault, (injected.get(fault) ?? 0) + n);

/** Per market: its category words, every brand, every product line, and words nothing matches. */
function keywordsFor(market: string): string[] {
  const lines = [...new Set(CATALOG.map((product) => product.line.toLowerCase()))];
  const nothing = Array.from({ length: 36 }, (_unused, index) => `zz-${String(index).padStart(2, '0')}`);
  return [
    ...Object.keys(DEMO_MARKETS[market]!.keywords),
    ...DEMO_BRANDS.map((brand) => brand.toLowerCase()),
    ...lines,
    ...nothing,
  ];
}

/** Faults the shop itself produces, and the final status each implies for its page. */
const SHOP_FAULTS = [
  {
    fault: { type: 'slow', market: 'us', path: '/us/search', times: 3, delayMs: 4_000 },
    name: 'page timeout (then recovers)',
  },
  {
    fault: { type: 'slow', market: 'uk', path: '/uk/c/mascara', delayMs: 4_000 },
    name: 'page timeout (every attempt)',
    job: 'demo-shop#uk#mascara#',
    status: 'timeout',
  },
  { fault: { type: 'http500', market: 'de', path: '/de/make-up/mascara', times: 1 }, name: 'HTTP 500 (then recovers)' },
  {
    fault: { type: 'http500', market: 'fr', path: '/fr/maquillage/mascara' },
    name: 'HTTP 500 (every attempt)',
    job: 'demo-shop#fr#mascara#',
    status: 'http_error',
  },
  {
    fault: { type: 'captcha', market: 'us', path: '/us/c/mascara' },
    name: 'captcha page',
    job: 'demo-shop#us#mascara#',
    status: 'blocked',
  },
  {
    fault: { type: 'layout', market: 'uk', path: '/uk/$' },
    name: 'layout change',
    job: 'demo-shop#uk#home#',
    status: 'selector_miss',
  },
] as const;

let shop: DemoShop;
let stack: LocalStack;
let selectorsDir: string;
let runId: string;
let jobs: ReturnType<typeof expandTargets>;
let final: RunProgress;
let observations: Observation[];
let malformed: string[];

beforeAll(async () => {
  selectorsDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-faults-'));
  await cp(path.join(REPO_ROOT, 'selectors'), selectorsDir, { recursive: true });
  for (const market of BUNDLED_MARKETS) {
    const file = path.join(selectorsDir, 'demo-shop', `${market}.yaml`);
    const site = parse(await readFile(file, 'utf8'));
    site.pages[0].keywords = keywordsFor(market);
    await writeFile(file, stringify(site));
  }
  jobs = expandTargets((await loadSelectorDir(selectorsDir)).sites);

  shop = await startDemoShop({ date: DATE });
  for (const { fault } of SHOP_FAULTS) shop.faults.add({ ...fault });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    selectorsDir,
    siteOrigins: { 'demo-shop': shop.url },
    // Navigation short, so the slow pages time out quickly; the wait for tiles long enough that a
    // browser-rendered page (de, uk) shows its tiles on a loaded 2-core machine.
    env: { NAVIGATION_TIMEOUT_MS: '2500', SETTLE_TIMEOUT_MS: '3000', SCRAPE_CONCURRENCY: '4' },
  });
  await injectServiceFaults();

  const run = await stack.scheduledScan(new Date(`${DATE}T06:00:00Z`));
  runId = run.runId;
  const raw = new KinesisClient({
    region: LOCAL_REGION,
    endpoint: stack.endpoints.kinesis,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  });
  let crashed = false;
  let sentExtra = false;
  final = await stack.waitForRun(
    runId,
    (progress) => {
      const finished = progress.jobsExpected - progress.pending;
      if (!crashed && finished >= 60) {
        crashed = true;
        const pids = chromiumChildren();
        for (const pid of pids) process.kill(pid, 'SIGKILL');
        if (pids.length) count('browser crash mid-batch (SIGKILL)');
      }
      if (!sentExtra && finished >= 100) {
        sentExtra = true;
        void sendDuplicatesAndMalformed(raw);
      }
    },
    600_000,
  );
  // The extra records may still be in flight when the last job lands.
  while (!sentExtra || !stack.events.idle()) await sleep(200);
  raw.destroy();
  await countServiceFaults();
  observations = await queryDay(stack.tableName, DATE);
  for (const { fault, name } of SHOP_FAULTS) {
    const fired =
      shop.faults.list().find((active) => active.type === fault.type && active.path === fault.path)?.fired ?? 0;
    count(name, fired);
  }
}, 900_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  await rm(selectorsDir, { recursive: true, force: true });
});

/**
 * DynamoDB throttling and unprocessed items, Kinesis partial failures, S3 errors: switched on at the
 * local services' doors, so the functions' real clients get AWS's own answers over the wire (their
 * retries included). Only the scrape function's writes and the fan-out's puts are hit.
 */
async function injectServiceFaults(): Promise<void> {
  await stack.awsFaults.add({
    service: 'dynamodb',
    operation: 'BatchWriteItem',
    kind: 'throttle',
    every: 4,
    role: 'ScrapeRole',
  });
  await stack.awsFaults.add({
    service: 'dynamodb',
    operation: 'BatchWriteItem',
    kind: 'unprocessed',
    every: 5,
    role: 'ScrapeRole',
  });
  await stack.awsFaults.add({
    service: 'kinesis',
    operation: 'PutRecords',
    kind: 'partial',
    every: 1,
    role: 'FanoutRole',
  });
  // A share of evidence keys refused on every attempt: their upload finally fails.
  await stack.awsFaults.add({
    service: 's3',
    operation: 'PutObject',
    kind: 'internal-error',
    share: 0.03,
    role: 'ScrapeRole',
  });
}

/** What the services' doors did, under the names this suite reports. */
async function countServiceFaults(): Promise<void> {
  const fired = await stack.awsFaults.fired();
  const names: Record<string, string> = {
    'dynamodb BatchWriteItem throttle': 'DynamoDB throttling (at the service)',
    'dynamodb BatchWriteItem unprocessed': 'DynamoDB UnprocessedItems (at the service)',
    'kinesis PutRecords partial': 'Kinesis partial PutRecords failure (at the service)',
    's3 PutObject internal-error': 'S3 upload failure (at the service)',
  };
  for (const [fault, n] of Object.entries(fired)) count(names[fault] ?? fault, n);
}

/** Duplicate delivery of real job records, and records no schema accepts. */
async function sendDuplicatesAndMalformed(client: KinesisClient): Promise<void> {
  const duplicates = jobs.slice(0, 25);
  malformed = [
    'not json at all',
    JSON.stringify({ v: 1, runId, date: DATE }),
    JSON.stringify({
      v: 1,
      runId,
      date: DATE,
      job: { site: 'demo-shop', market: 'fr', page: 'search', kind: 'banner' },
    }),
    JSON.stringify({ v: 1, runId, date: 'yesterday', job: jobs[0] }),
    JSON.stringify({ v: 1, runId, date: DATE, job: { ...jobs[0], url: 'http://169.254.169.254/' } }),
  ];
  await client.send(
    new PutRecordsCommand({
      StreamName: 'JobStream',
      Records: [
        ...duplicates.map((job) => ({ Data: encodeJobRecord(runId, DATE, job), PartitionKey: partitionKeyOf(job) })),
        ...malformed.map((data) => ({ Data: Buffer.from(data), PartitionKey: 'demo-shop#fr' })),
      ],
    }),
  );
  count('duplicate delivery of job records', duplicates.length);
  count('malformed records', malformed.length);
}

describe('Fault injection: a 300+ page scan with everything failing on purpose', () => {
  it('injects every kind of fault', () => {
    expect(jobs.length).toBeGreaterThanOrEqual(300);
    for (const kind of [
      'browser crash',
      'page timeout',
      'HTTP 500',
      'captcha',
      'layout',
      'DynamoDB throttling',
      'Kinesis partial',
      'S3 upload',
      'duplicate delivery',
      'malformed',
    ]) {
      expect(
        [...injected].some(([name, n]) => name.includes(kind) && n > 0),
        `no "${kind}" fault fired: ${JSON.stringify([...injected])}`,
      ).toBe(true);
    }
  });

  it('accounts for every job exactly once: zero lost, zero counted twice', async () => {
    const expectedKeys = new Set(jobs.map(targetKey));
    const observed = observations.map(targetKey);
    const lost = [...expectedKeys].filter((key) => !observed.includes(key));
    const duplicates = observed.length - new Set(observed).size;
    const runJobs = await countRunJobs(runId);
    const accounted = Object.values(final.done).reduce((sum, n) => sum + n, 0);
    const faults = [...injected.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `faults: ${faults} injected, jobs: ${jobs.length}, accounted: ${accounted}, duplicates: ${duplicates + (runJobs - expectedKeys.size)}, lost: ${lost.length}`,
    );
    console.log(`fault breakdown: ${[...injected].map(([name, n]) => `${name} ×${n}`).join('; ')}`);
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    expect(runJobs).toBe(jobs.length);
    expect(accounted).toBe(jobs.length);
    expect(final).toMatchObject({ jobsExpected: jobs.length, pending: 0, complete: true });
    expect(observations.every((o) => o.runId === runId)).toBe(true);
  });

  it('gives each page the status its faults imply, and every other page ok', () => {
    const expected = new Map<string, string>(
      SHOP_FAULTS.flatMap((entry) => ('job' in entry ? [[entry.job, entry.status] as const] : [])),
    );
    const wrong = observations
      .filter((o) => o.status !== (expected.get(targetKey(o)) ?? 'ok'))
      .map((o) => `${targetKey(o)}: ${o.status} (${o.message})`);
    expect(wrong).toEqual([]);
    expect(final.done).toMatchObject({
      timeout: 1,
      http_error: 1,
      blocked: 1,
      selector_miss: 1,
      failed: 0,
      ok: jobs.length - 4,
    });
  });

  it('keeps the observation when its evidence upload finally fails, marked so', () => {
    const marked = observations.filter((o) => o.evidence.error);
    expect(marked.length).toBeGreaterThan(0);
    for (const observation of marked) {
      expect(observation.evidence.error).toMatch(/^evidence upload failed: We encountered an internal error/);
      expect(observation.message).toContain('evidence upload failed');
    }
  });

  it('sends malformed records to the dead-letter destination; a page out of attempts ends as its last status instead', async () => {
    const letters = stack.events.deadLetters.flatMap((letter) =>
      (letter.payload.Records as Array<{ kinesis: { data: string } }>).map((record) =>
        Buffer.from(record.kinesis.data, 'base64').toString('utf8'),
      ),
    );
    for (const data of malformed) expect(letters).toContain(data);
    // A failure record runs from the first failed record to its batch's end, as on AWS: the jobs in
    // it were read, and the dead-letter function left them as they were (no marker names a letter).
    const markers = await runMarkers(runId);
    expect([...markers.values()].filter((marker) => marker.deadLetter)).toEqual([]);
    // The two pages that fail on every attempt are finished by their last one, with its status: the
    // one answering 500 after its three tries in one delivery (each listed on its observation), the
    // one timing out after three deliveries.
    expect(['demo-shop#fr#mascara#', 'demo-shop#uk#mascara#'].map((key) => markers.get(key))).toEqual([
      expect.objectContaining({ status: 'http_error', attempts: 1, final: true }),
      expect.objectContaining({ status: 'timeout', attempts: 3, final: true }),
    ]);
    const answered500 = observations.find((o) => o.market === 'fr' && o.page === 'mascara')!;
    expect(answered500.attempts?.map((attempt) => attempt.httpStatus)).toEqual([500, 500, 500]);
  });
});

async function runMarkers(id: string): Promise<Map<string, Record<string, unknown>>> {
  const markers = new Map<string, Record<string, unknown>>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
        ExpressionAttributeValues: { ':pk': runPartition(id), ':job': 'JOB#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) markers.set(String(item.sk).slice('JOB#'.length), item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return markers;
}

async function countRunJobs(id: string): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
        ExpressionAttributeValues: { ':pk': runPartition(id), ':job': 'JOB#' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
}

describe('The roles as deployed', () => {
  itRefusedNoCall(() => stack);
});
