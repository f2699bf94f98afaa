import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { linkTree } from './chromium-seed.ts';
import { killAll, memoryOfMb, processesOf } from './container-processes.ts';
import { ASYNC_EVENT_BYTES, RUNTIME_BASELINE_MB, SYNC_PAYLOAD_BYTES, timedOut, outOfMemory } from './lambda-limits.ts';

/** A function as the template deploys it, and where its code is. */
export interface FunctionSpec {
  logicalId: string;
  modulePath: string;
  exportName: string;
  /** Its whole environment: the template's variables, the stack's, its role's credentials. */
  env: Record<string, string>;
  memoryMb: number;
  timeoutSeconds: number;
  ephemeralMb: number;
  /** Where its execution environments get their /tmp. */
  tmpRoot: string;
  /** A folder whose files every new environment's /tmp starts with, as hard links (chromium-seed.ts). */
  tmpSeed?: () => Promise<string>;
  /**
   * Where its output goes, line by line: CloudWatch Logs, locally (the stack takes the embedded
   * metrics out of it and prints the rest). Printed as it is when absent.
   */
  onOutput?: (line: string) => void;
  /** Told of each invocation, as Lambda reports it to CloudWatch (Invocations, Errors, Duration). */
  onReport?: (report: InvocationReport) => void;
}

/** What Lambda's REPORT line says of one invocation. */
export interface InvocationReport {
  durationMs: number;
  maxMemoryUsedMb: number;
  coldStart: boolean;
  /** Lambda's Init Duration: loading the handler's module in a new environment (cold starts only). */
  initMs?: number;
  error?: string;
}

interface Container {
  worker: Worker;
  tmpDir: string;
  /** Settles when its handler module is loaded (the cold start), or with why it could not be. */
  ready: Promise<void>;
  pending: Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;
  /** Set when the container is gone (timed out, out of memory, crashed): every pending call fails with it. */
  ended?: Error;
}

let nextId = 0;

/**
 * A function's execution environments, as Lambda runs them: each a thread of its own with the
 * function's environment and /tmp, loading the handler once and running one invocation at a time;
 * another invocation while all are busy starts a new one (a cold start). Each invocation is held
 * to the function's Timeout (the environment is stopped: no catch or finally of the handler runs),
 * MemorySize (the heap, and the processes it started, e.g. Chromium; past it, stopped as AWS stops
 * it), EphemeralStorage, and the payload limits of synchronous and asynchronous invocation.
 */
export class FunctionRuntime {
  readonly spec: FunctionSpec;
  readonly reports: InvocationReport[] = [];
  readonly #idle: Container[] = [];
  readonly #all = new Set<Container>();

  constructor(spec: FunctionSpec) {
    this.spec = spec;
  }

  /** A synchronous invocation (RequestResponse): the handler's result, or its error. */
  async invoke(event: unknown): Promise<unknown> {
    const payload = JSON.stringify(event ?? null);
    if (Buffer.byteLength(payload) > SYNC_PAYLOAD_BYTES)
      throw limitError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    const result = await this.#run(event);
    if (result !== null && Buffer.byteLength(result as string) > SYNC_PAYLOAD_BYTES)
      throw limitError(
        'Function.ResponseSizeTooLarge',
        `Response payload size exceeded maximum allowed payload size (${SYNC_PAYLOAD_BYTES} bytes).`,
      );
    return result === null ? undefined : JSON.parse(result as string);
  }

  /** An asynchronous invocation's event (Event): refused above 1 MB, as Lambda refuses it at the door. */
  checkEvent(event: unknown): void {
    if (Buffer.byteLength(JSON.stringify(event ?? null)) > ASYNC_EVENT_BYTES)
      throw limitError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${ASYNC_EVENT_BYTES} bytes for the Event invocation`,
      );
  }

  /** Stops every environment (closing what its handler keeps, such as a browser) and removes its /tmp. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.#all].map(async (container) => {
        if (!container.ended) {
          const shut = new Promise<void>((resolve) => {
            container.worker.once('message', () => resolve());
            setTimeout(resolve, 5_000).unref();
          });
          container.worker.postMessage({ type: 'shutdown' });
          await shut;
        }
        await this.#end(container, new Error('the local stack stopped'));
      }),
    );
  }

  async #run(event: unknown): Promise<unknown> {
    let container = this.#idle.pop();
    const coldStart = !container;
    // The seed is local plumbing, not the function's init: it runs before the function's clock starts.
    container ??= this.#start(this.spec.tmpSeed ? await this.spec.tmpSeed() : undefined);
    const started = performance.now();
    const id = nextId++;
    let peakMb = 0;
    let ticks = 0;
    const watch = setInterval(() => {
      void this.#memoryMb(container).then((used) => {
        peakMb = Math.max(peakMb, used);
        if (used > this.spec.memoryMb) void this.#end(container, outOfMemory(this.spec.memoryMb, used));
      });
      // /tmp is walked every 2 s: Chromium's profile holds many files.
      const tmpMb = ++ticks % 8 === 0 ? sizeMb(container.tmpDir) : 0;
      if (tmpMb > this.spec.ephemeralMb) void this.#end(container, noSpace(tmpMb, this.spec.ephemeralMb));
    }, 250);
    const timer = setTimeout(
      () => void this.#end(container, timedOut(this.spec.timeoutSeconds)),
      this.spec.timeoutSeconds * 1000,
    );
    let initMs: number | undefined;
    try {
      await container.ready;
      if (coldStart) initMs = performance.now() - started;
      const result = await new Promise((resolve, reject) => {
        if (container.ended) return reject(container.ended);
        container.pending.set(id, { resolve, reject });
        container.worker.postMessage({
          type: 'invoke',
          id,
          event,
          deadline: Date.now() + this.spec.timeoutSeconds * 1000 - (performance.now() - started),
        });
      });
      peakMb = Math.max(peakMb, await this.#memoryMb(container));
      const tmpMb = sizeMb(container.tmpDir);
      if (tmpMb > this.spec.ephemeralMb) {
        const full = noSpace(tmpMb, this.spec.ephemeralMb);
        await this.#end(container, full);
        throw full;
      }
      this.#report({
        durationMs: performance.now() - started,
        maxMemoryUsedMb: Math.round(peakMb),
        coldStart,
        initMs,
      });
      if (!container.ended) this.#idle.push(container);
      return result;
    } catch (error) {
      this.#report({
        durationMs: performance.now() - started,
        maxMemoryUsedMb: Math.round(peakMb),
        coldStart,
        initMs,
        error: (error as Error).message,
      });
      // A handler's own error leaves its environment as it is, warm for the next invocation.
      if (!container.ended) this.#idle.push(container);
      throw error;
    } finally {
      clearInterval(watch);
      clearTimeout(timer);
    }
  }

  #report(report: InvocationReport): void {
    this.reports.push(report);
    if (this.reports.length > 10_000) this.reports.shift();
    this.spec.onReport?.(report);
  }

  #start(seedDir: string | undefined): Container {
    const tmpDir = path.join(this.spec.tmpRoot, `${this.spec.logicalId}-${nextId++}`);
    mkdirSync(tmpDir, { recursive: true });
    if (seedDir) linkTree(seedDir, tmpDir);
    const worker = new Worker(new URL('./container-worker.ts', import.meta.url), {
      env: { ...this.spec.env, TMPDIR: tmpDir },
      workerData: {
        modulePath: this.spec.modulePath,
        exportName: this.spec.exportName,
        functionName: this.spec.logicalId,
        memoryMb: this.spec.memoryMb,
      },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, this.spec.memoryMb - RUNTIME_BASELINE_MB) },
      stdout: Boolean(this.spec.onOutput),
    });
    if (this.spec.onOutput) {
      const output = this.spec.onOutput;
      createInterface({ input: worker.stdout }).on('line', output);
    }
    const container: Container = { worker, tmpDir, pending: new Map(), ready: Promise.resolve() };
    container.ready = new Promise<void>((resolve, reject) => {
      worker.on(
        'message',
        (message: {
          type: string;
          id?: number;
          result?: unknown;
          error?: { name: string; message: string; stack?: string };
        }) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'init-error') {
            const error = Object.assign(new Error(message.error!.message), { name: message.error!.name });
            reject(error);
            void this.#end(container, error);
          } else if (message.type === 'result') {
            container.pending.get(message.id!)?.resolve(message.result);
            container.pending.delete(message.id!);
          } else if (message.type === 'error') {
            const error = Object.assign(new Error(message.error!.message), { name: message.error!.name });
            if (message.error!.stack) error.stack = message.error!.stack;
            container.pending.get(message.id!)?.reject(error);
            container.pending.delete(message.id!);
          }
        },
      );
      worker.on('error', (error: Error & { code?: string }) => {
        const ended =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? outOfMemory(this.spec.memoryMb, this.spec.memoryMb)
            : Object.assign(new Error(`Runtime exited with error: ${error.message}`), { name: 'Runtime.ExitError' });
        reject(ended);
        void this.#end(container, ended);
      });
      worker.on(
        'exit',
        () =>
          void this.#end(
            container,
            Object.assign(new Error('Runtime exited without providing a reason'), { name: 'Runtime.ExitError' }),
          ),
      );
    });
    container.ready.catch(() => undefined);
    this.#all.add(container);
    return container;
  }

  /** The environment's memory as Lambda counts it: the runtime, its heap and what it keeps outside it, and its processes. */
  async #memoryMb(container: Container): Promise<number> {
    if (container.ended) return 0;
    const heap = await container.worker.getHeapStatistics().catch(() => null);
    const heapMb = heap ? (heap.used_heap_size + heap.external_memory) / 1024 / 1024 : 0;
    return RUNTIME_BASELINE_MB + heapMb + memoryOfMb(processesOf(container.tmpDir));
  }

  async #end(container: Container, reason: Error): Promise<void> {
    if (container.ended) return;
    container.ended = reason;
    for (const { reject } of container.pending.values()) reject(reason);
    container.pending.clear();
    const index = this.#idle.indexOf(container);
    if (index >= 0) this.#idle.splice(index, 1);
    this.#all.delete(container);
    killAll(processesOf(container.tmpDir));
    await container.worker.terminate().catch(() => undefined);
    rmSync(container.tmpDir, { recursive: true, force: true });
  }
}

/** A /tmp past EphemeralStorage: on AWS the write past it fails with ENOSPC; here it is seen a moment later. */
function noSpace(usedMb: number, limitMb: number): Error {
  return Object.assign(
    new Error(
      `ENOSPC: no space left on device (the function wrote ${usedMb.toFixed(0)} MB to /tmp, over its EphemeralStorage of ${limitMb} MB)`,
    ),
    { name: 'Runtime.ExitError' },
  );
}

function limitError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** What a folder holds, in MB. */
function sizeMb(dir: string): number {
  let bytes = 0;
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        try {
          bytes += statSync(full).size;
        } catch {
          // gone meanwhile
        }
    }
  };
  walk(dir);
  return bytes / 1024 / 1024;
}
