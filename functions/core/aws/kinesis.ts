import { KinesisClient } from '@aws-sdk/client-kinesis';
import { boundedHttpHandler } from './http-handler.ts';
import { traced } from './tracing.ts';

let client: KinesisClient | undefined;

/** The Kinesis client (AWS_ENDPOINT_URL_KINESIS honoured); HTTP/1.1 (NodeHttpHandler), which every Kinesis-compatible endpoint speaks. */
export function kinesis(): KinesisClient {
  client ??= traced(new KinesisClient({ requestHandler: boundedHttpHandler() }));
  return client;
}
