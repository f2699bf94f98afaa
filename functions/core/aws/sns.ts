import { SNSClient } from '@aws-sdk/client-sns';
import { boundedHttpHandler } from './http-handler.ts';
import { traced } from './tracing.ts';

let client: SNSClient | undefined;

/** The SNS client (AWS_ENDPOINT_URL_SNS honoured). */
export function sns(): SNSClient {
  client ??= traced(new SNSClient({ requestHandler: boundedHttpHandler() }));
  return client;
}
