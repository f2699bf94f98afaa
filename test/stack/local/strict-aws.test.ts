import {
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMissingObject } from '../../../functions/core/aws/missing-object.ts';
import { functionAccessKey } from '../../../scripts/local/aws-rules/principals.ts';
import { openLocalAws, type LocalAws } from '../../../scripts/local/data.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The local stack refuses what AWS refuses: each role as template.yaml deploys it (IAM evaluated
 * with its conditions), S3's 403 for a missing key without s3:ListBucket, DynamoDB's per-partition
 * throughput and request limits, Kinesis's per-shard writes. Each client here signs as one role,
 * as a function does; the administrator's key is a maintainer's own configuration.
 */
let aws: LocalAws;
let table: string;
let bucket: string;

beforeAll(async () => {
  aws = await openLocalAws(REPO_ROOT, null);
  table = aws.tableName;
  bucket = aws.bucketName;
});
afterAll(async () => {
  await aws?.close();
});

const as = (role: string) => {
  const key = role === 'admin' ? LOCAL_CREDENTIALS.accessKeyId : functionAccessKey(role);
  return { accessKeyId: key, secretAccessKey: key };
};
const dynamo = (role: string, maxAttempts = 1) =>
  new DynamoDBClient({
    region: LOCAL_REGION,
    endpoint: aws.servers.endpoints.dynamodb,
    credentials: as(role),
    maxAttempts,
  });
const s3 = (role: string) =>
  new S3Client({
    region: LOCAL_REGION,
    endpoint: aws.servers.endpoints.s3,
    credentials: as(role),
    forcePathStyle: true,
  });
const kinesis = (role: string) =>
  new KinesisClient({
    region: LOCAL_REGION,
    endpoint: aws.servers.endpoints.kinesis,
    credentials: as(role),
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
const item = (pk: string, sk: string, padding = 0) => ({
  pk: { S: pk },
  sk: { S: sk },
  ...(padding ? { p: { S: 'x'.repeat(padding) } } : {}),
});
const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error) => error,
  );

describe('IAM as deployed: DynamoDB', () => {
  it('lets the scrape role write the partitions its condition names (dynamodb:LeadingKeys)', async () => {
    await dynamo('ScrapeRole').send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: item('DAY#2026-11-23#s#m', 'OBS#1') } },
            { PutRequest: { Item: item('RUN#r', 'JOB#1') } },
          ],
        },
      }),
    );
  });

  it('refuses the scrape role an action its role lacks, with AccessDeniedException naming the role and the action', async () => {
    const error = await failure(
      dynamo('ScrapeRole').send(new GetItemCommand({ TableName: table, Key: item('SHARES', 'x') })),
    );
    expect(error?.name).toBe('AccessDeniedException');
    expect(error?.message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/ScrapeRole\/ScrapeFunction is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/ObservationsTable because no identity-based policy allows the dynamodb:GetItem action$/,
    );
  });

  it('refuses a whole batch when one item is under a partition the condition does not name (ForAllValues)', async () => {
    const error = await failure(
      dynamo('ScrapeRole').send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: [
              { PutRequest: { Item: item('DAY#2026-11-23#s#m', 'OBS#2') } },
              { PutRequest: { Item: item('SHARES', 'evil') } },
            ],
          },
        }),
      ),
    );
    expect(error?.name).toBe('AccessDeniedException');
    expect(
      (await dynamo('admin').send(new GetItemCommand({ TableName: table, Key: item('DAY#2026-11-23#s#m', 'OBS#2') })))
        .Item,
    ).toBeUndefined();
  });

  it('lets the api role make share links but write nothing else, and query the history index', async () => {
    await dynamo('ApiRole').send(new PutItemCommand({ TableName: table, Item: item('SHARES', 'ref') }));
    expect(
      (await failure(dynamo('ApiRole').send(new PutItemCommand({ TableName: table, Item: item('DAY#x', 'y') }))))?.name,
    ).toBe('AccessDeniedException');
    await dynamo('ApiRole').send(
      new QueryCommand({
        TableName: table,
        IndexName: 'history',
        KeyConditionExpression: 'gsi1pk = :k',
        ExpressionAttributeValues: { ':k': { S: 'TARGET#x' } },
      }),
    );
  });

  it('refuses a key nobody was given', async () => {
    const stranger = new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: aws.servers.endpoints.dynamodb,
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    expect((await failure(stranger.send(new GetItemCommand({ TableName: table, Key: item('DAYS', 'x') }))))?.name).toBe(
      'UnrecognizedClientException',
    );
  });
});

describe('IAM as deployed: S3, and its answer for a key that is not there', () => {
  it('answers a missing key 403 AccessDenied to a role without s3:ListBucket, 404 NoSuchKey to one with it', async () => {
    const missing = { Bucket: bucket, Key: 'scorecards/2026-11-23/summary.json' };
    const api = await failure(s3('ApiRole').send(new GetObjectCommand(missing)));
    expect(api?.name).toBe('AccessDenied');
    expect((api as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    const head = await failure(s3('AlertsRole').send(new HeadObjectCommand(missing)));
    expect((head as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect((await failure(s3('admin').send(new GetObjectCommand(missing))))?.name).toBe('NoSuchKey');
    // The code reads all three as "not there".
    for (const error of [api, head]) expect(isMissingObject(error)).toBe(true);
  });

  it('refuses a key outside the role’s prefixes, naming the action, and takes one inside them', async () => {
    const outside = await failure(
      s3('ScrapeRole').send(new PutObjectCommand({ Bucket: bucket, Key: 'scorecards/x.json', Body: '{}' })),
    );
    expect(outside?.name).toBe('AccessDenied');
    expect(outside?.message).toMatch(
      /is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::evidencebucket\/scorecards\/x\.json/,
    );
    await s3('ScrapeRole').send(
      new PutObjectCommand({ Bucket: bucket, Key: 'evidence/2026-11-23/x.jpg', Body: 'jpg' }),
    );
  });

  it('judges a presigned URL as the role that signed it: a missing key is 403 there too', async () => {
    const url = await getSignedUrl(
      s3('ApiRole'),
      new GetObjectCommand({ Bucket: bucket, Key: 'evidence/2026-11-23/none.jpg' }),
    );
    expect((await fetch(url)).status).toBe(403);
    const present = await getSignedUrl(
      s3('ApiRole'),
      new GetObjectCommand({ Bucket: bucket, Key: 'evidence/2026-11-23/x.jpg' }),
    );
    expect(await (await fetch(present)).text()).toBe('jpg');
  });
});

describe('IAM as deployed: Kinesis', () => {
  it('lets the fan-out put records and refuses it reading them', async () => {
    const put = await kinesis('FanoutRole').send(
      new PutRecordsCommand({
        StreamName: aws.resources.streamName,
        Records: [{ Data: Buffer.from('x'), PartitionKey: 'p' }],
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    const read = await failure(kinesis('FanoutRole').send(new GetRecordsCommand({ ShardIterator: 'AAAAAAAAAAE=' })));
    expect(read?.name).toBe('AccessDeniedException');
  });
});

describe('DynamoDB limits', () => {
  // Bounds below hold however slowly this machine runs: what goes through is at most the second's
  // worth a partition (or shard) starts with, plus what refills while the requests are in flight.
  it('throttles a partition key past 1,000 write units a second: ProvisionedThroughputExceededException with its reason', async () => {
    // 30 items of 300 KB: 9,000 write units on one partition, sent at once.
    const started = performance.now();
    const writes = Array.from({ length: 30 }, (_u, i) =>
      failure(
        dynamo('admin').send(new PutItemCommand({ TableName: table, Item: item('DAY#hot', `i${i}`, 300 * 1024) })),
      ),
    );
    const errors = (await Promise.all(writes)).filter((error) => error !== null);
    const seconds = (performance.now() - started) / 1000;
    const unitsPut = (30 - errors.length) * 301;
    expect(unitsPut).toBeLessThanOrEqual(1_000 + 1_000 * seconds + 301);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.name).toBe('ProvisionedThroughputExceededException');
    expect((errors[0] as { ThrottlingReasons?: Array<{ reason: string }> }).ThrottlingReasons?.[0]?.reason).toBe(
      'TableWriteKeyRangeThroughputExceeded',
    );
    // Another partition is not held back.
    await dynamo('admin').send(new PutItemCommand({ TableName: table, Item: item('DAY#cold', 'a', 40 * 1024) }));
  });

  it('hands a batch’s throttled entries back as UnprocessedItems, and throttles a batch of which none fit', async () => {
    const entry = (sk: string, kb: number) => ({ PutRequest: { Item: item('DAY#batch', sk, kb * 1024) } });
    // 25 items of 100 KB in one request: 2,500 write units where the partition has 1,000.
    const answer = await dynamo('admin').send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: Array.from({ length: 25 }, (_u, i) => entry(`a${i}`, 100)) },
      }),
    );
    const unprocessed = answer.UnprocessedItems?.[table] ?? [];
    expect(unprocessed.length).toBeGreaterThanOrEqual(14);
    expect(unprocessed.length).toBeLessThanOrEqual(17);
    // A batch of which nothing fits is refused whole.
    expect(
      (
        await failure(
          dynamo('admin').send(new BatchWriteItemCommand({ RequestItems: { [table]: [entry('c0', 390)] } })),
        )
      )?.name,
    ).toBe('ProvisionedThroughputExceededException');
  });

  it('refuses what a request may not hold: 26 items in a batch write, an item over 400 KB', async () => {
    const tooMany = await failure(
      dynamo('admin').send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: Array.from({ length: 26 }, (_u, i) => ({ PutRequest: { Item: item('DAY#n', `i${i}`) } })),
          },
        }),
      ),
    );
    expect(tooMany?.name).toBe('ValidationException');
    const tooLarge = await failure(
      dynamo('admin').send(new PutItemCommand({ TableName: table, Item: item('DAY#big', 'x', 401 * 1024) })),
    );
    expect(tooLarge?.message).toMatch(/Item size has exceeded the maximum allowed size/);
  });
});

describe('Kinesis limits', () => {
  it('fails PutRecords entries past a shard’s 1,000 records a second with ProvisionedThroughputExceededException, and puts the rest', async () => {
    const records = (from: number) =>
      Array.from({ length: 500 }, (_u, i) => ({ Data: Buffer.from(`r${from + i}`), PartitionKey: 'one-shard' }));
    // 5,000 records to one shard at once: what goes in is bounded by the shard's second plus its refill.
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_u, n) =>
        kinesis('admin').send(
          new PutRecordsCommand({ StreamName: aws.resources.streamName, Records: records(n * 500) }),
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const entries = answers.flatMap((answer) => answer.Records ?? []);
    const failed = entries.filter((entry) => entry.ErrorCode);
    expect(entries).toHaveLength(5_000);
    expect(5_000 - failed.length).toBeLessThanOrEqual(1_000 + 1_000 * seconds + 1);
    expect(failed.length).toBeGreaterThan(0);
    expect(answers.reduce((sum, answer) => sum + (answer.FailedRecordCount ?? 0), 0)).toBe(failed.length);
    expect(failed[0]).toMatchObject({
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: expect.stringMatching(
        /^Rate exceeded for shard shardId-\d+ in stream JobStream under account 000000000000\.$/,
      ),
    });
  });

  it('fails the entries past a shard’s 1 MiB a second within one request', async () => {
    // Five records of 600 KB in one PutRecords (3 MB, under its 5 MiB): the shard's second takes one.
    const big = Buffer.alloc(600 * 1024, 'x');
    const answer = await kinesis('admin').send(
      new PutRecordsCommand({
        StreamName: aws.resources.streamName,
        Records: Array.from({ length: 5 }, (_u, i) => ({ Data: big, PartitionKey: `bytes-${i}` })),
      }),
    );
    expect(answer.FailedRecordCount).toBeGreaterThanOrEqual(3);
  });
});
