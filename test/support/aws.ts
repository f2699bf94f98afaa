import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/local/resources.ts';
import { startAwsServers, type AwsServers } from '../../scripts/local/servers.ts';

/**
 * Real local DynamoDB, Kinesis and S3 servers for one test file, with the standard SDK variables
 * pointing at them, so the project's own clients (functions/core/aws/clients.ts) talk to them.
 */
export function useAwsServers(): { servers: AwsServers; kinesis: () => KinesisClient; dynamo: () => DynamoDBClient } {
  const context = {} as { servers: AwsServers; kinesis: () => KinesisClient; dynamo: () => DynamoDBClient };
  beforeAll(async () => {
    context.servers = await startAwsServers(null);
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: context.servers.endpoints.dynamodb,
      AWS_ENDPOINT_URL_KINESIS: context.servers.endpoints.kinesis,
      AWS_ENDPOINT_URL_S3: context.servers.endpoints.s3,
    });
    const kinesis = new KinesisClient({
      region: LOCAL_REGION,
      endpoint: context.servers.endpoints.kinesis,
      credentials: LOCAL_CREDENTIALS,
      requestHandler: new NodeHttpHandler(),
    });
    const dynamo = new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: context.servers.endpoints.dynamodb,
      credentials: LOCAL_CREDENTIALS,
    });
    context.kinesis = () => kinesis;
    context.dynamo = () => dynamo;
  });
  afterAll(async () => {
    await context.servers?.close();
  });
  return context;
}

export async function createStream(client: KinesisClient, name: string, shards = 1): Promise<string[]> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (;;) {
    const description = (await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription;
    if (description?.StreamStatus === 'ACTIVE') return (description.Shards ?? []).map((shard) => shard.ShardId ?? '');
    await sleep(20);
  }
}

export async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
