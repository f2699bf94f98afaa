import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedHttpHandler } from './http-handler.ts';
import { traced } from './tracing.ts';

/**
 * One client per container, created on first use. Endpoint and region come from the standard SDK
 * settings (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB), so the same code talks to AWS or the local stack;
 * a process that opens another local stack (a test, a maintenance command) gets a client for it.
 * One module per service, so a function's bundle holds only the clients it uses.
 */
let client: { endpoint: string | undefined; client: DynamoDBDocumentClient } | undefined;

export function dynamo(): DynamoDBDocumentClient {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
  if (!client || client.endpoint !== endpoint) {
    client?.client.destroy();
    client = {
      endpoint,
      client: traced(
        DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: boundedHttpHandler() }), {
          marshallOptions: { removeUndefinedValues: true },
        }),
      ),
    };
  }
  return client.client;
}
