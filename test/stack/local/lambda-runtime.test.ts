import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRuntime, type FunctionSpec } from '../../../scripts/local/lambda/function-runtime.ts';
import { ASYNC_EVENT_BYTES, SYNC_PAYLOAD_BYTES } from '../../../scripts/local/lambda/lambda-limits.ts';
import { invokeEvent, type AsyncFailure } from '../../../scripts/local/lambda/async-invocation.ts';
import type { LocalFunction } from '../../../scripts/local/functions.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * The local Lambda runtime refuses and stops what Lambda refuses and stops: each function in
 * execution environments of its own, held to its Timeout, MemorySize, EphemeralStorage and the
 * payload limits (docs/local-stack.md cites the pages).
 */
let root: string;
const runtimes: FunctionRuntime[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shelfwatch-runtime-'));
});
afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.close()));
  await rm(root, { recursive: true, force: true });
});

function runtime(exportName: string, over: Partial<FunctionSpec> = {}): FunctionRuntime {
  const made = new FunctionRuntime({
    logicalId: `Test${exportName}`,
    modulePath: path.join(REPO_ROOT, 'test/fixtures/lambda/handlers.ts'),
    exportName,
    env: { PATH: process.env.PATH ?? '', ONLY_MINE: 'mine', AWS_ACCESS_KEY_ID: 'ASIATESTROLE' },
    memoryMb: 512,
    timeoutSeconds: 10,
    ephemeralMb: 512,
    tmpRoot: root,
    ...over,
  });
  runtimes.push(made);
  return made;
}

describe('Lambda, locally: Timeout', () => {
  it('stops the invocation with "Task timed out after N.00 seconds", and neither the rest of the handler nor its finally runs', async () => {
    const marker = path.join(root, 'sleepy');
    await expect(runtime('sleepy', { timeoutSeconds: 1 }).invoke({ ms: 2_500, marker })).rejects.toThrow(
      'Task timed out after 1.00 seconds',
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(existsSync(`${marker}.done`)).toBe(false);
    expect(existsSync(`${marker}.finally`)).toBe(false);
  });

  it('a handler within its Timeout finishes, its finally too', async () => {
    const marker = path.join(root, 'quick');
    expect(await runtime('sleepy', { timeoutSeconds: 2 }).invoke({ ms: 100, marker })).toBe('slept');
    expect(existsSync(`${marker}.finally`)).toBe(true);
  });
});

describe('Lambda, locally: MemorySize', () => {
  it('stops an environment that holds more than its MemorySize, as "Runtime exited with error: signal: killed"', async () => {
    const hog = runtime('hog', { memoryMb: 256 });
    await expect(hog.invoke({ mb: 400 })).rejects.toThrow(/Runtime exited with error: signal: killed/);
    expect(hog.reports.at(-1)!.error).toMatch(/killed/);
  });

  it('lets one within it run, and reports its Max Memory Used', async () => {
    const hog = runtime('hog', { memoryMb: 512 });
    expect(await hog.invoke({ mb: 96, ms: 800 })).toBe(6);
    expect(hog.reports.at(-1)!.maxMemoryUsedMb).toBeGreaterThanOrEqual(96);
    expect(hog.reports.at(-1)!.maxMemoryUsedMb).toBeLessThan(512);
  });
});

describe('Lambda, locally: payloads', () => {
  it(`refuses a response over ${SYNC_PAYLOAD_BYTES} bytes (6 MB)`, async () => {
    await expect(runtime('big').invoke({ bytes: SYNC_PAYLOAD_BYTES + 1 })).rejects.toThrow(
      /Response payload size exceeded maximum allowed payload size \(6291556 bytes\)/,
    );
  });

  it('takes a response just under it', async () => {
    expect(((await runtime('big').invoke({ bytes: 6_000_000 })) as string).length).toBe(6_000_000);
  });

  it(`refuses an asynchronous event over ${ASYNC_EVENT_BYTES} bytes (1 MB), and a synchronous request over 6 MB`, async () => {
    const fn = runtime('counter');
    expect(() => fn.checkEvent({ padding: 'x'.repeat(ASYNC_EVENT_BYTES) })).toThrow(/smaller than 1048576 bytes/);
    await expect(fn.invoke({ padding: 'x'.repeat(SYNC_PAYLOAD_BYTES) })).rejects.toThrow(/smaller than 6291556 bytes/);
    // 300 KB: refused before Lambda raised the asynchronous limit from 256 KB; taken now.
    expect(() => fn.checkEvent({ padding: 'x'.repeat(300_000) })).not.toThrow();
  });
});

describe('Lambda, locally: an asynchronous invocation', () => {
  const local = (exportName: string, asyncRetries: number) => {
    const fn = runtime(exportName);
    return {
      logicalId: `Test${exportName}`,
      asyncRetries,
      invoke: (event: unknown) => fn.invoke(event),
      checkEvent: (event: unknown) => fn.checkEvent(event),
    } as unknown as LocalFunction;
  };

  it('is retried as many times as EventInvokeConfig says, and succeeds on a retry', async () => {
    const failures: AsyncFailure[] = [];
    await expect(invokeEvent(local('flaky', 2), { failures: 2 }, (f) => failures.push(f))).resolves.toBe(3);
    expect(failures).toEqual([]);
  });

  it('goes to the OnFailure destination once its retries are spent, with how many invocations it took', async () => {
    const failures: AsyncFailure[] = [];
    await expect(invokeEvent(local('flaky', 0), { failures: 5 }, (f) => failures.push(f))).rejects.toThrow(
      /failure 1 of 5/,
    );
    expect(failures).toMatchObject([
      { functionName: 'Testflaky', condition: 'RetriesExhausted', approximateInvokeCount: 1, event: { failures: 5 } },
    ]);
  });

  it('an event over 1 MB is refused at the door: no invocation, nothing in the destination', async () => {
    const failures: AsyncFailure[] = [];
    await expect(
      invokeEvent(local('counter', 2), { padding: 'x'.repeat(ASYNC_EVENT_BYTES) }, (f) => failures.push(f)),
    ).rejects.toThrow(/RequestEntityTooLarge|smaller than/);
    expect(failures).toEqual([]);
  });
});

describe('Lambda, locally: EphemeralStorage', () => {
  it('fails an invocation that fills /tmp past its EphemeralStorage (ENOSPC on AWS)', async () => {
    await expect(runtime('filler', { ephemeralMb: 32 }).invoke({ mb: 48, ms: 100 })).rejects.toThrow(/ENOSPC/);
  });

  it('gives each environment a /tmp of its own', async () => {
    const fn = runtime('filler', { ephemeralMb: 64 });
    const [a, b] = (await Promise.all([fn.invoke({ mb: 8, ms: 300 }), fn.invoke({ mb: 8, ms: 300 })])) as string[];
    expect(path.dirname(a!)).not.toBe(path.dirname(b!));
  });
});

describe('Lambda, locally: execution environments', () => {
  it('keeps an environment warm between invocations, and starts another for an invocation while it is busy', async () => {
    const fn = runtime('counter');
    expect(await fn.invoke({})).toBe(1);
    expect(await fn.invoke({})).toBe(2);
    expect(fn.reports.map((report) => report.coldStart)).toEqual([true, false]);
  });

  it('gives the handler only its own environment: its variables, its role’s credentials, its memory size', async () => {
    const seen = (await runtime('environment', { memoryMb: 768 }).invoke({ name: 'ONLY_MINE' })) as Record<
      string,
      string
    >;
    expect(seen).toMatchObject({ value: 'mine', accessKey: 'ASIATESTROLE' });
    const other = (await runtime('environment').invoke({ name: 'SOMETHING_ELSE' })) as Record<string, string>;
    expect(other.value).toBeUndefined();
  });
});
