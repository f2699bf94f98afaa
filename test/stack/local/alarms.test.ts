import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../../../functions/core/store/runs/create-run.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * Every silent failure has an alarm (template.yaml), and each one is raised here by the failure
 * itself, on the local stack's CloudWatch (the metrics its functions, mapping and API report; the
 * template's alarms over them). Alarms that need several periods of a metric are checked on the
 * evaluator in test/unit/local/alarms.test.ts.
 */
let stack: LocalStack;
let shop: DemoShop;

// A zone where it is about noon now, and a daily schedule an hour before: today's scan is overdue to start.
const utcHour = new Date().getUTCHours();
const offset = Math.max(-12, Math.min(14, 12 - utcHour));
const zone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;

beforeAll(async () => {
  shop = await startDemoShop({ date: '2026-11-23' });
  shop.faults.add({ type: 'layout', market: 'us', path: '/us/search' });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: null,
    siteOrigins: { 'demo-shop': shop.url },
    env: { SCHEDULE_EXPRESSION: 'cron(0 11 * * ? *)', SCAN_TIME_ZONE: zone },
  });
}, 120_000);
afterEach(async () => {
  await stack.awsFaults.clear();
});
afterAll(async () => {
  await stack?.close();
  await shop?.close();
});

const sweep = () =>
  stack.functions.alerts.invoke({
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    time: new Date().toISOString(),
    detail: {},
  });

describe('Alarms, raised by what they watch', () => {
  it('SweepStoppedAlarm: no sweep has finished (none ran)', () => {
    expect(stack.cloudwatch.evaluate().SweepStoppedAlarm).toBe('ALARM');
  });

  it('FanoutErrorsAlarm and FailedInvocationAlarm: the schedule’s fan-out fails (DynamoDB throttles it past the SDK’s retries)', async () => {
    await stack.awsFaults.add({
      service: 'dynamodb',
      operation: 'PutItem',
      kind: 'throttle',
      every: 1,
      role: 'FanoutRole',
    });
    await expect(stack.scheduledScan(new Date('2026-11-22T06:00:00Z'))).rejects.toThrow(
      /ProvisionedThroughputExceeded|level of configured/,
    );
    const states = stack.cloudwatch.evaluate();
    expect(states.FanoutErrorsAlarm).toBe('ALARM');
    expect(states.FailedInvocationAlarm).toBe('ALARM');
    expect(stack.cloudwatch.failedInvocations.at(-1)).toMatchObject({ functionName: 'FanoutFunction' });
  });

  it('SweepErrorsAlarm: the sweep fails', async () => {
    await stack.awsFaults.add({
      service: 'dynamodb',
      operation: 'Query',
      kind: 'throttle',
      every: 1,
      role: 'AlertsRole',
    });
    await expect(sweep()).rejects.toThrow();
    expect(stack.cloudwatch.evaluate().SweepErrorsAlarm).toBe('ALARM');
  });

  it('RunOverdueAlarm and DayNotStartedAlarm: a run past its deadline, today’s schedule with no run; a finished sweep ends SweepStoppedAlarm', async () => {
    await createRun(
      stack.tableName,
      {
        runId: '2026-11-22-overdue1',
        date: new Date().toISOString().slice(0, 10),
        trigger: 'api',
        filter: {},
        jobsExpected: 5,
        createdAt: new Date(Date.now() - 4 * 3_600_000).toISOString(),
      },
      ['demo-shop#us'],
    );
    await sweep();
    const states = stack.cloudwatch.evaluate();
    expect(states.RunOverdueAlarm).toBe('ALARM');
    expect(states.DayNotStartedAlarm).toBe('ALARM');
    expect(states.SweepStoppedAlarm).toBe('OK');
  });

  it('ApiServerErrorsAlarm: the app answers 5xx (S3 fails under it)', async () => {
    await stack.awsFaults.add({
      service: 's3',
      operation: 'GetObject',
      kind: 'internal-error',
      share: 1,
      role: 'ApiRole',
    });
    const token = await stack.signIn();
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await fetch(`${stack.http.url}/scorecards/2026-11-22`, { headers: { authorization: `Bearer ${token}` } }))
          .status,
      );
    expect(statuses.every((status) => status === 500)).toBe(true);
    expect(stack.cloudwatch.evaluate().ApiServerErrorsAlarm).toBe('ALARM');
  });

  it('SelectorMissAlarm: a page whose selectors broke, from the scrape function’s own metric', async () => {
    const run = await stack.scheduledScan(new Date('2026-11-23T06:00:00Z'));
    await stack.waitForRun(run.runId);
    expect(stack.cloudwatch.evaluate().SelectorMissAlarm).toBe('ALARM');
    expect(stack.cloudwatch.raised.map((entry) => entry.alarm)).toContain('SelectorMissAlarm');
  });
});
