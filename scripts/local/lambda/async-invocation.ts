import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalFunction } from '../functions.ts';

/** What an asynchronous invocation's OnFailure destination gets when Lambda gives up on an event. */
export interface AsyncFailure {
  functionName: string;
  /** Lambda's condition: its retries were spent. */
  condition: 'RetriesExhausted';
  /** Invocations made: the first and each retry (EventInvokeConfig's MaximumRetryAttempts). */
  approximateInvokeCount: number;
  event: unknown;
  error: string;
  at: string;
}

/**
 * Lambda's asynchronous invocation of an event (a schedule's, EventBridge's): queued, run, and when
 * the handler fails retried as many times as the function's EventInvokeConfig says (Lambda's 2 when
 * it says nothing), then handed to its OnFailure destination. Lambda waits about a minute, then
 * two, between tries; here 200 ms × the try, so a test sees the same tries without the wait. An
 * event refused at the door (over 1 MB) is thrown at once: that is the sender's to retry.
 * Resolves with the handler's result (a local convenience: on AWS the sender never sees it), or
 * rejects with the last error once the destination has the event.
 */
export async function invokeEvent(
  fn: LocalFunction,
  event: unknown,
  onFailure?: (failure: AsyncFailure) => void,
): Promise<unknown> {
  fn.checkEvent(event);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn.invoke(event);
    } catch (error) {
      if (attempt >= fn.asyncRetries) {
        onFailure?.({
          functionName: fn.logicalId,
          condition: 'RetriesExhausted',
          approximateInvokeCount: attempt + 1,
          event,
          error: (error as Error).message,
          at: new Date().toISOString(),
        });
        throw error;
      }
      await sleep(200 * (attempt + 1));
    }
  }
}
