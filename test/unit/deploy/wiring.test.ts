import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_BUILD_OPTIONS } from '../../../scripts/build/esbuild-options.ts';
import { trimPlugin } from '../../../scripts/build/trim-plugin.ts';
import { readTemplate, type TemplateFunction } from '../../../scripts/local/template.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/**
 * What the code needs of template.yaml, read from the code itself: the source files esbuild puts
 * in each function's bundle, searched for the environment variables they read and the AWS SDK
 * commands they send.
 */
const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));

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
  PublishCommand: 'sns:Publish',
  SendMessageCommand: 'sqs:SendMessage',
};

/** The SAM policy templates the stack uses, as samtranslator's policy_templates.json defines them. */
const SAM_POLICY_TEMPLATES: Record<string, string[]> = {
  DynamoDBWritePolicy: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  DynamoDBReadPolicy: [
    'dynamodb:GetItem',
    'dynamodb:Scan',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:DescribeTable',
  ],
  S3WritePolicy: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'],
  SNSPublishMessagePolicy: ['sns:Publish'],
};

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

interface Grant {
  actions: string[];
  resources: unknown[];
}

function grantsOf(fn: TemplateFunction): Grant[] {
  const policies =
    ((template.resources[fn.logicalId]!.Properties ?? {}) as { Policies?: Array<Record<string, unknown>> }).Policies ??
    [];
  return policies.flatMap((policy): Grant[] => {
    const [name, value] = Object.entries(policy)[0]!;
    if (name === 'Statement') {
      return (value as Array<{ Action: string[]; Resource: unknown }>).map((statement) => ({
        actions: statement.Action,
        resources: [statement.Resource].flat(),
      }));
    }
    const actions = SAM_POLICY_TEMPLATES[name];
    if (!actions)
      throw new Error(`${fn.logicalId} uses policy template ${name}, unknown to this test: add its actions`);
    return [{ actions, resources: Object.values(value as object) }];
  });
}

/** The stack resource a policy's Resource names: !Ref X, !GetAtt X.Arn, or !Sub "${X.Arn}/prefix/*". */
function scopedResource(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if ('Ref' in value) return String(value.Ref);
  if ('Fn::GetAtt' in value) return String((value['Fn::GetAtt'] as string[])[0]);
  if ('Fn::Sub' in value && typeof value['Fn::Sub'] === 'string')
    return /^\$\{(\w+)\.Arn\}\/[\w/*-]+$/.exec(value['Fn::Sub'])?.[1] ?? null;
  return null;
}

describe.each(template.functions.map((fn) => [fn.logicalId, fn] as const))('template.yaml wiring of %s', (_id, fn) => {
  it('sets every variable the handler requires, and nothing the handler never reads', async () => {
    const { required, optional } = envReads(await ownSources(fn));
    const set = new Set(Object.keys(fn.environment));
    for (const name of required)
      expect(
        set.has(name) || PROVIDED_BY_LAMBDA.has(name),
        `${name} is required by ${fn.name} but not set in template.yaml`,
      ).toBe(true);
    for (const name of set)
      expect(
        required.has(name) || optional.has(name) || READ_BY_RUNTIME.has(name),
        `template.yaml sets ${name} for ${fn.name}, which never reads it`,
      ).toBe(true);
  });

  it('grants every action the code calls, scoped to the stack’s resources, and no wildcard action', async () => {
    const commands = new Set([...(await ownSources(fn)).matchAll(/new (\w+Command)\(/g)].map((m) => m[1]!));
    const used = new Set(
      [...commands].map((command) => {
        const action = ACTION_OF[command];
        if (!action) throw new Error(`${fn.name} sends ${command}: add its IAM action to ACTION_OF`);
        return action;
      }),
    );
    // The Kinesis event source mapping sends exhausted records to its on-failure queue with this role.
    const mapping = Object.values(fn.events).find((event) => event.Type === 'Kinesis');
    if ((mapping?.Properties.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure)
      used.add('sqs:SendMessage');

    const grants = grantsOf(fn);
    const granted = new Set(grants.flatMap((grant) => grant.actions));
    for (const action of used)
      expect(granted.has(action), `${fn.logicalId} calls ${action} but its policies do not grant it`).toBe(true);
    for (const action of granted)
      expect(action.includes('*'), `${fn.logicalId} is granted the wildcard action ${action}`).toBe(false);
    for (const grant of grants) {
      for (const resource of grant.resources) {
        expect(resource, `${fn.logicalId}: a policy is not scoped to one of the stack's resources`).toSatisfy(
          (value: unknown) => Object.keys(template.resources).includes(scopedResource(value) ?? ''),
        );
      }
    }
    // Nothing granted that the code (or its event source) never uses, beyond what a SAM template bundles.
    const bundledWithTemplates = new Set(
      grants.filter((grant) => grant.actions.length > 1).flatMap((grant) => grant.actions),
    );
    for (const action of granted)
      expect(
        used.has(action) || bundledWithTemplates.has(action),
        `${fn.logicalId} is granted ${action}, which it never uses`,
      ).toBe(true);
  });
});
