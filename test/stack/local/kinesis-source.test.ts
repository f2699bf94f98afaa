import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KinesisEventSource, type EventSourceSettings } from '../../../scripts/local/kinesis-source.ts';
import { createStream, useAwsServers } from '../../support/aws.ts';

const aws = useAwsServers();

type Event = {
  Records: Array<{ kinesis: { data: string; sequenceNumber: string }; eventSource: string; eventSourceARN: string }>;
};
const values = (event: Event) =>
  event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));

async function run(
  name: string,
  settings: Partial<EventSourceSettings>,
  count: number,
  invoke: (event: Event) => Promise<unknown>,
) {
  const shardIds = await createStream(aws.kinesis(), name);
  const source = new KinesisEventSource(
    aws.kinesis(),
    {
      streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
      streamName: name,
      shardIds,
      batchSize: 4,
      maximumRetryAttempts: 2,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: true,
      ...settings,
    },
    (event) => invoke(event as Event),
  );
  await source.start();
  await aws.kinesis().send(
    new PutRecordsCommand({
      StreamName: name,
      Records: Array.from({ length: count }, (_u, i) => ({ Data: Buffer.from(`r${i}`), PartitionKey: 'p' })),
    }),
  );
  // Let the pollers see the new records before asking whether they are idle.
  await sleep(200);
  while (!source.idle()) await sleep(20);
  await source.stop();
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

  it('sends records that keep failing to the on-failure destination after MaximumRetryAttempts', async () => {
    let invocations = 0;
    const source = await run('es-exhaust', { maximumRetryAttempts: 2 }, 3, async (event) => {
      invocations += 1;
      const r1 = event.Records.find((record) => Buffer.from(record.kinesis.data, 'base64').toString() === 'r1');
      return { batchItemFailures: r1 ? [{ itemIdentifier: r1.kinesis.sequenceNumber }] : [] };
    });
    expect(invocations).toBe(3);
    expect(source.deadLetters).toHaveLength(1);
    expect(source.deadLetters[0]!.records.map((record) => record.data)).toEqual(['r1']);
  });

  it('bisects a batch whose invocation throws, isolating the poison record', async () => {
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
    expect(source.deadLetters.map((letter) => letter.records.map((record) => record.data))).toEqual([['r2']]);
    expect(source.deadLetters[0]!.reason).toMatch(/boom/);
  });
});
