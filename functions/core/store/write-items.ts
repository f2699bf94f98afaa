import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamo } from '../aws/dynamo.ts';
import { backoffMs } from '../backoff.ts';

export interface WriteOptions {
  tableName: string;
  /** Attempts per chunk before the items left are given up (throttling, UnprocessedItems). */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Chunks written at once (default 1: in order, which is what a batch of observations needs). */
  concurrency?: number;
}

type Item = Record<string, unknown>;

export interface WriteResult {
  /** Still not written after every attempt (throttling that did not end): worth trying again later. */
  unwritten: Item[];
  /** Refused by DynamoDB itself (too large, a bad attribute): no retry can write them as they are. */
  refused: Array<{ item: Item; error: string }>;
}

/** `pk|sk`: the identity of an item in the table. */
export const itemKey = (item: Item): string => `${String(item.pk)}|${String(item.sk)}`;

/**
 * Writes items in BatchWriteItem chunks of 25, re-sending what DynamoDB reports as unprocessed with
 * exponential backoff.
 *
 * One request may not hold two items with the same key (DynamoDB refuses the whole request), so
 * items are made unique by key first, the last one given winning: callers list items in the order
 * they happened. A chunk refused for what it holds (ValidationException: an item too large, a bad
 * attribute) is written again item by item, so only the item at fault is refused, and said so.
 */
export async function writeItems(items: Item[], options: WriteOptions): Promise<WriteResult> {
  const unique = [...new Map(items.map((item) => [itemKey(item), item])).values()];
  const result: WriteResult = { unwritten: [], refused: [] };
  const limit = pLimit(options.concurrency ?? 1);
  const chunks = Array.from({ length: Math.ceil(unique.length / 25) }, (_unused, index) =>
    unique.slice(index * 25, index * 25 + 25),
  );
  await Promise.all(
    chunks.map((chunk) =>
      limit(async () => {
        const outcome = await writeChunk(chunk, options);
        if ('left' in outcome) {
          result.unwritten.push(...outcome.left);
          return;
        }
        for (const item of chunk) {
          const single = chunk.length === 1 ? outcome : await writeChunk([item], options);
          if ('left' in single) result.unwritten.push(...single.left);
          else result.refused.push({ item, error: single.refused });
        }
      }),
    ),
  );
  return result;
}

/** What is left unwritten after every attempt, or why DynamoDB refused the request for what it holds. */
async function writeChunk(chunk: Item[], options: WriteOptions): Promise<{ left: Item[] } | { refused: string }> {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 50;
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt++) {
    try {
      const response = await dynamo().send(
        new BatchWriteCommand({
          RequestItems: { [options.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      pending = (response.UnprocessedItems?.[options.tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [request.PutRequest.Item] : [],
      );
    } catch (error) {
      if (!isRetryable(error)) return { refused: `${(error as Error).name}: ${(error as Error).message}` };
    }
    if (pending.length === 0 || attempt >= maxAttempts) return { left: pending };
    await sleep(backoffMs(attempt, baseDelayMs));
  }
  return { left: pending };
}

function isRetryable(error: unknown): boolean {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  if (name === 'ValidationException' || name === 'ResourceNotFoundException' || name === 'AccessDeniedException')
    return false;
  return (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'RequestLimitExceeded' ||
    name === 'InternalServerError' ||
    status >= 500 ||
    (error as { $retryable?: unknown }).$retryable !== undefined ||
    status === 0
  );
}
