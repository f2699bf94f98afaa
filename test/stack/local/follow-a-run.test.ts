import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * One run followed end to end, as "why is today's run slow or failing" is answered on AWS: every
 * log line of the functions that worked on it names it, and its trace (X-Ray, locally: the SDK's
 * segments sent to a local daemon) goes from the fan-out through the scrape batches to the sweep,
 * with each function's SDK calls under it.
 */
let stack: LocalStack;
let shop: DemoShop;
const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);
let runId: string;

beforeAll(async () => {
  shop = await startDemoShop({ date: '2026-11-23' });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    siteOrigins: { 'demo-shop': shop.url },
    env: { POWERTOOLS_LOG_LEVEL: 'INFO' },
  });
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  runId = (await stack.scheduledScan(new Date('2026-11-23T06:00:00Z'))).runId;
  await stack.waitForRun(runId);
  await stack.alertRun(runId);
}, 300_000);
afterAll(async () => {
  process.stdout.write = write;
  await stack?.close();
  await shop?.close();
});

describe('A run, followed end to end', () => {
  it('is named on every log line of the functions that worked on it', () => {
    const logs = lines
      .filter((line) => line.startsWith('{') && line.includes('"service":"shelfwatch"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const ofFunctions = logs.filter((log) => log.message !== 'run alerts' || log.runId === runId);
    expect(ofFunctions.length).toBeGreaterThan(20);
    const unnamed = ofFunctions.filter(
      (log) => log.runId !== runId && !(log.runIds as string[] | undefined)?.includes(runId),
    );
    expect(unnamed.map((log) => log.message)).toEqual([]);
  });

  it('has one trace from the fan-out through the scrape batches to the sweep, each with its SDK calls', async () => {
    // Segments reach the daemon over UDP after the invocation returns, as on AWS: the sweep's may
    // still be on its way when alertRun resolves on a loaded machine.
    const names = await vi.waitFor(
      () => {
        const seen = [...new Set(stack.traceOfRun(runId).map((invocation) => invocation.name))].sort();
        expect(seen).toEqual(['## alerts sweep', '## daily scan', '## scrape batch']);
        return seen;
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(names).toHaveLength(3);
    const trace = stack.traceOfRun(runId);
    const calls = (name: string) =>
      trace.filter((invocation) => invocation.name === name).flatMap((invocation) => invocation.calls);
    expect(calls('## daily scan')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DynamoDB/), expect.stringMatching(/^Kinesis/)]),
    );
    expect(calls('## scrape batch')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DynamoDB/), expect.stringMatching(/^S3/)]),
    );
    expect(calls('## alerts sweep')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DynamoDB/), expect.stringMatching(/^S3/)]),
    );
  });
});
