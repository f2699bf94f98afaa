import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  KinesisEventSource,
  type EventSourceSettings,
  type FailureRecord,
} from '../../../scripts/local/kinesis-source.ts';
import { failureRecordSchema } from '../../../functions/core/schemas/failure-record.ts';
import { createStream, useAwsServers } from '../../support/aws.ts';

const aws = useAwsServers();

type Event = {
  Records: Array<{ kinesis: { data: string; sequenceNumber: string }; eventSource: string; eventSourceARN: string }>;
};
const values = (event: Event) =>
  event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));

/** The data of the records a failure record carries (its payload: the invocation event). */
const letterData = (letter: FailureRecord) => values(letter.payload as Event);

/** Records r<from>… on the stream; `keys` partition keys taken in turn (k0, k1, …), or all on one. */
const put = (name: string, from: number, count: number, keys = 1) =>
  aws.kinesis().send(
    new PutRecordsCommand({
      StreamName: name,
      Records: Array.from({ length: count }, (_u, i) => ({
        Data: Buffer.from(`r${from + i}`),
        PartitionKey: keys === 1 ? 'p' : `k${(from + i) % keys}`,
      })),
    }),
  );

async function run(
  name: string,
  settings: Partial<EventSourceSettings>,
  count: number,
  invoke: (event: Event) => Promise<unknown>,
  options: { putBeforeStart?: number; keys?: number } = {},
) {
  const shardIds = await createStream(aws.kinesis(), name);
  const written: FailureRecord[] = [];
  const source = new KinesisEventSource(
    aws.kinesis(),
    {
      streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
      streamName: name,
      shardIds,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:scrape',
      startingPosition: 'TRIM_HORIZON',
      batchSize: 4,
      parallelizationFactor: 1,
      maxConcurrentInvocations: 1,
      maximumRetryAttempts: 2,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: true,
      retentionHours: 24,
      ...settings,
    },
    (event) => invoke(event as Event),
    async (record) => {
      written.push(record);
    },
  );
  if (options.putBeforeStart) await put(name, 0, options.putBeforeStart);
  await source.start();
  await put(name, options.putBeforeStart ?? 0, count, options.keys);
  // Let the pollers see the new records before asking whether they are idle.
  await sleep(200);
  while (!source.idle()) await sleep(20);
  await source.stop();
  expect(written).toEqual(source.deadLetters);
  return source;
}

describe('Local Kinesis event source mapping', () => {
  it('delivers Lambda-shaped batches of at most BatchSize records, in order', async () => {
    const batches: string[][] = [];
    await run('es-order', {}, 10, async (event) => {
      expect(event.Records[0]).toMatchObject({
        eventSource: 'aws:kinesis',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/es-order',
      });
      batches.push(values(event));
      return { batchItemFailures: [] };
    });
    expect(batches.flat()).toEqual(Array.from({ length: 10 }, (_u, i) => `r${i}`));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(4);
  });

  it('retries from the first failed record, then moves on', async () => {
    const seen: string[][] = [];
    let failedOnce = false;
    await run('es-partial', {}, 4, async (event) => {
      seen.push(values(event));
      const r2 = event.Records.find((record) => Buffer.from(record.kinesis.data, 'base64').toString() === 'r2');
      if (r2 && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: r2.kinesis.sequenceNumber }] };
      }
      return { batchItemFailures: [] };
    });
    expect(seen).toEqual([
      ['r0', 'r1', 'r2', 'r3'],
      ['r2', 'r3'],
    ]);
  });

  it('sends records that keep failing to the on-failure destination after MaximumRetryAttempts, as AWS writes it to S3', async () => {
    let invocations = 0;
    const source = await run('es-exhaust', { maximumRetryAttempts: 2 }, 3, async (event) => {
      invocations += 1;
      const r1 = event.Records.find((record) => Buffer.from(record.kinesis.data, 'base64').toString() === 'r1');
      return { batchItemFailures: r1 ? [{ itemIdentifier: r1.kinesis.sequenceNumber }] : [] };
    });
    expect(invocations).toBe(3);
    expect(source.deadLetters).toHaveLength(1);
    const [letter] = source.deadLetters;
    // What AWS documents for Kinesis: context, the shard's sequence range and, for S3, the event.
    expect(letter).toMatchObject({
      requestContext: {
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:scrape',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      version: '1.0',
      KinesisBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        // From the checkpoint (the first failed record) to the batch's end, as AWS gives up on it.
        batchSize: 2,
        streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/es-exhaust',
      },
    });
    // A partial batch response is no function error.
    expect(letter!.responseContext).not.toHaveProperty('functionError');
    expect(letterData(letter!)).toEqual(['r1', 'r2']);
    expect(failureRecordSchema.safeParse(JSON.parse(JSON.stringify(letter))).success).toBe(true);
  });

  it('bisects a batch whose invocation throws, isolating the poison record (bisecting spends no retry)', async () => {
    const ok: string[] = [];
    const source = await run(
      'es-bisect',
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
      4,
      async (event) => {
        if (values(event).includes('r2')) throw new Error('boom');
        ok.push(...values(event));
        return {};
      },
    );
    expect(ok.sort()).toEqual(['r0', 'r1', 'r3']);
    expect(source.deadLetters.map(letterData)).toEqual([['r2']]);
    expect(source.deadLetters[0]!.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 1,
    });
    expect(source.deadLetters[0]!.responseContext.functionError).toBe('Unhandled');
  });

  it('with TRIM_HORIZON reads records put before the mapping started; with LATEST it skips them', async () => {
    const trim: string[] = [];
    await run(
      'es-trim',
      { startingPosition: 'TRIM_HORIZON' },
      2,
      async (event) => {
        trim.push(...values(event));
        return {};
      },
      { putBeforeStart: 3 },
    );
    expect(trim).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    const latest: string[] = [];
    await run(
      'es-latest',
      { startingPosition: 'LATEST' },
      2,
      async (event) => {
        latest.push(...values(event));
        return {};
      },
      { putBeforeStart: 3 },
    );
    expect(latest).toEqual(['r3', 'r4']);
  });

  it('drops records older than MaximumRecordAgeInSeconds to the destination (RecordAgeExceeded), never invoking with them', async () => {
    const seen: string[] = [];
    const source = await run('es-age', { maximumRecordAgeSeconds: 1, maximumRetryAttempts: -1 }, 2, async (event) => {
      seen.push(...values(event));
      // Fails until the records are too old: only their age ends the retries (-1: no retry limit).
      await sleep(300);
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.kinesis.sequenceNumber })) };
    });
    expect(source.deadLetters.map((letter) => letter.requestContext.condition)).toEqual(['RecordAgeExceeded']);
    expect(letterData(source.deadLetters[0]!)).toEqual(['r0', 'r1']);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('loses records the stream trimmed at its retention before they were read: never invoked, no failure record', async () => {
    const seen: string[] = [];
    // The mapping's clock is 25 hours ahead: every record is past the stream's 24 hours.
    const source = await run('es-retention', { now: () => Date.now() + 25 * 3_600_000 }, 3, async (event) => {
      seen.push(...values(event));
    });
    expect(seen).toEqual([]);
    expect(source.trimmed).toBe(3);
    expect(source.deadLetters).toEqual([]);
  });

  it('reports IteratorAge for every batch: how long its last record waited on the stream', async () => {
    const source = await run('es-iterator-age', { batchSize: 2 }, 4, async () => {
      await sleep(150);
    });
    expect(source.iteratorAges).toHaveLength(2);
    // The second batch waited while the first was read.
    expect(source.iteratorAges[1]!.ageMs).toBeGreaterThanOrEqual(source.iteratorAges[0]!.ageMs + 100);
  });

  it('reads a shard in ParallelizationFactor slots at once, a partition key in one slot and in order, within the concurrency allowed', async () => {
    let running = 0;
    let most = 0;
    const seen = new Map<string, number[]>();
    const inFlight = new Set<string>();
    let overlap = false;
    await run(
      'es-parallel',
      { parallelizationFactor: 4, maxConcurrentInvocations: 3 },
      96,
      async (event) => {
        const keys = new Set(
          event.Records.map((record) => (record.kinesis as { partitionKey?: string }).partitionKey!),
        );
        for (const key of keys) if (inFlight.has(key)) overlap = true;
        for (const key of keys) inFlight.add(key);
        running += 1;
        most = Math.max(most, running);
        for (const record of event.Records) {
          const key = (record.kinesis as { partitionKey?: string }).partitionKey!;
          seen.set(key, [...(seen.get(key) ?? []), Number(values({ Records: [record] } as Event)[0]!.slice(1))]);
        }
        await sleep(60);
        running -= 1;
        for (const key of keys) inFlight.delete(key);
        return {};
      },
      { keys: 12 },
    );
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
    expect(overlap).toBe(false);
    expect([...seen.values()].flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 96 }, (_u, i) => i));
    for (const numbers of seen.values()) expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });
});
