import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kinesis } from '../../../functions/core/aws/kinesis.ts';
import type { Target } from '../../../functions/core/jobs/expand.ts';
import { putJobs, PutJobsError } from '../../../functions/core/launch/put-jobs.ts';
import { createStream, useAwsServers } from '../../support/aws.ts';

const aws = useAwsServers();
const jobs: Target[] = Array.from({ length: 1_234 }, (_unused, index) => ({
  site: 'demo-shop',
  market: ['us', 'uk', 'fr', 'de'][index % 4]!,
  page: 'search',
  kind: 'search',
  keyword: `keyword ${index}`,
}));

async function readAll(client: KinesisClient, stream: string, shardIds: string[]): Promise<string[]> {
  const keywords: string[] = [];
  for (const ShardId of shardIds) {
    let iterator = (
      await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
      keywords.push(
        ...(page.Records ?? []).map((record) => JSON.parse(Buffer.from(record.Data!).toString('utf8')).job.keyword),
      );
      iterator = page.NextShardIterator;
      if (!page.Records?.length) break;
    }
  }
  return keywords;
}

describe('putJobs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('puts 1,234 jobs on a real Kinesis stream in chunks of 500, reporting progress', async () => {
    const shards = await createStream(aws.kinesis(), 'jobs-a', 2);
    const progress: number[] = [];
    await putJobs('run-1', '2026-11-23', jobs, { streamName: 'jobs-a', onProgress: (put) => progress.push(put) });
    expect(progress).toEqual([500, 1_000, 1_234]);
    const put = await readAll(aws.kinesis(), 'jobs-a', shards);
    expect(put.sort()).toEqual(jobs.map((job) => job.keyword).sort());
  });

  it('re-puts the entries a response marks as failed (mocked Kinesis client: partial PutRecords failure)', async () => {
    await createStream(aws.kinesis(), 'jobs-b');
    const send = kinesis().send.bind(kinesis());
    let calls = 0;
    vi.spyOn(kinesis(), 'send').mockImplementation(async (command: unknown) => {
      calls += 1;
      const result = (await send(command as PutRecordsCommand)) as {
        Records?: Array<Record<string, unknown>>;
        FailedRecordCount?: number;
      };
      if (calls === 1) {
        // Pretend the service throttled every third entry, as a busy shard does.
        result.Records = result.Records?.map((entry, index) =>
          index % 3 === 0
            ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
            : entry,
        );
        result.FailedRecordCount = result.Records?.filter((entry) => entry.ErrorCode).length;
      }
      return result as never;
    });
    await putJobs('run-2', '2026-11-23', jobs.slice(0, 30), { streamName: 'jobs-b', baseDelayMs: 1 });
    vi.restoreAllMocks();
    expect(calls).toBe(2);
    const put = await readAll(aws.kinesis(), 'jobs-b', ['shardId-000000000000']);
    // The ten throttled entries were put again; the 20 that had succeeded were not put twice.
    expect(put).toHaveLength(30 + 10);
    expect(new Set(put).size).toBe(30);
  });

  it('gives up with a clear error when entries keep failing (mocked Kinesis client: permanent throttling)', async () => {
    vi.spyOn(kinesis(), 'send').mockImplementation(async (command: unknown) => {
      const entries = (command as PutRecordsCommand).input.Records ?? [];
      return {
        FailedRecordCount: entries.length,
        Records: entries.map(() => ({ ErrorCode: 'ProvisionedThroughputExceededException' })),
      } as never;
    });
    await expect(
      putJobs('run-3', '2026-11-23', jobs.slice(0, 5), { streamName: 'jobs-c', maxAttempts: 3, baseDelayMs: 1 }),
    ).rejects.toThrow(
      new PutJobsError('Kinesis refused 5 of 5 jobs after 3 attempts (ProvisionedThroughputExceededException)'),
    );
  });
});
