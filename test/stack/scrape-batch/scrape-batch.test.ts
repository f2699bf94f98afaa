import type { KinesisStreamRecord } from 'aws-lambda';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, beforeAll, vi } from 'vitest';
import { dynamo } from '../../../functions/core/aws/dynamo.ts';
import { createBrowserPool } from '../../../functions/core/browser/pool.ts';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { expandTargets, targetKey } from '../../../functions/core/jobs/expand.ts';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { scrapeBatch, type ScrapeDeps } from '../../../functions/core/scrape-batch/scrape-batch.ts';
import { pageUrl } from '../../../functions/core/selectors/urls.ts';
import { writeItems } from '../../../functions/core/store/write-items.ts';
import { runJobItem } from '../../../functions/core/store/runs/job-marker.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';
import { useDemoShop } from '../../support/demo.ts';

const aws = useAwsServers();
const demo = useDemoShop();
const silent = { warn: () => undefined, error: () => undefined };

function records(runId: string, count: number, sequence = 49): KinesisStreamRecord[] {
  return expandTargets(demo.sites)
    .slice(0, count)
    .map(
      (job, index) =>
        ({
          kinesis: {
            data: Buffer.from(encodeJobRecord(runId, '2026-11-23', job)).toString('base64'),
            sequenceNumber: `${sequence}${index}`,
            partitionKey: 'p',
          },
        }) as KinesisStreamRecord,
    );
}

const marker = async (runId: string, key: string) =>
  (await dynamo().send(new GetCommand({ TableName: 'batch', Key: { pk: `RUN#${runId}`, sk: `JOB#${key}` } }))).Item;

function deps(over: Partial<ScrapeDeps>): ScrapeDeps {
  return {
    sites: demo.sites,
    classify: createClassifier(demo.tracking),
    browsers: createBrowserPool(() => launchBrowser()),
    tableName: 'batch',
    bucketName: 'none',
    concurrency: 2,
    log: silent,
    ...over,
  };
}

describe('scrapeBatch', () => {
  beforeAll(() => createTable(aws.dynamo(), 'batch'));
  afterEach(() => vi.restoreAllMocks());

  it('starts no page when the Lambda is about to time out, and reports every record for retry', async () => {
    const browsers = createBrowserPool(() => launchBrowser());
    const response = await scrapeBatch(
      records('run-late', 4),
      deps({ browsers, remainingMs: () => 5_000, pageBudgetMs: 30_000 }),
    );
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['490', '491', '492', '493']);
    expect(browsers.launches()).toBe(0);
    expect(await queryDay('batch', '2026-11-23')).toEqual([]);
  });

  it('skips a redelivered record whose job this run already finished', async () => {
    const browsers = createBrowserPool(() => launchBrowser());
    const batch = records('run-again', 3);
    const [first] = expandTargets(demo.sites);
    await writeItems([runJobItem('run-again', first!, { status: 'ok', attempts: 1, final: true }, new Date())], {
      tableName: 'batch',
    });
    const response = await scrapeBatch(batch.slice(0, 1), deps({ browsers }));
    expect(response.batchItemFailures).toEqual([]);
    expect(browsers.launches()).toBe(0);
  });

  it('reports a malformed record (for the dead-letter queue) without holding back the others', async () => {
    const batch = records('run-mixed', 2);
    const garbage = {
      kinesis: { data: Buffer.from('{oops').toString('base64'), sequenceNumber: '999', partitionKey: 'p' },
    } as KinesisStreamRecord;
    const errors: Array<Record<string, unknown>> = [];
    const browsers = createBrowserPool(() => launchBrowser());
    const response = await scrapeBatch(
      [batch[0]!, garbage, batch[1]!],
      deps({
        browsers,
        bucketName: 'missing-bucket',
        log: { warn: () => undefined, error: (_m, extra) => errors.push(extra) },
      }),
    );
    await browsers.close();
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '999' }]);
    expect(errors).toContainEqual({ error: 'record 1 (sequence 999): data is not JSON' });
    const stored = await queryDay('batch', '2026-11-23');
    expect(stored.filter((o) => o.runId === 'run-mixed').map((o) => o.status)).toEqual(['ok', 'ok']);
    // The bucket does not exist: the observations are kept all the same, marked.
    expect(stored.every((o) => o.evidence.error?.startsWith('evidence upload failed'))).toBe(true);
  });

  it('two runs with the same jobs in one batch (a double-click): every record done, both runs’ markers, one observation each, the later run’s', async () => {
    const browsers = createBrowserPool(() => launchBrowser());
    const batch = [...records('run-click-1', 3, 50), ...records('run-click-2', 3, 51)];
    const response = await scrapeBatch(batch, deps({ browsers }));
    await browsers.close();
    expect(response.batchItemFailures).toEqual([]);
    const keys = expandTargets(demo.sites).slice(0, 3).map(targetKey);
    for (const runId of ['run-click-1', 'run-click-2']) {
      for (const key of keys)
        expect(await marker(runId, key)).toMatchObject({ status: 'ok', final: true, attempts: 1 });
    }
    const day = (await queryDay('batch', '2026-11-23')).filter((o) => o.runId.startsWith('run-click'));
    expect(day).toHaveLength(3);
    // Each page's observation is the one read last (the markers keep when each run read it).
    for (const observation of day) {
      const times = await Promise.all(
        ['run-click-1', 'run-click-2'].map(async (runId) => ({
          runId,
          at: String((await marker(runId, targetKey(observation)))?.updatedAt),
        })),
      );
      expect(observation.runId).toBe(times.sort((a, b) => a.at.localeCompare(b.at)).at(-1)!.runId);
    }
  });

  it('an observation DynamoDB refuses as it is is recorded as failed with why, and not retried (mocked DynamoDB client: a refused item)', async () => {
    const real = dynamo().send.bind(dynamo());
    vi.spyOn(dynamo(), 'send').mockImplementation(async (command: unknown) => {
      if (command instanceof BatchWriteCommand) {
        const requests = command.input.RequestItems!.batch!;
        if (
          requests.some(
            (request) => request.PutRequest?.Item?.type === 'observation' && request.PutRequest.Item.status === 'ok',
          )
        ) {
          throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
            name: 'ValidationException',
            $metadata: { httpStatusCode: 400 },
          });
        }
      }
      return real(command as never) as never;
    });
    const errors: string[] = [];
    const browsers = createBrowserPool(() => launchBrowser());
    const response = await scrapeBatch(
      records('run-refused', 1, 52),
      deps({ browsers, log: { warn: () => undefined, error: (message) => errors.push(message) } }),
    );
    await browsers.close();
    vi.restoreAllMocks();
    expect(response.batchItemFailures).toEqual([]);
    expect(errors).toContain(
      'DynamoDB refused items as they are; their pages are recorded as failed instead, not retried',
    );
    const [observation] = (await queryDay('batch', '2026-11-23')).filter((o) => o.runId === 'run-refused');
    expect(observation).toMatchObject({
      status: 'failed',
      summary: null,
      message: expect.stringMatching(
        /^The page was read \(status ok\), but DynamoDB refused its observation \(ValidationException: Item size/,
      ),
    });
    expect(await marker('run-refused', targetKey(expandTargets(demo.sites)[0]!))).toMatchObject({
      status: 'failed',
      final: true,
    });
  });

  it('counts attempts across deliveries: a page failing every time is retried, then final on its last attempt, said in the log', async () => {
    const first = expandTargets(demo.sites)[0]!;
    const path = new URL(pageUrl(demo.site(first.market), demo.site(first.market).pages[0]!, first.keyword)).pathname;
    // A page that times out (a site turning it away is tried again within the batch instead: read-attempts.test.ts).
    demo.shop.faults.add({ type: 'slow', market: first.market, path, delayMs: 1_500 });
    const readOptions = { navigationTimeoutMs: 400 };
    const browsers = createBrowserPool(() => launchBrowser());
    const errors: Array<Record<string, unknown>> = [];
    const log = {
      warn: () => undefined,
      error: (message: string, extra: Record<string, unknown>) => errors.push({ ...extra, logged: message }),
    };
    const [record] = records('run-spent', 1, 53);
    const key = targetKey(first);
    const hitsBefore = demo.shop.hits.get(path) ?? 0;
    try {
      for (const attempt of [1, 2]) {
        expect(
          (await scrapeBatch([record!], deps({ browsers, log, pageAttempts: 3, readOptions }))).batchItemFailures,
        ).toHaveLength(1);
        expect(await marker('run-spent', key)).toMatchObject({ status: 'timeout', attempts: attempt, final: false });
      }
      expect(
        (await scrapeBatch([record!], deps({ browsers, log, pageAttempts: 3, readOptions }))).batchItemFailures,
      ).toEqual([]);
      expect(await marker('run-spent', key)).toMatchObject({ status: 'timeout', attempts: 3, final: true });
      expect(errors).toEqual([
        expect.objectContaining({
          logged: 'page exhausted its attempts; its last status stands',
          runId: 'run-spent',
          site: 'demo-shop',
          market: first.market,
          page: 'search',
          keyword: first.keyword,
          attempts: 3,
        }),
      ]);
      // A fourth delivery (Kinesis is at-least-once) finds the job finished.
      expect(
        (await scrapeBatch([record!], deps({ browsers, log, pageAttempts: 3, readOptions }))).batchItemFailures,
      ).toEqual([]);
      expect((demo.shop.hits.get(path) ?? 0) - hitsBefore).toBe(3);
    } finally {
      demo.shop.faults.clear();
      await browsers.close();
    }
  });
});
