/**
 * Lambda's limits as its documentation states them (docs/local-stack.md cites each page):
 * synchronous payloads of 6 MB each way, asynchronous events of 1 MB (Invoke; 256 KB was the
 * limit before, and still is for the deprecated InvokeAsync).
 */
export const SYNC_PAYLOAD_BYTES = 6_291_556;
export const ASYNC_EVENT_BYTES = 1_048_576;

/**
 * What a Node.js runtime holds before the handler's heap: the runtime itself, which Lambda counts
 * in "Max Memory Used" (about 40-60 MB for nodejs22.x). The heap is held to MemorySize less this.
 */
export const RUNTIME_BASELINE_MB = 50;

/** Lambda's words for an invocation stopped at its Timeout. */
export function timedOut(seconds: number): Error {
  return Object.assign(new Error(`Task timed out after ${seconds.toFixed(2)} seconds`), { name: 'Sandbox.Timedout' });
}

/** Lambda's words for an environment stopped past its MemorySize. */
export function outOfMemory(limitMb: number, usedMb: number): Error {
  return Object.assign(
    new Error(
      `Runtime exited with error: signal: killed (Max Memory Used: ${Math.round(usedMb)} MB of its MemorySize ${limitMb} MB)`,
    ),
    { name: 'Runtime.OutOfMemory' },
  );
}
