import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveConditions, type SamTemplate } from './template.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalResources {
  /** Logical id (and "Id.Attribute") → the local value, for resolving !Ref and !GetAtt. */
  refs: Record<string, string>;
  streamName: string;
  streamArn: string;
  shardIds: string[];
  /** Each shard's hash key range (decimal), for the gate's per-shard write limits. */
  shards: Array<{ id: string; start: string; end: string }>;
}

/** Creates the table (keys and indexes exactly as template.yaml declares them), the stream and the buckets. */
export async function createResources(
  template: SamTemplate,
  endpoints: { dynamodb: string; kinesis: string; s3: string },
  shardCount: number,
): Promise<LocalResources> {
  const table = template.resourceOfType('AWS::DynamoDB::Table');
  const stream = template.resourceOfType('AWS::Kinesis::Stream');
  const buckets = Object.entries(template.resources)
    .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
    .map(([logicalId]) => ({ logicalId, name: logicalId.toLowerCase() }));
  const topic = template.resourceOfType('AWS::SNS::Topic');
  const api = template.resourceOfType('AWS::Serverless::HttpApi');
  const dynamo = new DynamoDBClient({
    region: LOCAL_REGION,
    endpoint: endpoints.dynamodb,
    credentials: LOCAL_CREDENTIALS,
  });
  const kinesis = new KinesisClient({
    region: LOCAL_REGION,
    endpoint: endpoints.kinesis,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  });
  const s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: endpoints.s3,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });

  const tables = (await dynamo.send(new ListTablesCommand({}))).TableNames ?? [];
  if (!tables.includes(table.logicalId)) {
    const props = resolveConditions(table.properties, template.conditions) as Pick<
      CreateTableCommandInput,
      'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes'
    >;
    await dynamo.send(
      new CreateTableCommand({
        TableName: table.logicalId,
        AttributeDefinitions: props.AttributeDefinitions,
        KeySchema: props.KeySchema,
        GlobalSecondaryIndexes: props.GlobalSecondaryIndexes,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  await kinesis.send(new CreateStreamCommand({ StreamName: stream.logicalId, ShardCount: shardCount }));
  let description = (await kinesis.send(new DescribeStreamCommand({ StreamName: stream.logicalId }))).StreamDescription;
  while (description?.StreamStatus !== 'ACTIVE') {
    await sleep(20);
    description = (await kinesis.send(new DescribeStreamCommand({ StreamName: stream.logicalId }))).StreamDescription;
  }
  for (const bucket of buckets) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket.name })).catch((error: Error) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
  }
  dynamo.destroy();
  kinesis.destroy();
  s3.destroy();

  const streamArn = description.StreamARN ?? `arn:aws:kinesis:${LOCAL_REGION}:000000000000:stream/${stream.logicalId}`;
  const parameters = Object.fromEntries(
    Object.entries(template.parameters).map(([name, parameter]) => [name, String(parameter.Default ?? '')]),
  );
  return {
    refs: {
      ...parameters,
      'AWS::Region': LOCAL_REGION,
      'AWS::Partition': 'aws',
      'AWS::AccountId': '000000000000',
      ...Object.fromEntries(
        Object.entries(template.conditions).map(([name, value]) => [`Condition:${name}`, String(value)]),
      ),
      // Not a deployed stack: commands it suggests run on the local data (no --stack).
      'AWS::StackName': '',
      [table.logicalId]: table.logicalId,
      [`${table.logicalId}.Arn`]: `arn:aws:dynamodb:${LOCAL_REGION}:000000000000:table/${table.logicalId}`,
      [stream.logicalId]: stream.logicalId,
      [`${stream.logicalId}.Arn`]: streamArn,
      ...Object.fromEntries(
        buckets.flatMap((bucket) => [
          [bucket.logicalId, bucket.name],
          [`${bucket.logicalId}.Arn`, `arn:aws:s3:::${bucket.name}`],
        ]),
      ),
      // No SNS here: an empty topic turns the alerts' SNS sink off (they are printed and written to a file).
      [topic.logicalId]: '',
      [`${topic.logicalId}.TopicName`]: '',
      // Only used to build API_URL, which the local stack sets to its own address instead.
      [api.logicalId]: 'local',
    },
    streamName: stream.logicalId,
    streamArn,
    shardIds: (description.Shards ?? []).map((shard) => shard.ShardId ?? ''),
    shards: (description.Shards ?? []).map((shard) => ({
      id: shard.ShardId ?? '',
      start: shard.HashKeyRange?.StartingHashKey ?? '0',
      end: shard.HashKeyRange?.EndingHashKey ?? '0',
    })),
  };
}
