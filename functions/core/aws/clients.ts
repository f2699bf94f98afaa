import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * AWS clients, one each per container. Endpoints and region come from the standard SDK settings
 * (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_S3), so the same
 * code talks to AWS or to the local stack.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let kinesisClient: KinesisClient | undefined;
let s3Client: S3Client | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return documentClient;
}

export function kinesis(): KinesisClient {
  // HTTP/1.1: the SDK's HTTP/2 default is not spoken by every Kinesis-compatible endpoint.
  kinesisClient ??= new KinesisClient({ requestHandler: new NodeHttpHandler() });
  return kinesisClient;
}

export function s3(): S3Client {
  // Path-style addressing when an endpoint is set: local S3 implementations have no bucket DNS.
  s3Client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL) });
  return s3Client;
}
