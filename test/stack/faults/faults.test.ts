import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { dynamo } from '../../../functions/core/aws/dynamo.ts';
import { kinesis } from '../../../functions/core/aws/kinesis.ts';
import { s3 } from '../../../functions/core/aws/s3.ts';
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

/**
 * The fault-injection suite: a scan of 300+ demo-shop pages while the shop, the browser and the AWS
 * clients fail on purpose. Shop faults and the browser crash are real; DynamoDB throttling,
 * Kinesis partial failures and S3 errors cannot be produced by the local servers, so those clients
 * are wrapped to fail (said in the test names). Every job must end as exactly one observation
 * with the status its faults imply.
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
    env: { NAVIGATION_TIMEOUT_MS: '2500', SETTLE_TIMEOUT_MS: '1500', SCRAPE_CONCURRENCY: '4' },
  });
  injectClientFaults();

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
  vi.restoreAllMocks();
  observations = await queryDay(stack.tableName, DATE);
  for (const { fault, name } of SHOP_FAULTS) {
    const fired =
      shop.faults.list().find((active) => active.type === fault.type && active.path === fault.path)?.fired ?? 0;
    count(name, fired);
  }
}, 900_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
  await shop?.close();
  await rm(selectorsDir, { recursive: true, force: true });
});

/** DynamoDB throttling and unprocessed items, Kinesis partial failures, S3 errors. */
function injectClientFaults(): void {
  const realDynamo = dynamo().send.bind(dynamo());
  let writes = 0;
  vi.spyOn(dynamo(), 'send').mockImplementation(async (command: unknown) => {
    if (command instanceof BatchWriteCommand) {
      writes += 1;
      if (writes % 4 === 0) {
        count('DynamoDB throttling (mocked client)');
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
          name: 'ProvisionedThroughputExceededException',
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (writes % 5 === 0) {
        const [table, requests] = Object.entries(command.input.RequestItems!)[0]!;
        if (requests.length > 1) {
          count('DynamoDB UnprocessedItems (mocked client)');
          await realDynamo(new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, 1) } }));
          return { UnprocessedItems: { [table]: requests.slice(1) } } as never;
        }
      }
    }
    return realDynamo(command as never) as never;
  });
  const realKinesis = kinesis().send.bind(kinesis());
  vi.spyOn(kinesis(), 'send').mockImplementation(async (command: unknown) => {
    const result = (await realKinesis(command as never)) as {
      Records?: Array<Record<string, unknown>>;
      FailedRecordCount?: number;
    };
    if (command instanceof PutRecordsCommand && (command.input.Records?.length ?? 0) > 50) {
      // The first attempt of each big chunk: every 7th entry "throttled" (it was really put once
      // already; the fan-out will put it again, so this also delivers those jobs twice).
      result.Records = result.Records?.map((entry, index) =>
        index % 7 === 3 ? { ErrorCode: 'ProvisionedThroughputExceededException' } : entry,
      );
      result.FailedRecordCount = result.Records?.filter((entry) => entry.ErrorCode).length ?? 0;
      count('Kinesis partial PutRecords failure (mocked client)', result.FailedRecordCount);
    }
    return result as never;
  });
  const realS3 = s3().send.bind(s3());
  let puts = 0;
  vi.spyOn(s3(), 'send').mockImplementation(async (command: unknown) => {
    if (command instanceof PutObjectCommand && ++puts % 40 === 0) {
      count('S3 upload failure (mocked client)');
      throw Object.assign(new Error('We encountered an internal error. Please try again.'), {
        name: 'InternalError',
        $metadata: { httpStatusCode: 500 },
      });
    }
    return realS3(command as never) as never;
  });
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
