import type { KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it, beforeAll } from 'vitest';
import { createBrowserPool } from '../../functions/core/browser/pool.ts';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { expandJobs } from '../../functions/core/jobs/expand.ts';
import { encodeJobRecord } from '../../functions/core/jobs/record.ts';
import { scrapeBatch, type ScrapeDeps } from '../../functions/core/pipeline/scrape-batch.ts';
import { writeItems } from '../../functions/core/store/write-items.ts';
import { runJobItem } from '../../functions/core/store/run-job.ts';
import { queryDay } from '../../functions/core/store/observation-queries.ts';
import { createTable, useAwsServers } from '../support/aws.ts';
import { useDemoShop } from '../support/demo.ts';

const aws = useAwsServers();
const demo = useDemoShop();
const silent = { warn: () => undefined, error: () => undefined };

function records(runId: string, count: number): KinesisStreamRecord[] {
  return expandJobs(demo.sites).slice(0, count).map((job, index) => ({
    kinesis: { data: Buffer.from(encodeJobRecord(runId, '2026-11-23', job)).toString('base64'), sequenceNumber: `49${index}`, partitionKey: 'p' },
  }) as KinesisStreamRecord);
}

function deps(over: Partial<ScrapeDeps>): ScrapeDeps {
  return { sites: demo.sites, classify: createClassifier(demo.tracking), browsers: createBrowserPool(() => launchBrowser()), tableName: 'batch', bucketName: 'none', concurrency: 2, log: silent, ...over };
}

describe('scrapeBatch', () => {
  beforeAll(() => createTable(aws.dynamo(), 'batch'));

  it('starts no page when the Lambda is about to time out, and reports every record for retry', async () => {
    const browsers = createBrowserPool(() => launchBrowser());
    const response = await scrapeBatch(records('run-late', 4), deps({ browsers, remainingMs: () => 5_000, pageBudgetMs: 30_000 }));
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['490', '491', '492', '493']);
    expect(browsers.launches()).toBe(0);
    expect(await queryDay('batch', '2026-11-23')).toEqual([]);
  });

  it('skips a redelivered record whose job this run already finished', async () => {
    const browsers = createBrowserPool(() => launchBrowser());
    const batch = records('run-again', 3);
    const [first] = expandJobs(demo.sites);
    await writeItems([runJobItem('run-again', first!, 'ok', new Date())], { tableName: 'batch' });
    const response = await scrapeBatch(batch.slice(0, 1), deps({ browsers }));
    expect(response.batchItemFailures).toEqual([]);
    expect(browsers.launches()).toBe(0);
  });

  it('reports a malformed record (for the dead-letter queue) without holding back the others', async () => {
    const batch = records('run-mixed', 2);
    const garbage = { kinesis: { data: Buffer.from('{oops').toString('base64'), sequenceNumber: '999', partitionKey: 'p' } } as KinesisStreamRecord;
    const errors: Array<Record<string, unknown>> = [];
    const browsers = createBrowserPool(() => launchBrowser());
    const response = await scrapeBatch([batch[0]!, garbage, batch[1]!], deps({ browsers, bucketName: 'missing-bucket', log: { warn: () => undefined, error: (_m, extra) => errors.push(extra) } }));
    await browsers.close();
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '999' }]);
    expect(errors).toContainEqual({ error: 'record 1 (sequence 999): data is not JSON' });
    const stored = await queryDay('batch', '2026-11-23');
    expect(stored.filter((o) => o.runId === 'run-mixed').map((o) => o.status)).toEqual(['ok', 'ok']);
    // The bucket does not exist: the observations are kept all the same, marked.
    expect(stored.every((o) => o.evidence.error?.startsWith('evidence upload failed'))).toBe(true);
  });
});
