import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplate, resolveConditions, resolveValue } from '../../../scripts/local/template.ts';
import { REPO_ROOT } from '../../support/paths.ts';

const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));

describe('template.yaml as the local stack reads it', () => {
  it('finds the five functions, their code folders and events', () => {
    expect(template.functions.map((fn) => [fn.logicalId, fn.name, fn.handler])).toEqual([
      ['FanoutFunction', 'fanout', 'handler.handler'],
      ['ScrapeFunction', 'scrape', 'handler.handler'],
      ['ApiFunction', 'api', 'handler.handler'],
      ['DeadLetterFunction', 'dead-letters', 'handler.handler'],
      ['AlertsFunction', 'alerts', 'handler.handler'],
    ]);
    const scrape = template.functions.find((fn) => fn.name === 'scrape')!;
    expect(scrape.events.Jobs!.Properties).toMatchObject({
      BatchSize: 20,
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // Nothing put while the mapping is (re)created is skipped, and no record is dropped for its age.
      StartingPosition: 'TRIM_HORIZON',
      MaximumRecordAgeInSeconds: -1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['JobFailureBucket', 'Arn'] } } },
    });
    expect(scrape.timeoutSeconds).toBe(300);
  });

  it('tells the scraper how many attempts the mapping gives a page, so the last one is final', () => {
    const scrape = template.functions.find((fn) => fn.name === 'scrape')!;
    expect(Number(scrape.environment.PAGE_ATTEMPTS)).toBe(
      Number(scrape.events.Jobs!.Properties.MaximumRetryAttempts) + 1,
    );
  });

  it('merges Globals into each function’s environment and resolves intrinsics', () => {
    const scrape = template.functions.find((fn) => fn.name === 'scrape')!;
    const refs = {
      ObservationsTable: 't',
      EvidenceBucket: 'b',
      ScrapeConcurrency: '4',
      ScheduleTimeZone: 'UTC',
      HistoryRetentionDays: '400',
      'AWS::StackName': 'shelfwatch-dev',
    };
    const env = Object.fromEntries(
      Object.entries(scrape.environment).map(([name, value]) => [name, resolveValue(value, refs)]),
    );
    expect(env).toMatchObject({
      TABLE_NAME: 't',
      BUCKET_NAME: 'b',
      POWERTOOLS_METRICS_NAMESPACE: 'shelfwatch/shelfwatch-dev',
      SCRAPE_CONCURRENCY: '4',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(resolveValue({ 'Fn::Sub': '/aws/lambda/${X}' }, { X: 'fn' })).toBe('/aws/lambda/fn');
    expect(() => resolveValue({ 'Fn::GetAtt': ['Nope', 'Arn'] }, {})).toThrow('local stack has no value for Nope.Arn');
  });

  it('declares the table keys and the history index the data model uses, carrying only what its queries read', async () => {
    const { HISTORY_INDEX, HISTORY_INDEX_ATTRIBUTES } = await import('../../../functions/core/store/keys.ts');
    const table = resolveConditions(
      template.resourceOfType('AWS::DynamoDB::Table').properties,
      template.conditions,
    ) as {
      KeySchema: unknown;
      GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
    };
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: HISTORY_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...HISTORY_INDEX_ATTRIBUTES] },
      },
    ]);
  });

  it('an upgrade keeps the old gsi1 index beside the new one while KeepLegacyHistoryIndex is true', () => {
    const table = resolveConditions(template.resourceOfType('AWS::DynamoDB::Table').properties, {
      ...template.conditions,
      KeepLegacyIndex: true,
    }) as { GlobalSecondaryIndexes: Array<{ IndexName: string; Projection: { ProjectionType: string } }> };
    expect(table.GlobalSecondaryIndexes.map((index) => [index.IndexName, index.Projection.ProjectionType])).toEqual([
      ['history', 'INCLUDE'],
      ['gsi1', 'ALL'],
    ]);
  });
});

describe('template.yaml alarms', () => {
  it('alarm on every metric the functions emit, in the stack’s own namespace, and tell the alert topic', async () => {
    const { DEAD_LETTER_METRIC, STATUS_METRICS } = await import('../../../functions/core/metrics/page-metrics.ts');
    const { SWEEP_METRICS } = await import('../../../functions/core/alerts/sweep-health.ts');
    const alarms = Object.values(template.resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map((resource) => resource.Properties as Record<string, unknown>);
    const own = { 'Fn::Sub': 'shelfwatch/${AWS::StackName}' };
    const ours = alarms
      .filter((alarm) => JSON.stringify(alarm.Namespace) === JSON.stringify(own))
      .map((alarm) => alarm.MetricName);
    expect(ours.sort()).toEqual(
      [DEAD_LETTER_METRIC, STATUS_METRICS.selector_miss, ...Object.values(SWEEP_METRICS)].sort(),
    );
    // Two stacks in one account (dev, prod) never share a namespace: no alarm reads a bare one.
    expect(alarms.filter((alarm) => alarm.Namespace === 'shelfwatch')).toEqual([]);
    expect(
      alarms.every((alarm) => JSON.stringify(alarm.AlarmActions) === JSON.stringify([{ Ref: 'AlertTopic' }])),
    ).toBe(true);
    for (const name of ['scrape', 'dead-letters', 'alerts'])
      expect(template.functions.find((fn) => fn.name === name)!.environment.POWERTOOLS_METRICS_NAMESPACE).toEqual(own);
  });
});

describe('Two stacks side by side', () => {
  it('ask for managed-login domains of their own: the prefix carries the stack’s own id, not only the stage', () => {
    const domain = template.resourceOfType('AWS::Cognito::UserPoolDomain').properties.Domain;
    expect(JSON.stringify(domain)).toContain('AWS::StackId');
  });
});
