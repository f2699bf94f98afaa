import type { SamTemplate } from '../template.ts';
import { resolveConditions } from '../template.ts';
import type { TableShape } from './dynamodb-requests.ts';
import type { StreamShape } from './kinesis-gate.ts';
import { principalsOf, type Principal } from './principals.ts';
import { resolvePolicy } from './resolve-policy.ts';
import type { BucketShape } from './s3-gate.ts';

/** What the gates judge by, as plain data (it crosses to the servers' thread): principals and resources. */
export interface GateRules {
  principals: Array<[string, Principal]>;
  tables: TableShape[];
  buckets: BucketShape[];
  /** Shard hash key ranges as decimal strings (bigint does not cross threads in JSON). */
  streams: Array<Omit<StreamShape, 'shards'> & { shards: Array<{ id: string; start: string; end: string }> }>;
}

/** The template's roles, table, buckets (with their policies) and stream, as the local stack created them. */
export function gateRulesOf(
  template: SamTemplate,
  refs: Record<string, string>,
  stream: { name: string; arn: string; shards: Array<{ id: string; start: string; end: string }> },
): GateRules {
  const table = template.resourceOfType('AWS::DynamoDB::Table');
  const props = resolveConditions(table.properties, template.conditions) as {
    KeySchema: Array<{ AttributeName: string; KeyType: string }>;
    GlobalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string; KeyType: string }> }>;
  };
  const hash = (schema: Array<{ AttributeName: string; KeyType: string }>) =>
    schema.find((key) => key.KeyType === 'HASH')!.AttributeName;
  const policies = new Map<string, unknown>();
  for (const resource of Object.values(template.resources)) {
    if (resource.Type !== 'AWS::S3::BucketPolicy') continue;
    const bucket = (resource.Properties?.Bucket as { Ref?: string } | undefined)?.Ref;
    if (bucket) policies.set(bucket, resolvePolicy(resource.Properties?.PolicyDocument, refs));
  }
  return {
    principals: [...principalsOf(template, refs)],
    tables: [
      {
        name: refs[table.logicalId]!,
        arn: refs[`${table.logicalId}.Arn`]!,
        partitionKey: hash(props.KeySchema),
        indexPartitionKeys: Object.fromEntries(
          (props.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, hash(index.KeySchema)]),
        ),
      },
    ],
    buckets: Object.entries(template.resources)
      .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
      .map(([logicalId]) => ({
        name: refs[logicalId]!,
        arn: refs[`${logicalId}.Arn`]!,
        ...(policies.has(logicalId) ? { policy: policies.get(logicalId) } : {}),
      })),
    streams: [stream],
  };
}
