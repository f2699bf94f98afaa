// One Lambda execution environment: loads its function's handler once (the cold start), then runs
// one invocation at a time, as Lambda does. Its environment, memory and temp folder are its own.
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

interface Settings {
  modulePath: string;
  exportName: string;
  functionName: string;
  memoryMb: number;
}

type Message = { type: 'invoke'; id: number; event: unknown; deadline: number } | { type: 'shutdown' };

const settings = workerData as Settings;
let module: Record<string, unknown>;
try {
  module = (await import(pathToFileURL(settings.modulePath).href)) as Record<string, unknown>;
} catch (error) {
  // Lambda's Runtime.ImportModuleError: the module could not be loaded (a missing variable, a syntax error).
  parentPort!.postMessage({ type: 'init-error', error: describe(error) });
  throw error;
}
const handler = module[settings.exportName];
if (typeof handler !== 'function') {
  parentPort!.postMessage({
    type: 'init-error',
    error: {
      name: 'Runtime.HandlerNotFound',
      message: `${settings.modulePath} has no exported function "${settings.exportName}"`,
    },
  });
} else {
  parentPort!.postMessage({ type: 'ready' });
}

parentPort!.on('message', async (message: Message) => {
  if (message.type === 'shutdown') {
    // What the local stack asks before it stops: close the container's browser (Lambda just freezes it).
    await (module.shutdown as (() => Promise<void>) | undefined)?.().catch(() => undefined);
    parentPort!.postMessage({ type: 'shut' });
    return;
  }
  // What Lambda's runtime does per invocation with Tracing: Active: the trace header its segment is in.
  process.env._X_AMZN_TRACE_ID = traceHeader();
  const context = {
    functionName: settings.functionName,
    memoryLimitInMB: String(settings.memoryMb),
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    const result = await (handler as (event: unknown, context: unknown) => Promise<unknown>)(message.event, context);
    parentPort!.postMessage({
      type: 'result',
      id: message.id,
      result: result === undefined ? null : JSON.stringify(result),
    });
  } catch (error) {
    parentPort!.postMessage({ type: 'error', id: message.id, error: describe(error) });
  }
});

/** `Root=1-<time>-<24 hex>;Parent=<16 hex>;Sampled=1`, as Lambda sets _X_AMZN_TRACE_ID. */
function traceHeader(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)};Parent=${hex(8)};Sampled=1`;
}

function describe(error: unknown): { name: string; message: string; stack?: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
    : { name: 'Error', message: String(error) };
}
