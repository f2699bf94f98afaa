import { describe, expect, it } from 'vitest';
import { dynamoJudge } from '../../../scripts/local/aws-rules/dynamodb-gate.ts';
import type { HeldRequest, HeldResponse } from '../../../scripts/local/aws-rules/gate-server.ts';
import { ADMINISTRATOR } from '../../../scripts/local/aws-rules/principals.ts';
import { ServiceFaults } from '../../../scripts/local/aws-rules/service-faults.ts';
import { ThroughputLimits } from '../../../scripts/local/aws-rules/throughput-limits.ts';

/** The DynamoDB gate's reads, on a clock of its own: 3,000 read units a second per partition key. */
describe('DynamoDB gate: reads past a partition’s throughput', () => {
  const big = { pk: { S: 'DAY#read' }, sk: { S: 'big' }, p: { S: 'x'.repeat(380 * 1024) } };
  let now = 0;
  const rules = {
    tables: new Map([
      [
        'T',
        {
          name: 'T',
          arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T',
          partitionKey: 'pk',
          indexPartitionKeys: {},
        },
      ],
    ]),
    authorize: async () => ({ allowed: true as const }),
    limits: new ThroughputLimits(() => now),
    record: () => undefined,
    faults: new ServiceFaults(),
  };
  const judge = dynamoJudge(() => rules);
  const forward = async (): Promise<HeldResponse> => ({
    status: 200,
    headers: {},
    body: Buffer.from(JSON.stringify({ Item: big })),
  });
  const get = (consistent = false): HeldRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
    body: Buffer.from(JSON.stringify({ TableName: 'T', Key: { pk: big.pk, sk: big.sk }, ConsistentRead: consistent })),
    principal: ADMINISTRATOR,
    accessKey: 'S3RVER',
  });
  const throttled = (answer: { status: number; body: Buffer | string }) =>
    answer.status === 400 && String(answer.body).includes('ProvisionedThroughputExceededException');

  it('lets about 3,000 read units through in a second (63 reads of 47.5 units), then throttles until it refills', async () => {
    const answers = [];
    for (let i = 0; i < 80; i++) answers.push(await judge(get(), forward));
    const passed = answers.filter((answer) => !throttled(answer)).length;
    expect(passed).toBeGreaterThanOrEqual(60);
    expect(passed).toBeLessThanOrEqual(66);
    expect(String(answers.at(-1)!.body)).toContain('TableReadKeyRangeThroughputExceeded');
    now += 1_000;
    expect(throttled(await judge(get(), forward))).toBe(false);
  });

  it('counts a strongly consistent read twice', async () => {
    now += 10_000;
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await judge(get(true), forward));
    expect(answers.filter((answer) => !throttled(answer)).length).toBeLessThanOrEqual(33);
  });
});
