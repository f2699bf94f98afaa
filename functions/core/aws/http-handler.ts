import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The SDK waits forever on a request by default. Bounded instead, so a stalled endpoint becomes an
 * error the SDK retries and the caller handles, never a batch that hangs until Lambda kills it.
 */
export function boundedHttpHandler(): NodeHttpHandler {
  return new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 30_000 });
}
