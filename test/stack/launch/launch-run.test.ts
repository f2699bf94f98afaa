import { describe, expect, it, beforeAll, vi } from 'vitest';
import { kinesis } from '../../../functions/core/aws/kinesis.ts';
import { launchRun } from '../../../functions/core/launch/launch-run.ts';
import { planRun } from '../../../functions/core/launch/plan-run.ts';
import { getRunProgress } from '../../../functions/core/store/runs/run-progress.ts';
import { loadSelectorDir } from '../../../functions/core/selectors/load.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';

const aws = useAwsServers();

describe('launchRun', () => {
  beforeAll(() => createTable(aws.dynamo(), 'runs'));

  it('records on the run why its jobs could not all be put (mocked Kinesis client: the stream refuses everything)', async () => {
    const { sites } = await loadSelectorDir(SELECTORS_DIR);
    const planned = planRun(sites, {
      trigger: 'api',
      date: '2026-11-23',
      filter: { markets: ['fr'] },
      now: new Date(),
    });
    vi.spyOn(kinesis(), 'send').mockImplementation(async () => {
      throw Object.assign(new Error('Stream JobStream under account 000000000000 not found.'), {
        name: 'ResourceNotFoundException',
      });
    });
    await expect(launchRun(planned, { tableName: 'runs', streamName: 'JobStream' })).rejects.toThrow('not found');
    vi.restoreAllMocks();
    const progress = await getRunProgress('runs', planned.run.runId);
    expect(progress).toMatchObject({
      jobsExpected: 5,
      pending: 5,
      complete: false,
      error: 'Stream JobStream under account 000000000000 not found.',
    });
  });
});
