import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../functions/core/aws/dynamo.ts';
import { writeItems } from '../../functions/core/store/write-items.ts';
import { createTable, useAwsServers } from '../support/aws.ts';

const aws = useAwsServers();
const items = (prefix: string, count: number) => Array.from({ length: count }, (_unused, index) => ({ pk: prefix, sk: `item-${String(index).padStart(3, '0')}`, value: index }));
const stored = async (pk: string) => (await dynamo().send(new QueryCommand({ TableName: 'writes', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];

describe('writeItems', () => {
  beforeAll(() => createTable(aws.dynamo(), 'writes'));
  afterEach(() => vi.restoreAllMocks());

  it('writes 60 items to a real DynamoDB in three batch requests; writing again overwrites', async () => {
    const send = vi.spyOn(dynamo(), 'send');
    expect(await writeItems(items('a', 60), { tableName: 'writes' })).toEqual([]);
    expect(send).toHaveBeenCalledTimes(3);
    expect(await writeItems(items('a', 60), { tableName: 'writes' })).toEqual([]);
    expect(await stored('a')).toHaveLength(60);
  });

  it('re-sends unprocessed items until they are written (mocked DynamoDB client: UnprocessedItems)', async () => {
    const real = dynamo().send.bind(dynamo());
    let calls = 0;
    vi.spyOn(dynamo(), 'send').mockImplementation(async (command: unknown) => {
      calls += 1;
      const batch = command as BatchWriteCommand;
      const requests = batch.input.RequestItems!.writes!;
      if (calls === 1) {
        // Write the first half for real and hand back the rest, as a throttled table does.
        await real(new BatchWriteCommand({ RequestItems: { writes: requests.slice(0, 5) } }));
        return { UnprocessedItems: { writes: requests.slice(5) } } as never;
      }
      return real(batch) as never;
    });
    expect(await writeItems(items('b', 12), { tableName: 'writes', baseDelayMs: 1 })).toEqual([]);
    vi.restoreAllMocks();
    expect(calls).toBe(2);
    expect(await stored('b')).toHaveLength(12);
  });

  it('returns what could not be written after its attempts (mocked DynamoDB client: throttling that never ends)', async () => {
    vi.spyOn(dynamo(), 'send').mockImplementation(async () => {
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
    });
    const unwritten = await writeItems(items('c', 30), { tableName: 'writes', maxAttempts: 3, baseDelayMs: 1 });
    expect(unwritten).toHaveLength(30);
  });
});
