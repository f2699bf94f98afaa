import { beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../../functions/core/jobs/expand.ts';
import { createRun } from '../../../functions/core/store/runs/create-run.ts';
import { runKey } from '../../../functions/core/store/keys.ts';
import { getRunProgress } from '../../../functions/core/store/runs/run-progress.ts';
import { QUEUED, runJobItem, type RunJobState } from '../../../functions/core/store/runs/job-marker.ts';
import { writeItems } from '../../../functions/core/store/write-items.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';

const aws = useAwsServers();
const job = (keyword: string): Target => ({ site: 'demo-shop', market: 'fr', page: 'search', kind: 'search', keyword });

async function runWith(runId: string, states: RunJobState[]) {
  await createRun(
    'progress',
    {
      runId,
      date: '2026-11-23',
      trigger: 'schedule',
      filter: {},
      jobsExpected: states.length,
      createdAt: '2026-11-23T06:00:00.000Z',
    },
    ['demo-shop#fr'],
  );
  await writeItems(
    states.map((state, index) => runJobItem(runId, job(`k${index}`), state, new Date())),
    { tableName: 'progress' },
  );
  return getRunProgress('progress', runId);
}

describe('Run progress: a job is finished when its status is an answer or its attempts are spent', () => {
  beforeAll(() => createTable(aws.dynamo(), 'progress'));

  it('an HTTP error with attempts left keeps the run open (it used to say complete)', async () => {
    const progress = await runWith('open', [
      { status: 'ok', attempts: 1, final: true },
      { status: 'ok', attempts: 1, final: true },
      { status: 'http_error', attempts: 1, final: false },
    ]);
    expect(progress).toMatchObject({ complete: false, pending: 1, retrying: 1, done: { ok: 2, http_error: 1 } });
  });

  it.each(['timeout', 'http_error', 'failed'] as const)('%s on its last attempt finishes the run', async (status) => {
    const progress = await runWith(`spent-${status}`, [
      { status: 'ok', attempts: 1, final: true },
      { status, attempts: 3, final: true },
    ]);
    expect(progress).toMatchObject({ complete: true, pending: 0, retrying: 0 });
  });

  it('queued jobs are pending and not counted as read', async () => {
    const progress = await runWith('queued', [
      { status: QUEUED, attempts: 0, final: false },
      { status: 'selector_miss', attempts: 1, final: true },
    ]);
    expect(progress).toMatchObject({ complete: false, pending: 1, retrying: 0, done: { selector_miss: 1, ok: 0 } });
  });

  it('markers written before attempts were counted are finished by being there (old runs stay complete)', async () => {
    await createRun(
      'progress',
      {
        runId: 'legacy',
        date: '2026-11-20',
        trigger: 'schedule',
        filter: {},
        jobsExpected: 2,
        createdAt: '2026-11-20T06:00:00.000Z',
      },
      ['demo-shop#fr'],
    );
    const legacy = (keyword: string, status: string) => ({
      pk: runKey('legacy').pk,
      sk: `JOB#demo-shop#fr#search#${keyword}`,
      type: 'run-job',
      status,
    });
    await writeItems([legacy('a', 'ok'), legacy('b', 'http_error')], { tableName: 'progress' });
    expect(await getRunProgress('progress', 'legacy')).toMatchObject({ complete: true, pending: 0 });
  });
});
