import type { KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it, beforeAll } from 'vitest';
import { createBrowserPool } from '../../../functions/core/browser/pool.ts';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { scrapeBatch, type ScrapeDeps } from '../../../functions/core/scrape-batch/scrape-batch.ts';
import type { LoadedSite } from '../../../functions/core/selectors/load.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';
import { useDemoShop } from '../../support/demo.ts';

/**
 * Politeness across the fleet: two scrape handlers (each its own browser pool and sessions, as
 * two Lambda containers are) read one site at once, its file allowing 120 page loads a minute.
 * The shop must see them at least half a second apart, however the pages fall to the handlers.
 */
const aws = useAwsServers();
const demo = useDemoShop();
const silent = { warn: () => undefined, error: () => undefined };

function batch(site: LoadedSite, runId: string, from: number, count: number): KinesisStreamRecord[] {
  return expandTargets([site])
    .filter((job) => job.kind === 'search')
    .slice(from, from + count)
    .map(
      (job, index) =>
        ({
          kinesis: {
            data: Buffer.from(encodeJobRecord(runId, '2026-11-23', job)).toString('base64'),
            sequenceNumber: `${from + index}`,
            partitionKey: `demo-shop#us#${index % 2}`,
          },
        }) as KinesisStreamRecord,
    );
}

function handler(site: LoadedSite): ScrapeDeps {
  return {
    sites: [site],
    classify: createClassifier(demo.tracking),
    browsers: createBrowserPool(() => launchBrowser()),
    tableName: 'pace',
    bucketName: 'none',
    concurrency: 4,
    log: silent,
  };
}

/** Reads 12 search pages of `us` with two handlers at once; when the shop saw them, sorted. */
async function twoHandlers(rate: LoadedSite['rate'], runId: string): Promise<number[]> {
  const us = demo.site('us');
  const site: LoadedSite = {
    ...us,
    rate,
    pages: [
      {
        ...us.pages.find((page) => page.kind === 'search')!,
        keywords: Array.from({ length: 12 }, (_u, i) => `shade ${i}`),
      },
    ] as LoadedSite['pages'],
  };
  const before = demo.shop.arrivals('us').length;
  const [a, b] = [handler(site), handler(site)];
  await Promise.all([scrapeBatch(batch(site, runId, 0, 6), a), scrapeBatch(batch(site, runId, 6, 6), b)]);
  const arrivals = demo.shop
    .arrivals('us')
    .slice(before)
    .sort((x, y) => x - y);
  expect(arrivals).toHaveLength(12);
  return arrivals;
}

/**
 * The most arrivals any window of four load intervals held. Each load's moment is reserved
 * exactly and a request leaves only after it, but reaches the shop later by however busy the
 * event loop is (150 ms seen under CI load): a lateness of up to one interval still leaves at most
 * 6 arrivals in such a window (4 or 5 when on time), where loads made together would put all 12.
 */
function busiestWindow(arrivals: number[], intervalMs: number): number {
  return Math.max(
    ...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 4 * intervalMs).length),
  );
}

describe('A site’s requestsPerMinute', () => {
  beforeAll(() => createTable(aws.dynamo(), 'pace'));

  it('holds across two handlers reading the site at once: never more loads in 2 s than 120 a minute allows (with one interval of lateness)', async () => {
    const arrivals = await twoHandlers({ concurrency: 4, requestsPerMinute: 120, delayMs: 0 }, 'run-paced');
    expect(busiestWindow(arrivals, 500)).toBeLessThanOrEqual(6);
    // 12 loads take at least 11 intervals, one of lateness aside.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(10 * 500);
  }, 60_000);

  it('delayMs alone spaces them too', async () => {
    const arrivals = await twoHandlers({ concurrency: 4, requestsPerMinute: 'unlimited', delayMs: 300 }, 'run-delayed');
    expect(busiestWindow(arrivals, 300)).toBeLessThanOrEqual(6);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(10 * 300);
  }, 60_000);

  it('unlimited: the same two handlers read pages together (so the limit above is what spaced them)', async () => {
    const arrivals = await twoHandlers({ concurrency: 4, requestsPerMinute: 'unlimited', delayMs: 0 }, 'run-unpaced');
    expect(busiestWindow(arrivals, 500)).toBeGreaterThan(6);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThan(10 * 300);
  }, 60_000);
});
