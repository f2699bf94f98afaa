import { SNSClient } from '@aws-sdk/client-sns';
import { boundedHttpHandler } from './http-handler.ts';

let client: SNSClient | undefined;

/** The SNS client (AWS_ENDPOINT_URL_SNS honoured). */
export function sns(): SNSClient {
  client ??= new SNSClient({ requestHandler: boundedHttpHandler() });
  return client;
}
