import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamo } from '../aws/dynamo.ts';

export interface WriteOptions {
  tableName: string;
  /** Attempts per chunk before the items left are given up (throttling, UnprocessedItems). */
  maxAttempts?: number;
  baseDelayMs?: number;
}

type Item = Record<string, unknown>;

/**
 * Writes items in BatchWriteItem chunks of 25, re-sending what DynamoDB reports as unprocessed with
 * exponential backoff. Returns the items that could not be written, so their owners can fail.
 */
export async function writeItems(items: Item[], options: WriteOptions): Promise<Item[]> {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const unwritten: Item[] = [];
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25);
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        const response = await dynamo().send(
          new BatchWriteCommand({ RequestItems: { [options.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }),
        );
        pending = (response.UnprocessedItems?.[options.tableName] ?? []).flatMap((request) => (request.PutRequest?.Item ? [request.PutRequest.Item] : []));
      } catch (error) {
        if (!isRetryable(error) || attempt >= maxAttempts) {
          unwritten.push(...pending);
          break;
        }
      }
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) {
        unwritten.push(...pending);
        break;
      }
      await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
  return unwritten;
}

function isRetryable(error: unknown): boolean {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  return name === 'ProvisionedThroughputExceededException' || name === 'ThrottlingException' || name === 'RequestLimitExceeded' || status >= 500 || (error as { $retryable?: unknown }).$retryable !== undefined;
}
