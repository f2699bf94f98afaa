import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_BUILD_OPTIONS } from '../../../scripts/build/esbuild-options.ts';
import { trimPlugin } from '../../../scripts/build/trim-plugin.ts';
import { readTemplate, type TemplateFunction } from '../../../scripts/local/template.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * What the code needs of the stack as deployed, read from the code itself (the source files esbuild
 * puts in each function's bundle: the environment variables they read, the AWS SDK commands they
 * send) and checked against the template *after the SAM transform*, as CloudFormation receives it
 * (test/support/sam-translate.py, the translator cfn-lint ships with): every role, including the
 * ones SAM adds, grants what is used and nothing more, on the stack's own resources.
 */
const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));

type Cfn = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Cfn;
}
const translated = JSON.parse(
  execFileSync(
    'python3',
    [path.join(REPO_ROOT, 'test/support/sam-translate.py'), path.join(REPO_ROOT, 'template.yaml')],
    {
      encoding: 'utf8',
    },
  ),
) as { Resources: Record<string, Resource> };
const resources = translated.Resources;

/** IAM action of each SDK command the code may send. A command missing here fails the test. */
const ACTION_OF: Record<string, string> = {
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  GetCommand: 'dynamodb:GetItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  QueryCommand: 'dynamodb:Query',
  PutRecordsCommand: 'kinesis:PutRecords',
  PutObjectCommand: 's3:PutObject',
  GetObjectCommand: 's3:GetObject',
  // HeadObject has no action of its own: S3 authorizes it as s3:GetObject.
  HeadObjectCommand: 's3:GetObject',
  PublishCommand: 'sns:Publish',
  GetParameterCommand: 'ssm:GetParameter',
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
};

/** The one place a role reaches outside the stack: the proxy pools selector files name, under shelfwatch/proxies/. */
const PROXY_POOLS =
  /^arn:\$\{AWS::Partition\}:(ssm:\$\{AWS::Region\}:\$\{AWS::AccountId\}:parameter\/shelfwatch\/proxies\/\*|secretsmanager:\$\{AWS::Region\}:\$\{AWS::AccountId\}:secret:shelfwatch\/proxies\/\*)$/;

/** What Lambda does with a function's role besides its code: its logs, its traces. */
const RUNTIME_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];
/** What a Kinesis event source mapping does with the function's role (Lambda's Kinesis docs). */
const KINESIS_MAPPING_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
  'kinesis:ListStreams',
  'kinesis:SubscribeToShard',
];
/** …and to write a batch it gave up on to an S3 on-failure destination. */
const S3_DESTINATION_ACTIONS = ['s3:PutObject', 's3:ListBucket'];
/** Publishing to a topic encrypted with a customer-managed key. */
const ENCRYPTED_TOPIC_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** The only actions that may name every resource: they have no resource-level permissions. */
const NO_RESOURCE_LEVEL = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'kinesis:ListStreams']);

/** Set by Lambda itself, or optional settings with defaults (the code says so by not using requireEnv). */
const PROVIDED_BY_LAMBDA = new Set(['AWS_REGION', 'LAMBDA_TASK_ROOT', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_EXECUTION_ENV']);
/** Read by the runtime or Powertools, not by our code. */
const READ_BY_RUNTIME = new Set([
  'NODE_OPTIONS',
  'LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
]);

async function ownSources(fn: TemplateFunction): Promise<string> {
  const result = await build({
    ...FUNCTION_BUILD_OPTIONS,
    write: false,
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(REPO_ROOT, 'functions', fn.name, 'handler.ts')],
    outfile: path.join(REPO_ROOT, 'ignored.js'),
    plugins: [trimPlugin()],
  });
  const files = Object.keys(result.metafile!.inputs).filter(
    (file) => !file.includes('node_modules') && !file.includes(':'),
  );
  return (await Promise.all(files.map((file) => readFile(path.join(REPO_ROOT, file), 'utf8')))).join('\n');
}

function envReads(source: string): { required: Set<string>; optional: Set<string> } {
  const required = new Set([...source.matchAll(/requireEnv\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]!));
  const optional = new Set(
    [
      ...source.matchAll(/(?:optionalEnv|integerEnv)\('([A-Z0-9_]+)'/g),
      ...source.matchAll(/process\.env\.([A-Z0-9_]+)/g),
    ].map((m) => m[1]!),
  );
  return { required, optional };
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function statementsOf(roleId: string): Statement[] {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role of the translated template`);
  const policies = (role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

/** The stack resource a Resource names: !Ref X, !GetAtt X.Arn, or !Sub "${X.Arn}/prefix/*". */
function scopedResource(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if ('Ref' in value) return String(value.Ref);
  if ('Fn::GetAtt' in value) return String((value['Fn::GetAtt'] as string[])[0]);
  if ('Fn::Sub' in value && typeof value['Fn::Sub'] === 'string')
    return /^\$\{(\w+)\.Arn\}\/[\w/*-]+$/.exec(value['Fn::Sub'])?.[1] ?? null;
  return null;
}

/** A logical id as it appears in an intrinsic: { Ref: X } or { Fn::GetAtt: [X, …] }. */
const refersTo = (value: unknown, logicalId: string) =>
  JSON.stringify(value) === JSON.stringify({ Ref: logicalId }) ||
  JSON.stringify((value as { 'Fn::GetAtt'?: unknown })?.['Fn::GetAtt'] ?? null).startsWith(`["${logicalId}"`);

const functionIds = Object.entries(resources)
  .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
  .map(([id]) => id);

describe('the translated template', () => {
  it('has the same functions the local stack runs', () => {
    expect(functionIds.sort()).toEqual(template.functions.map((fn) => fn.logicalId).sort());
  });

  it('attaches no managed policy and grants no wildcard action to any role, its own or SAM’s', () => {
    for (const [id, resource] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role')) {
      expect(resource.Properties.ManagedPolicyArns ?? [], `${id} has managed policies`).toEqual([]);
      for (const statement of statementsOf(id))
        for (const action of actionsOf(statement))
          expect(action.includes('*'), `${id} is granted the wildcard action ${action}`).toBe(false);
    }
  });

  it('lets each schedule invoke only its own function, and keep a delivery it gave up on in the failed-invocation queue', () => {
    const schedules = Object.values(resources).filter((resource) => resource.Type === 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(2);
    for (const schedule of schedules) {
      const target = schedule.Properties.Target as {
        Arn: unknown;
        RoleArn: { 'Fn::GetAtt': [string, string] };
        DeadLetterConfig?: { Arn: unknown };
      };
      expect(target.DeadLetterConfig?.Arn).toEqual({ 'Fn::GetAtt': ['FailedInvocationQueue', 'Arn'] });
      const statements = statementsOf(target.RoleArn['Fn::GetAtt'][0]);
      expect(statements.map((statement) => [actionsOf(statement), statement.Resource])).toEqual([
        [['lambda:InvokeFunction'], target.Arn],
        [['sqs:SendMessage'], target.DeadLetterConfig!.Arn],
      ]);
    }
  });

  it('tells the fan-out the stream’s real slots and the scrape function’s tabs, so lanes are split for them', () => {
    const fanout = template.functions.find((fn) => fn.name === 'fanout')!.environment;
    const scrape = template.functions.find((fn) => fn.name === 'scrape')!;
    const mapping = Object.values(scrape.events).find((event) => event.Type === 'Kinesis')!.Properties;
    expect(String(fanout.STREAM_PARALLELIZATION)).toBe(String(mapping.ParallelizationFactor));
    expect(fanout.SCRAPE_CONCURRENCY).toEqual(scrape.environment.SCRAPE_CONCURRENCY);
    // The provisioned shard count when provisioned; on demand, the 4 shards a new stream starts with.
    expect(fanout.STREAM_SHARDS).toEqual({
      'Fn::If': ['ProvisionedStream', { Ref: 'StreamShardCount' }, 4],
    });
  });

  it('grants dynamodb:Scan to nobody (nothing scans the table)', () => {
    const all = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .flatMap(([id]) => statementsOf(id).flatMap(actionsOf));
    expect(all).not.toContain('dynamodb:Scan');
  });
});

describe.each(template.functions.map((fn) => [fn.logicalId, fn] as const))('%s as deployed', (id, fn) => {
  const deployed = resources[id]!.Properties;
  const roleId = (deployed.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

  it('sets every variable the handler requires, and nothing the handler never reads', async () => {
    const { required, optional } = envReads(await ownSources(fn));
    const set = new Set(Object.keys((deployed.Environment as { Variables: Cfn }).Variables));
    for (const name of required)
      expect(set.has(name) || PROVIDED_BY_LAMBDA.has(name), `${name} is required by ${fn.name} but not set`).toBe(true);
    for (const name of set)
      expect(
        required.has(name) || optional.has(name) || READ_BY_RUNTIME.has(name),
        `the stack sets ${name} for ${fn.name}, which never reads it`,
      ).toBe(true);
  });

  it('has a role that grants exactly what its code, Lambda and its event source use, on the stack’s own resources', async () => {
    const source = await ownSources(fn);
    const commands = new Set([...source.matchAll(/new (\w+Command)\(/g)].map((m) => m[1]!));
    const used = new Set(RUNTIME_ACTIONS);
    for (const command of commands) {
      const action = ACTION_OF[command];
      if (!action) throw new Error(`${fn.name} sends ${command}: add its IAM action to ACTION_OF`);
      used.add(action);
    }
    const mappings = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::EventSourceMapping' && refersTo(resource.Properties.FunctionName, id),
    );
    for (const mapping of mappings) {
      for (const action of KINESIS_MAPPING_ACTIONS) used.add(action);
      const destination = (mapping.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } } | undefined)
        ?.OnFailure?.Destination;
      if (destination) {
        const target = resources[scopedResource(destination) ?? '']!;
        expect(target.Type, `${id}'s on-failure destination must keep the jobs (S3)`).toBe('AWS::S3::Bucket');
        for (const action of S3_DESTINATION_ACTIONS) used.add(action);
      }
    }
    if (used.has('sns:Publish')) for (const action of ENCRYPTED_TOPIC_ACTIONS) used.add(action);
    // Lambda sends a failed asynchronous invocation to the function's OnFailure destination with its role.
    const invokeConfig = Object.values(resources).find(
      (resource) =>
        resource.Type === 'AWS::Lambda::EventInvokeConfig' && refersTo(resource.Properties.FunctionName, id),
    );
    const onFailure = (
      invokeConfig?.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } } | undefined
    )?.OnFailure?.Destination;
    if (onFailure) {
      expect(resources[scopedResource(onFailure) ?? '']!.Type, `${id}'s failed invocations go to a queue`).toBe(
        'AWS::SQS::Queue',
      );
      used.add('sqs:SendMessage');
    }

    const statements = statementsOf(roleId);
    const granted = new Set(statements.flatMap(actionsOf));
    for (const action of used)
      expect(granted.has(action), `${id} uses ${action} but its role does not grant it`).toBe(true);
    for (const action of granted)
      expect(used.has(action), `${id} is granted ${action}, which it never uses`).toBe(true);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const resource of [statement.Resource].flat()) {
        if (resource === '*') {
          for (const action of actionsOf(statement))
            expect(NO_RESOURCE_LEVEL.has(action), `${id} is granted ${action} on every resource`).toBe(true);
          continue;
        }
        const sub = (resource as { 'Fn::Sub'?: unknown })['Fn::Sub'];
        if (typeof sub === 'string' && PROXY_POOLS.test(sub)) continue;
        const named = scopedResource(resource);
        expect(
          named && named in resources,
          `${id}: ${JSON.stringify(resource)} is not one of the stack's resources`,
        ).toBe(true);
      }
    }
    // Logs only to the function's own log group.
    const logs = statements.find((statement) => actionsOf(statement).includes('logs:PutLogEvents'))!;
    const group = resources[scopedResource(logs.Resource)!]!;
    expect(group.Properties.LogGroupName).toEqual({
      'Fn::Sub': `/aws/lambda/${(deployed.FunctionName as { 'Fn::Sub': string })['Fn::Sub']}`,
    });
  });

  it('writes the table only under the partitions it writes (dynamodb:LeadingKeys), each matching the real keys', async () => {
    const keys = await import('../../../functions/core/store/keys.ts');
    const job = { site: 's', market: 'm', page: 'p', kind: 'search' as const, keyword: 'k' };
    const partition = {
      observations: keys.observationKey('2026-11-23', job).pk,
      runs: keys.runKey('r').pk,
      markers: keys.runJobKey('r', job).pk,
      days: keys.dayIndexKey('2026-11-23').pk,
    };
    // What each function writes, by design (docs/data-model.md); the stack tests show it works with no more.
    const WRITES: Record<string, string[]> = {
      fanout: [partition.runs, partition.markers, partition.days, keys.SELECTORS_PARTITION],
      scrape: [
        partition.observations,
        partition.markers,
        partition.days,
        keys.paceKey('s', 'm').pk,
        keys.renderVerdictKey('s', 'm', 'search', 'p').pk,
      ],
      'dead-letters': [partition.observations, partition.markers, partition.days],
      alerts: [partition.runs, partition.days, partition.observations],
      api: [keys.SHARES_PARTITION],
    };
    const expected = WRITES[fn.name];
    if (!expected) throw new Error(`add what ${fn.name} writes to WRITES`);
    const writes = statementsOf(roleId).filter((statement) =>
      actionsOf(statement).some((action) => /^dynamodb:(Put|Update|BatchWrite|Delete)/.test(action)),
    );
    expect(writes.length > 0, `${id} writes the table: ${writes.length > 0}`).toBe(expected.length > 0);
    for (const statement of writes) {
      const leading = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as
        string[] | undefined;
      expect(leading, `${id} writes the table without a LeadingKeys condition`).toBeDefined();
      const matches = (pattern: string, pk: string) => new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(pk);
      for (const pk of expected)
        expect(
          leading!.some((pattern) => matches(pattern, pk)),
          `${id} cannot write ${pk}`,
        ).toBe(true);
      for (const pattern of leading!)
        expect(
          expected.some((pk) => matches(pattern, pk)),
          `${id} may write ${pattern}, which it never writes`,
        ).toBe(true);
    }
  });
});
