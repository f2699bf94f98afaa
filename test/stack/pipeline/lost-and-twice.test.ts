import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../../functions/core/aws/dynamo.ts';
import { kinesis } from '../../../functions/core/aws/kinesis.ts';
import { s3 } from '../../../functions/core/aws/s3.ts';
import { decodeJobRecord } from '../../../functions/core/jobs/decode-record.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { legacyDayPartition } from '../../../functions/core/store/keys.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { observationItem } from '../../../functions/core/store/observations/item.ts';
import { writeItems } from '../../../functions/core/store/write-items.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import type { KinesisStreamRecord } from 'aws-lambda';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer, idToken } from '../../support/sign-in.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';

/**
 * What AWS does that loses a page or reads it twice, on the local stack: the scheduler delivering
 * the daily event again, a scrape function that crashes on a page on every attempt (its batch
 * dead-lettered to S3, then recorded and redriven), and days stored before they were split by market.
 */
const DATE = '2026-11-23';
let shop: DemoShop;
let stack: LocalStack;
const failureBucket = () => 'jobfailurebucket';

beforeAll(async () => {
  shop = await startDemoShop({ date: DATE });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    siteOrigins: { 'demo-shop': shop.url },
    env: { SCRAPE_CONCURRENCY: '4' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
});

/** Every record on the stream, oldest first, decoded to its run and job. */
async function streamRecords(client: KinesisClient): Promise<Array<{ runId: string; key: string }>> {
  const { StreamName } = { StreamName: 'JobStream' };
  const out: Array<{ runId: string; key: string }> = [];
  for (const ShardId of ['shardId-000000000000']) {
    let iterator = (
      await client.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const [index, record] of (page.Records ?? []).entries()) {
        const decoded = decodeJobRecord(
          {
            kinesis: { data: Buffer.from(record.Data!).toString('base64'), sequenceNumber: record.SequenceNumber! },
          } as KinesisStreamRecord,
          index,
        );
        if (decoded.ok) {
          const { job } = decoded.record;
          out.push({ runId: decoded.record.runId, key: `${job.site}#${job.market}#${job.page}#${job.keyword ?? ''}` });
        }
      }
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

const scheduledEvent = (time: string) => ({
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  time,
  detail: {},
});

describe('A schedule delivered twice', () => {
  it('makes one run: the same run id from the time it was due, nothing put again, whether the deliveries are apart or at once', async () => {
    type Started = { runId: string; jobs: number; started: boolean };
    const first = (await stack.functions.fanout.invoke(scheduledEvent(`${DATE}T06:00:00Z`))) as Started;
    const again = (await stack.functions.fanout.invoke(scheduledEvent(`${DATE}T06:00:00Z`))) as Started;
    expect(first).toMatchObject({ runId: `${DATE}-daily-060000`, started: true });
    expect(again).toEqual({ ...first, started: false });
    const together = (await Promise.all(
      [1, 2, 3].map(() => stack.functions.fanout.invoke(scheduledEvent(`${DATE}T07:30:00Z`))),
    )) as Started[];
    expect(together.filter((run) => run.started)).toHaveLength(1);
    expect(new Set(together.map((run) => run.runId))).toEqual(new Set([`${DATE}-daily-073000`]));

    const progress = await stack.waitForRun(first.runId, undefined, 180_000);
    await stack.waitForRun(`${DATE}-daily-073000`, undefined, 180_000);
    expect(progress).toMatchObject({ complete: true, jobsExpected: first.jobs });
    const records = await streamRecords(kinesis());
    for (const runId of [first.runId, `${DATE}-daily-073000`]) {
      const keys = records.filter((record) => record.runId === runId).map((record) => record.key);
      expect(keys).toHaveLength(first.jobs);
      expect(new Set(keys).size).toBe(first.jobs);
    }
  }, 240_000);
});

describe('A page the scrape function crashes on, every time', () => {
  const POISON = 'demo-shop#fr#search#mascara';
  let runId: string;
  let day: string;
  let card: Scorecard;

  it('is put back twice as never tried, then ends as a failed observation that says why and where its job is kept (injected crash: the scrape function’s invoke wrapped)', async () => {
    const invoke = stack.functions.scrape.invoke;
    // What a Lambda that runs out of memory or time on one page looks like to its mapping.
    const crashing = vi.spyOn(stack.functions.scrape, 'invoke').mockImplementation(async (event) => {
      const records = (event as { Records: KinesisStreamRecord[] }).Records;
      const poisoned = records.some((record, index) => {
        const decoded = decodeJobRecord(record, index);
        return (
          decoded.ok &&
          `${decoded.record.job.site}#${decoded.record.job.market}#${decoded.record.job.page}#${decoded.record.job.keyword ?? ''}` ===
            POISON
        );
      });
      if (poisoned) throw new Error('Runtime.OutOfMemory: the function ran out of memory');
      return invoke(event);
    });
    const response = await fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers: { ...(await bearer(stack)), 'content-type': 'application/json' },
      body: JSON.stringify({ markets: ['fr'] }),
    });
    ({ runId, date: day } = (await response.json()) as { runId: string; date: string });
    const progress = await stack.waitForRun(runId, undefined, 180_000);
    crashing.mockRestore();

    expect(progress).toMatchObject({ complete: true, pending: 0, done: { failed: 1 } });
    const letter = stack.events.deadLetters.at(-1)!;
    expect(letter.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
    expect(letter.responseContext.functionError).toBe('Unhandled');

    // The crash comes before the handler, so the page was never tried: it is put back on the stream
    // twice (a neighbour's crash must not cost a page its day), and the third letter records it failed.
    const objects = await s3().send(new ListObjectsV2Command({ Bucket: failureBucket(), Prefix: 'aws/lambda/' }));
    expect(objects.Contents).toHaveLength(3);
    for (const object of objects.Contents!)
      expect(object.Key).toMatch(
        /^aws\/lambda\/[0-9a-f-]{36}\/shardId-000000000000\/\d{4}\/\d{2}\/\d{2}\/\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}-[0-9a-f-]{36}$/,
      );
    const stored = await Promise.all(
      objects.Contents!.map(async ({ Key }) =>
        JSON.parse(
          await (await s3().send(new GetObjectCommand({ Bucket: failureBucket(), Key }))).Body!.transformToString(),
        ),
      ),
    );
    for (const letter of stored) expect(letter.payload.Records).toHaveLength(1);
    const message = (await queryDay(stack.tableName, day, { site: 'demo-shop', market: 'fr' })).find(
      (o) => o.runId === runId && o.page === 'search' && o.keyword === 'mascara',
    )?.message;
    const key = objects.Contents!.map((object) => object.Key!).find((candidate) => message?.includes(candidate));
    expect(key).toBeDefined();
    const putBack = await dynamo().send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `RUN#${runId}`, sk: `JOB#${POISON}` } }),
    );
    expect(putBack.Item?.putBack).toBe(2);

    const [observation] = (await queryDay(stack.tableName, day, { site: 'demo-shop', market: 'fr' })).filter(
      (o) => o.runId === runId && o.page === 'search' && o.keyword === 'mascara',
    );
    expect(observation).toMatchObject({ status: 'failed' });
    expect(observation!.message).toContain(
      'gave up on this page after 3 invocations of its batch: its retries were spent',
    );
    expect(observation!.message).toContain('after being put back unread 2 time(s)');
    expect(observation!.message).toContain(`s3://${failureBucket()}/${key}`);
    expect(observation!.message).toContain(`shelfwatch redrive --run ${runId}`);
    expect(putBack.Item).toMatchObject({ status: 'failed', final: true, deadLetter: `s3://${failureBucket()}/${key}` });
  }, 240_000);

  it('is put back by redrive, alone, and read this time', async () => {
    const redrive = await stack.redrive(runId);
    expect(redrive.jobs.map((job) => `${job.site}#${job.market}#${job.page}#${job.keyword ?? ''}`)).toEqual([POISON]);
    const progress = await stack.waitForRun(runId, undefined, 120_000);
    expect(progress).toMatchObject({ complete: true, done: { failed: 0, ok: 5 } });
    const marker = await dynamo().send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `RUN#${runId}`, sk: `JOB#${POISON}` } }),
    );
    expect(marker.Item).toMatchObject({ status: 'ok', final: true });
    expect(marker.Item).not.toHaveProperty('deadLetter');
    // Nothing left to put back: a second redrive is a no-op.
    expect((await stack.redrive(runId)).jobs).toEqual([]);
    card = (await (
      await fetch(`${stack.http.url}/scorecards/${day}?market=fr`, {
        headers: await bearer(stack),
      })
    ).json()) as Scorecard;
    expect(card.targets.map((target) => target.market)).toEqual(['fr']);
  }, 180_000);
});

describe('A page its batch never reached', () => {
  const UNREACHED = 'demo-shop#uk#search#lipstick';
  const jobOf = (record: KinesisStreamRecord, index: number) => {
    const decoded = decodeJobRecord(record, index);
    return decoded.ok
      ? `${decoded.record.job.site}#${decoded.record.job.market}#${decoded.record.job.page}#${decoded.record.job.keyword ?? ''}`
      : null;
  };

  it('is put back on the stream unread, not recorded failed, and read: the run ends with it ok (injected crash: the scrape function’s invoke wrapped)', async () => {
    const invoke = stack.functions.scrape.invoke;
    const lettersBefore = stack.events.deadLetters.length;
    const letteredYet = () =>
      stack.events.deadLetters
        .slice(lettersBefore)
        .some((letter) =>
          (letter.payload.Records as unknown as KinesisStreamRecord[]).some(
            (record, index) => jobOf(record, index) === UNREACHED,
          ),
        );
    // The function dies before it reaches the page (a neighbour's timeout, its memory), until the
    // mapping gives up on the batch; after that the page's next delivery is read as usual.
    const crashing = vi.spyOn(stack.functions.scrape, 'invoke').mockImplementation(async (event) => {
      const records = (event as { Records: KinesisStreamRecord[] }).Records;
      if (!letteredYet() && records.some((record, index) => jobOf(record, index) === UNREACHED))
        throw new Error('Task timed out after 900.00 seconds');
      return invoke(event);
    });
    const response = await fetch(`${stack.http.url}/scans`, {
      method: 'POST',
      headers: { ...(await bearer(stack)), 'content-type': 'application/json' },
      body: JSON.stringify({ markets: ['uk'] }),
    });
    const { runId } = (await response.json()) as { runId: string };
    const progress = await stack.waitForRun(runId, undefined, 180_000);
    crashing.mockRestore();

    expect(letteredYet()).toBe(true);
    expect(progress).toMatchObject({ complete: true, pending: 0, done: { failed: 0, ok: 5 } });
    const marker = await dynamo().send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `RUN#${runId}`, sk: `JOB#${UNREACHED}` } }),
    );
    // The mapping gave up on its batch (the letter above), so only the put-back can have read it.
    expect(marker.Item).toMatchObject({ status: 'ok', final: true });
    expect(marker.Item).not.toHaveProperty('deadLetter');
  }, 240_000);
});

describe('A day split by site × market', () => {
  it('a market’s scorecard reads only that market’s partitions (and the old whole-day one), not the others', async () => {
    const { loadScorecard } = await import('../../../functions/core/views/load-card.ts');
    const queried: string[] = [];
    const client = dynamo();
    const send = client.send.bind(client);
    // Observed, not faked: every query is passed on as it is.
    const spy = vi.spyOn(client, 'send').mockImplementation(((command: { input: Record<string, unknown> }) => {
      const pk = (command.input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'];
      if (typeof pk === 'string' && pk.startsWith('DAY#')) queried.push(pk);
      return send(command as never);
    }) as never);
    const card = await loadScorecard(stack.tableName, DATE, { market: 'fr' });
    spy.mockRestore();
    expect(card!.targets.map((target) => target.market)).toEqual(['fr']);
    // Today: fr's partition and the old whole-day one; yesterday was not scanned: only its old one.
    expect(new Set(queried)).toEqual(new Set([`DAY#${DATE}#demo-shop#fr`, `DAY#${DATE}`, 'DAY#2026-11-22']));
  });
});

describe('Days stored before observations were split by site × market', () => {
  it('are still read: a scorecard of such a day, and a day with both keeps the newer, per-market one', async () => {
    const OLD_DAY = '2026-10-01';
    const observation = {
      site: 'demo-shop',
      market: 'uk',
      page: 'search',
      kind: 'search' as const,
      keyword: 'mascara',
      date: OLD_DAY,
      runId: `${OLD_DAY}-legacy01`,
      status: 'ok' as const,
      message: null,
      pageUrl: 'http://shop.example/uk/search?q=mascara',
      summary: {
        itemCount: 10,
        ourBestOrganicRank: 2,
        ourTilesInTopN: 3,
        ourShare: 0.3,
        ourSponsored: 0,
        competitorsAhead: [],
      },
      evidence: { html: [], screenshot: null },
      observedAt: `${OLD_DAY}T06:00:00.000Z`,
    };
    // As the table held it before: pk DAY#<date>, and no day-index entry of markets.
    await writeItems([{ ...observationItem(observation as never), pk: legacyDayPartition(OLD_DAY) }], {
      tableName: stack.tableName,
    });
    expect((await queryDay(stack.tableName, OLD_DAY)).map((o) => o.runId)).toEqual([`${OLD_DAY}-legacy01`]);
    expect(await queryDay(stack.tableName, OLD_DAY, { market: 'fr' })).toEqual([]);

    // A replay since wrote the same page under its per-market key: read once, the newer.
    await writeItems(
      [observationItem({ ...observation, runId: `${OLD_DAY}-legacy01`, message: 'replayed' } as never)],
      {
        tableName: stack.tableName,
      },
    );
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await dynamo().send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: 'DAYS', sk: OLD_DAY },
        UpdateExpression: 'ADD markets :m',
        ExpressionAttributeValues: { ':m': new Set(['demo-shop#uk']) },
      }),
    );
    const day = await queryDay(stack.tableName, OLD_DAY);
    expect(day.map((o) => o.message)).toEqual(['replayed']);
  });
});

describe('The roles as deployed', () => {
  itRefusedNoCall(() => stack);
});
