import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../../functions/core/aws/dynamo.ts';
import { writeItems } from '../../../functions/core/store/write-items.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';

const aws = useAwsServers();
const items = (prefix: string, count: number) =>
  Array.from({ length: count }, (_unused, index) => ({
    pk: prefix,
    sk: `item-${String(index).padStart(3, '0')}`,
    value: index,
  }));
const stored = async (pk: string) =>
  (
    await dynamo().send(
      new QueryCommand({
        TableName: 'writes',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];

describe('writeItems', () => {
  beforeAll(() => createTable(aws.dynamo(), 'writes'));
  afterEach(() => vi.restoreAllMocks());

  it('writes 60 items to a real DynamoDB in three batch requests; writing again overwrites', async () => {
    const send = vi.spyOn(dynamo(), 'send');
    expect(await writeItems(items('a', 60), { tableName: 'writes' })).toEqual({ unwritten: [], refused: [] });
    expect(send).toHaveBeenCalledTimes(3);
    expect(await writeItems(items('a', 60), { tableName: 'writes' })).toEqual({ unwritten: [], refused: [] });
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
    expect(await writeItems(items('b', 12), { tableName: 'writes', baseDelayMs: 1 })).toEqual({
      unwritten: [],
      refused: [],
    });
    vi.restoreAllMocks();
    expect(calls).toBe(2);
    expect(await stored('b')).toHaveLength(12);
  });

  it('returns what could not be written after its attempts (mocked DynamoDB client: throttling that never ends)', async () => {
    vi.spyOn(dynamo(), 'send').mockImplementation(async () => {
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const { unwritten, refused } = await writeItems(items('c', 30), {
      tableName: 'writes',
      maxAttempts: 3,
      baseDelayMs: 1,
    });
    expect(unwritten).toHaveLength(30);
    expect(refused).toEqual([]);
  });

  it('two items with the same key in one request (two runs of one job in a batch): one request, the later one kept', async () => {
    const send = vi.spyOn(dynamo(), 'send');
    const first = { pk: 'd', sk: 'OBS#same', runId: 'run-1' };
    const later = { pk: 'd', sk: 'OBS#same', runId: 'run-2' };
    const result = await writeItems([first, { pk: 'd', sk: 'JOB#run-1' }, later, { pk: 'd', sk: 'JOB#run-2' }], {
      tableName: 'writes',
    });
    expect(result).toEqual({ unwritten: [], refused: [] });
    expect(send).toHaveBeenCalledTimes(1);
    expect((await stored('d')).map((item) => [item.sk, item.runId])).toEqual([
      ['JOB#run-1', undefined],
      ['JOB#run-2', undefined],
      ['OBS#same', 'run-2'],
    ]);
  });

  it('duplicates far apart (in different chunks of 25) also end with the later item', async () => {
    const many = [{ pk: 'e', sk: 'x', v: 'first' }, ...items('e', 40), { pk: 'e', sk: 'x', v: 'last' }];
    expect(await writeItems(many, { tableName: 'writes' })).toEqual({ unwritten: [], refused: [] });
    expect((await stored('e')).find((item) => item.sk === 'x')?.v).toBe('last');
  });

  it.each([
    [
      'an item over DynamoDB’s 400 KB limit',
      { pk: 'f', sk: 'huge', blob: 'x'.repeat(410 * 1024) },
      /ValidationException: .*size/i,
    ],
    ['an empty key', { pk: 'f', sk: '' }, /ValidationException/],
    ['a key of the wrong type', { pk: 'f', sk: 42 }, /ValidationException/],
  ])(
    '%s is refused with DynamoDB’s reason, once, while the rest of its request is written',
    async (_title, bad, reason) => {
      const send = vi.spyOn(dynamo(), 'send');
      const good = items('f', 10);
      const result = await writeItems([...good.slice(0, 5), bad, ...good.slice(5)], {
        tableName: 'writes',
        baseDelayMs: 1,
      });
      expect(result.unwritten).toEqual([]);
      expect(result.refused).toEqual([{ item: bad, error: expect.stringMatching(reason) }]);
      // The chunk once, then each of its 11 items alone: a refusal is not retried as if it were throttling.
      expect(send).toHaveBeenCalledTimes(12);
      expect((await stored('f')).filter((item) => String(item.sk).startsWith('item-'))).toHaveLength(10);
    },
  );
});
