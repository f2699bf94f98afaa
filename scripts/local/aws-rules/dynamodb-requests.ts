import type { IamRequest } from './authorize.ts';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** A table as the gate needs it: its ARN, and the partition key of the table and of each index. */
export interface TableShape {
  name: string;
  arn: string;
  partitionKey: string;
  indexPartitionKeys: Record<string, string>;
}

/** What a DynamoDB request touches: the table (or index) and the partition key value of each item. */
export interface Touch {
  resource: string;
  /** A partition key value of the table or index (`table/index/history#TARGET#…`), for its throughput. */
  partition: string;
  kind: 'read' | 'write';
  /** Capacity units it costs, when they can be known before the request runs (writes of whole items). */
  units?: number;
  /** For a batch: which entry of which table it is, so a throttled one can be handed back unprocessed. */
  entry?: { table: string; index: number };
}

const KB = 1024;

/**
 * The IAM requests one DynamoDB call makes (its action on each table or index it names, with
 * `dynamodb:LeadingKeys`: the partition key values it reads or writes), and the partitions it
 * touches. A batch names each table once, with every partition key of its items.
 */
export function dynamoRequestOf(
  operation: string,
  body: Record<string, unknown>,
  tables: Map<string, TableShape>,
  itemSize: (item: Item) => number,
): { iam: IamRequest[]; touches: Touch[] } {
  const action = `dynamodb:${operation}`;
  const tableOf = (name: unknown) => {
    const table = tables.get(String(name));
    return (
      table ?? {
        name: String(name),
        arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${String(name)}`,
        partitionKey: 'pk',
        indexPartitionKeys: {},
      }
    );
  };
  const valueOf = (value: AttributeValue | undefined) => (value ? String(Object.values(value)[0]) : '');
  const iamFor = (resource: string, keys: string[]): IamRequest => ({
    action,
    resource,
    ...(keys.length ? { context: { 'dynamodb:LeadingKeys': [...new Set(keys)].sort() } } : {}),
  });

  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    const iam: IamRequest[] = [];
    const touches: Touch[] = [];
    for (const [name, requests] of Object.entries((body.RequestItems ?? {}) as Record<string, unknown>)) {
      const table = tableOf(name);
      const entries =
        operation === 'BatchWriteItem'
          ? (requests as Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>).map((request) => ({
              key: valueOf((request.PutRequest?.Item ?? request.DeleteRequest?.Key)?.[table.partitionKey]),
              units: request.PutRequest ? Math.max(1, Math.ceil(itemSize(request.PutRequest.Item) / KB)) : 1,
            }))
          : ((requests as { Keys: Item[] }).Keys ?? []).map((key) => ({
              key: valueOf(key[table.partitionKey]),
              units: undefined,
            }));
      iam.push(
        iamFor(
          table.arn,
          entries.map((entry) => entry.key),
        ),
      );
      entries.forEach((entry, index) =>
        touches.push({
          resource: table.arn,
          partition: entry.key,
          kind: operation === 'BatchWriteItem' ? 'write' : 'read',
          ...(entry.units !== undefined ? { units: entry.units } : {}),
          entry: { table: name, index },
        }),
      );
    }
    return { iam, touches };
  }

  const table = tableOf(body.TableName);
  const index = typeof body.IndexName === 'string' ? body.IndexName : undefined;
  const resource = index ? `${table.arn}/index/${index}` : table.arn;
  const keyName = index ? (table.indexPartitionKeys[index] ?? table.partitionKey) : table.partitionKey;
  let key: string | undefined;
  let units: number | undefined;
  let kind: Touch['kind'] = 'read';
  switch (operation) {
    case 'GetItem':
      key = valueOf((body.Key as Item | undefined)?.[keyName]);
      break;
    case 'PutItem':
      key = valueOf((body.Item as Item | undefined)?.[keyName]);
      units = Math.max(1, Math.ceil(itemSize(body.Item as Item) / KB));
      kind = 'write';
      break;
    case 'UpdateItem':
    case 'DeleteItem':
      key = valueOf((body.Key as Item | undefined)?.[keyName]);
      kind = 'write';
      break;
    case 'Query':
      key = queryPartitionKey(body, keyName);
      break;
    default:
      // A whole-table call (Scan, DescribeTable …): no partition key, no leading keys.
      return { iam: [iamFor(resource, [])], touches: [] };
  }
  return {
    iam: [iamFor(resource, key === undefined ? [] : [key])],
    touches: key === undefined ? [] : [{ resource, partition: key, kind, ...(units !== undefined ? { units } : {}) }],
  };
}

/** The partition key value a Query names in its key condition (`pk = :pk`, or through an alias). */
function queryPartitionKey(body: Record<string, unknown>, keyName: string): string | undefined {
  const expression = String(body.KeyConditionExpression ?? '');
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  for (const clause of expression.split(/\s+AND\s+/i)) {
    const match = clause.match(/^\s*\(?\s*([#\w]+)\s*=\s*(:\w+)\s*\)?\s*$/);
    if (!match) continue;
    const name = match[1]!.startsWith('#') ? names[match[1]!] : match[1];
    if (name === keyName) {
      const value = values[match[2]!];
      return value ? String(Object.values(value)[0]) : undefined;
    }
  }
  const legacy = (body.KeyConditions ?? {}) as Record<string, { AttributeValueList?: AttributeValue[] }>;
  const first = legacy[keyName]?.AttributeValueList?.[0];
  return first ? String(Object.values(first)[0]) : undefined;
}

/** Read units of items read eventually consistently (4 KB each, half a unit), or strongly (a whole one). */
export function readUnits(items: Item[], itemSize: (item: Item) => number, consistent: boolean): number {
  const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return consistent ? units : units / 2;
}
