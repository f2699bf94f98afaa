import { S3Client } from '@aws-sdk/client-s3';
import { boundedHttpHandler } from './http-handler.ts';
import { traced } from './tracing.ts';

let client: S3Client | undefined;

/** The S3 client (AWS_ENDPOINT_URL_S3 honoured); path-style when an endpoint is set, as local S3 servers need. */
export function s3(): S3Client {
  client ??= traced(
    new S3Client({
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
      requestHandler: boundedHttpHandler(),
    }),
  );
  return client;
}
