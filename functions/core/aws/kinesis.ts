import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

let client: KinesisClient | undefined;

/** The Kinesis client (AWS_ENDPOINT_URL_KINESIS honoured); HTTP/1.1, which every Kinesis-compatible endpoint speaks. */
export function kinesis(): KinesisClient {
  client ??= new KinesisClient({ requestHandler: new NodeHttpHandler() });
  return client;
}
