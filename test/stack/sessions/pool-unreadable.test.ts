import type { KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it, beforeAll } from 'vitest';
import { createBrowserPool } from '../../../functions/core/browser/pool.ts';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { expandTargets } from '../../../functions/core/jobs/expand.ts';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { scrapeBatch } from '../../../functions/core/scrape-batch/scrape-batch.ts';
import { queryDay } from '../../../functions/core/store/observations/queries.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';
import { useDemoShop } from '../../support/demo.ts';

/**
 * A proxy pool that cannot be read (its variable unset, its parameter missing) is the page's
 * problem, said plainly and tried again on the next delivery, never a direct visit instead.
 */
const aws = useAwsServers();
const demo = useDemoShop();

describe('A site whose proxy pool cannot be read', () => {
  beforeAll(() => createTable(aws.dynamo(), 'pool'));

  it('fails its page with the reference named, is retried, and the shop never sees it', async () => {
    const us = { ...demo.site('us'), proxy: { pool: 'env:SHELFWATCH_UNSET_POOL' } };
    delete process.env.SHELFWATCH_UNSET_POOL;
    const job = expandTargets([us]).find((target) => target.kind === 'search')!;
    const record = {
      kinesis: {
        data: Buffer.from(encodeJobRecord('run-pool', '2026-11-23', job)).toString('base64'),
        sequenceNumber: '1',
        partitionKey: 'demo-shop#us',
      },
    } as KinesisStreamRecord;
    const before = demo.shop.arrivals('us').length;
    const browsers = createBrowserPool(() => launchBrowser());
    try {
      const response = await scrapeBatch([record], {
        sites: [us],
        classify: createClassifier(demo.tracking),
        browsers,
        tableName: 'pool',
        bucketName: 'none',
        concurrency: 1,
        log: { warn: () => undefined, error: () => undefined },
      });
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    } finally {
      await browsers.close();
    }
    const [observation] = await queryDay('pool', '2026-11-23');
    expect(observation).toMatchObject({
      status: 'failed',
      message: expect.stringContaining(
        'proxy pool env:SHELFWATCH_UNSET_POOL: the environment variable SHELFWATCH_UNSET_POOL is not set',
      ),
    });
    expect(demo.shop.arrivals('us').length).toBe(before);
  });
});
