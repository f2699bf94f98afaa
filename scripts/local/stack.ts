import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { RunProgress } from '../../functions/core/store/model.ts';
import { loadFunctions, type LocalFunction } from './functions.ts';
import { routesOf, startHttpApi, type LocalHttpApi } from './http-api.ts';
import { KinesisEventSource, type DeadLetter } from './kinesis-source.ts';
import { createResources, LOCAL_CREDENTIALS, LOCAL_REGION } from './resources.ts';
import { startAwsServers } from './servers.ts';
import { readTemplate } from './template.ts';

export interface LocalStackOptions {
  rootDir: string;
  /** Keep DynamoDB and S3 here so history accumulates; null keeps everything in memory/temp. */
  dataDir: string | null;
  /** site → origin, e.g. demo-shop → the demo shop's local address (SITE_ORIGINS). */
  siteOrigins?: Record<string, string>;
  /** Selector files to run with (default: <rootDir>/selectors). */
  selectorsDir?: string | undefined;
  /** Run the built bundles in this folder (as `npm run build` makes them) instead of the sources. */
  builtDir?: string | undefined;
  httpPort?: number;
  token?: string;
  shardCount?: number;
  /** Extra environment for every function (tests: SCRAPE_CONCURRENCY, PAGE_BUDGET_MS, …). */
  env?: Record<string, string>;
  onDeadLetter?: (letter: DeadLetter) => void;
}

export interface LocalStack {
  endpoints: { dynamodb: string; kinesis: string; s3: string };
  bucketName: string;
  tableName: string;
  functions: { fanout: LocalFunction; scrape: LocalFunction; api: LocalFunction };
  http: LocalHttpApi;
  events: KinesisEventSource;
  /** What EventBridge sends for the daily schedule at `time`. */
  scheduledScan(time: Date): Promise<{ runId: string; date: string; jobs: number }>;
  runProgress(runId: string): Promise<RunProgress | null>;
  /** Resolves when every job of the run has an observation and no delivery or retry is in flight. */
  waitForRun(runId: string, onProgress?: (progress: RunProgress) => void, timeoutMs?: number, pollMs?: number): Promise<RunProgress>;
  close(): Promise<void>;
}

/**
 * The whole shelfwatch stack on this machine, wired as template.yaml wires it on AWS: real
 * DynamoDB/Kinesis/S3 protocol servers, the three handlers, the Kinesis event source mapping and
 * the HTTP API. One stack per process: handlers read their configuration once, at import.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const template = await readTemplate(path.join(options.rootDir, 'template.yaml'));
  const servers = await startAwsServers(options.dataDir);
  const resources = await createResources(template, servers.endpoints, options.shardCount ?? 1);
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: servers.endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: servers.endpoints.kinesis,
    AWS_ENDPOINT_URL_S3: servers.endpoints.s3,
    // Built bundles carry their own selector files (read from LAMBDA_TASK_ROOT, as on Lambda).
    ...(options.builtDir ? {} : { SELECTORS_DIR: options.selectorsDir ?? path.join(options.rootDir, 'selectors') }),
    SITE_ORIGINS: Object.entries(options.siteOrigins ?? {}).map(([site, origin]) => `${site}=${origin}`).join(','),
    // The demo shop is on loopback, which the scraper otherwise refuses: allow exactly its origin.
    ALLOWED_PRIVATE_ORIGINS: Object.values(options.siteOrigins ?? {}).join(','),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // Embedded metrics are CloudWatch's; locally they would only fill the terminal.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    ...options.env,
  });
  const loaded = await loadFunctions(template, resources.refs, options.rootDir, options.builtDir ? { kind: 'built', dir: path.resolve(options.builtDir) } : { kind: 'source' });
  const byEvent = (type: string) => {
    const found = [...loaded.values()].find((fn) => Object.values(fn.events).some((event) => event.Type === type));
    if (!found) throw new Error(`template.yaml has no function with a ${type} event`);
    return found;
  };
  const fanout = byEvent('ScheduleV2');
  const scrape = byEvent('Kinesis');
  const api = [...loaded.values()].find((fn) => fn !== fanout && fn !== scrape && Object.values(fn.events).some((event) => event.Type === 'HttpApi'));
  if (!api) throw new Error('template.yaml has no API function');

  const mapping = Object.values(scrape.events).find((event) => event.Type === 'Kinesis')!.Properties as Record<string, unknown>;
  const kinesisClient = new KinesisClient({ region: LOCAL_REGION, endpoint: servers.endpoints.kinesis, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 30_000 }) });
  const events = new KinesisEventSource(
    kinesisClient,
    {
      streamArn: resources.streamArn,
      streamName: resources.streamName,
      shardIds: resources.shardIds,
      batchSize: Number(mapping.BatchSize ?? 100),
      maximumRetryAttempts: Number(mapping.MaximumRetryAttempts ?? 0),
      bisectBatchOnFunctionError: mapping.BisectBatchOnFunctionError === true,
      reportBatchItemFailures: ((mapping.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
    },
    (event) => scrape.invoke(event),
    options.onDeadLetter,
  );
  await events.start();
  const http = await startHttpApi(routesOf(loaded.values()), { port: options.httpPort, token: options.token });
  const { getRunProgress } = await import('../../functions/core/store/run-progress.ts');
  const tableName = resources.refs[template.resourceOfType('AWS::DynamoDB::Table').logicalId]!;

  return {
    endpoints: servers.endpoints,
    bucketName: resources.refs[template.resourceOfType('AWS::S3::Bucket').logicalId]!,
    tableName,
    functions: { fanout, scrape, api },
    http,
    events,
    async scheduledScan(time) {
      const event = { version: '0', id: crypto.randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000', time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'), region: LOCAL_REGION, resources: ['arn:aws:events:us-east-1:000000000000:rule/local-daily'], detail: {} };
      return (await fanout.invoke(event)) as { runId: string; date: string; jobs: number };
    },
    runProgress: (runId) => getRunProgress(tableName, runId),
    async waitForRun(runId, onProgress, timeoutMs = 15 * 60_000, pollMs = 150) {
      const started = Date.now();
      for (;;) {
        const progress = await getRunProgress(tableName, runId);
        if (!progress) throw new Error(`run ${runId} is not in the table`);
        onProgress?.(progress);
        if (progress.complete && events.idle()) return progress;
        if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} did not finish within ${timeoutMs / 1000} s (${progress.pending} pending)`);
        await sleep(pollMs);
      }
    },
    async close() {
      await events.stop();
      await http.close();
      await (scrape.module.shutdown as (() => Promise<void>) | undefined)?.();
      kinesisClient.destroy();
      await servers.close();
    },
  };
}
