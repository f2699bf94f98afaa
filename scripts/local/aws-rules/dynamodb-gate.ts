import { createRequire } from 'node:module';
import { jsonCall, jsonError, notAuthorized, type GateAnswer } from './aws-errors.ts';
import type { Decision, IamRequest } from './authorize.ts';
import { dynamoRequestOf, readUnits, type TableShape, type Touch } from './dynamodb-requests.ts';
import type { HeldRequest, HeldResponse, Judge } from './gate-server.ts';
import type { Principal } from './principals.ts';
import type { Refusal } from './refusals.ts';
import type { ServiceFaults } from './service-faults.ts';
import { PARTITION_WRITE_UNITS, READ_UNIT_IN_WRITE_UNITS, type ThroughputLimits } from './throughput-limits.ts';

type Item = Record<string, Record<string, unknown>>;

/** The item size DynamoDB bills, as dynalite computes it (attribute names and values). */
const itemSize = (createRequire(import.meta.url)('dynalite/db/index.js') as { itemSize(item: Item): number }).itemSize;

export interface DynamoGateRules {
  tables: Map<string, TableShape>;
  authorize(principal: Principal, request: IamRequest): Promise<Decision>;
  limits: ThroughputLimits;
  record(refusal: Refusal): void;
  faults: ServiceFaults;
}

/**
 * DynamoDB as AWS answers: every call authorised against the caller's role (its action on each
 * table or index, `dynamodb:LeadingKeys` the partition keys it names), refused with
 * AccessDeniedException; each partition key held to its throughput (1,000 write units or 3,000
 * read units a second), a write past it refused with ProvisionedThroughputExceededException and
 * its reason, a batch's throttled entries handed back unprocessed (the whole batch refused only
 * when none fits). Validation of the request itself is dynalite's.
 */
export function dynamoJudge(rules: () => DynamoGateRules | null): Judge {
  return async (request, forward) => {
    const current = rules();
    const call = current ? jsonCall(request) : 'forward';
    if (call === 'forward' || !current) return forward(request);
    if (!('operation' in call)) return call;
    const { operation, body, principal } = call;
    await learnTables(tablesNamed(body), current.tables, request, forward);
    const { iam, touches } = dynamoRequestOf(operation, body, current.tables, itemSize);
    for (const asked of iam) {
      const decision = await current.authorize(principal, asked);
      if (!decision.allowed) {
        const message = notAuthorized(principal.arn, asked.action, asked.resource, decision.explicit);
        current.record({ kind: 'iam', service: 'dynamodb', message });
        return jsonError('com.amazon.coral.service#AccessDeniedException', message);
      }
    }
    const fault = current.faults.take('dynamodb', operation, principal.arn);
    if (fault?.kind === 'throttle') return throttled(touches.slice(0, 1));
    if (fault?.kind === 'unprocessed' && operation === 'BatchWriteItem')
      return unprocessedAfterFirst(body, request, forward);
    if (touches.length === 0) return forward(request);
    if (operation === 'BatchWriteItem' || operation === 'BatchGetItem')
      return counted(await batch(operation, body, touches, request, forward, current.limits), current);
    return counted(await single(operation, body, touches, request, forward, current.limits), current);
  };
}

/** A switched-on fault (service-faults.ts): a batch write takes its first entry and hands the rest back. */
async function unprocessedAfterFirst(
  body: Record<string, unknown>,
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
): Promise<GateAnswer | HeldResponse> {
  const [table, entries] = Object.entries(body.RequestItems as Record<string, unknown[]>)[0]!;
  if (entries.length < 2) return forward(request);
  const response = await forward({
    ...request,
    body: Buffer.from(JSON.stringify({ ...body, RequestItems: { [table]: entries.slice(0, 1) } })),
  });
  if (response.status !== 200) return response;
  const rest = Object.fromEntries(Object.entries(body.RequestItems as Record<string, unknown[]>).slice(1));
  return {
    ...response,
    body: Buffer.from(JSON.stringify({ UnprocessedItems: { [table]: entries.slice(1), ...rest } })),
  };
}

/** A throttled answer is recorded (the stack's reports count them). */
function counted(answer: GateAnswer | HeldResponse, rules: DynamoGateRules): GateAnswer | HeldResponse {
  const body = answer.body.toString();
  if (answer.status === 400 && body.includes('ProvisionedThroughputExceededException'))
    rules.record({ kind: 'throughput', service: 'dynamodb', message: 'a partition key past its throughput' });
  else if (body.includes('"UnprocessedItems":{"') || body.includes('"UnprocessedKeys":{"'))
    rules.record({ kind: 'throughput', service: 'dynamodb', message: 'batch entries handed back unprocessed' });
  return answer;
}

function tablesNamed(body: Record<string, unknown>): string[] {
  if (typeof body.TableName === 'string') return [body.TableName];
  return Object.keys((body.RequestItems ?? {}) as Record<string, unknown>);
}

/** A table the stack did not describe (a test's own): its key schema, asked of the server once. */
async function learnTables(
  names: string[],
  tables: Map<string, TableShape>,
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
): Promise<void> {
  for (const name of names) {
    if (tables.has(name)) continue;
    const described = await forward({
      ...request,
      headers: { ...request.headers, 'x-amz-target': 'DynamoDB_20120810.DescribeTable' },
      body: Buffer.from(JSON.stringify({ TableName: name })),
    });
    if (described.status !== 200) continue;
    const table = (JSON.parse(described.body.toString('utf8')) as { Table: Record<string, unknown> }).Table;
    const hash = (schema: unknown) =>
      (schema as Array<{ AttributeName: string; KeyType: string }>).find((key) => key.KeyType === 'HASH')!
        .AttributeName;
    tables.set(name, {
      name,
      arn: String(table.TableArn),
      partitionKey: hash(table.KeySchema),
      indexPartitionKeys: Object.fromEntries(
        ((table.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string; KeySchema: unknown }>).map((index) => [
          index.IndexName,
          hash(index.KeySchema),
        ]),
      ),
    });
  }
}

const partitionKey = (touch: Touch) => `${touch.resource}#${touch.partition}`;
const costOf = (touch: Touch) =>
  touch.kind === 'write' ? (touch.units ?? 1) : (touch.units ?? 1) * READ_UNIT_IN_WRITE_UNITS;

function throttled(touches: Touch[]): GateAnswer {
  const reasons = touches.map((touch) => ({
    reason: `${touch.resource.includes('/index/') ? 'Index' : 'Table'}${touch.kind === 'write' ? 'Write' : 'Read'}KeyRangeThroughputExceeded`,
    resource: touch.resource,
  }));
  return jsonError(
    'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    { ThrottlingReasons: reasons },
  );
}

/** What the last read of a request on a partition cost (write units). */
const lastReads = new Map<string, number>();

/** One item: refused while its partition has not refilled; a read is charged what it returned. */
async function single(
  operation: string,
  body: Record<string, unknown>,
  touches: Touch[],
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
  limits: ThroughputLimits,
): Promise<GateAnswer | HeldResponse> {
  const [touch] = touches as [Touch];
  const key = partitionKey(touch);
  // A read's cost is known once it ran: it is charged the last read of the same request up front
  // (so reads at once cannot all pass an empty partition), and the difference after.
  const readKey = `${operation}#${key}`;
  const cost = touch.kind === 'write' ? costOf(touch) : (lastReads.get(readKey) ?? costOf(touch));
  if (!limits.fits(key, PARTITION_WRITE_UNITS, cost)) return throttled([touch]);
  limits.take(key, PARTITION_WRITE_UNITS, cost);
  const response = await forward(request);
  if (touch.kind === 'read' && response.status === 200) {
    const answer = JSON.parse(response.body.toString('utf8')) as { Item?: Item; Items?: Item[] };
    const items = answer.Items ?? (answer.Item ? [answer.Item] : []);
    const units = readUnits(items, itemSize, body.ConsistentRead === true) * READ_UNIT_IN_WRITE_UNITS;
    limits.take(key, PARTITION_WRITE_UNITS, units - cost);
    lastReads.set(readKey, units);
    if (lastReads.size > 100_000) lastReads.delete(lastReads.keys().next().value!);
  }
  return response;
}

/**
 * A batch: the entries whose partition has room go through; the others come back as
 * UnprocessedItems / UnprocessedKeys, as DynamoDB hands back what it throttled; none fitting is
 * ProvisionedThroughputExceededException (the BatchWriteItem and BatchGetItem references).
 */
async function batch(
  operation: 'BatchWriteItem' | 'BatchGetItem',
  body: Record<string, unknown>,
  touches: Touch[],
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
  limits: ThroughputLimits,
): Promise<GateAnswer | HeldResponse> {
  const requestItems = body.RequestItems as Record<string, unknown>;
  const refused = touches.filter((touch) => {
    const fits = limits.fits(partitionKey(touch), PARTITION_WRITE_UNITS, costOf(touch));
    if (fits && touch.kind === 'write') limits.take(partitionKey(touch), PARTITION_WRITE_UNITS, costOf(touch));
    return !fits;
  });
  if (refused.length === touches.length) return throttled(refused);
  const held = new Map<string, Set<number>>();
  for (const touch of refused)
    held.set(touch.entry!.table, (held.get(touch.entry!.table) ?? new Set()).add(touch.entry!.index));
  const kept: Record<string, unknown> = {};
  const unprocessed: Record<string, unknown> = {};
  for (const [table, entries] of Object.entries(requestItems)) {
    const out = held.get(table) ?? new Set<number>();
    if (operation === 'BatchWriteItem') {
      const list = entries as unknown[];
      const stay = list.filter((_entry, index) => !out.has(index));
      const back = list.filter((_entry, index) => out.has(index));
      if (stay.length) kept[table] = stay;
      if (back.length) unprocessed[table] = back;
    } else {
      const { Keys, ...rest } = entries as { Keys: unknown[] };
      const stay = Keys.filter((_key, index) => !out.has(index));
      const back = Keys.filter((_key, index) => out.has(index));
      if (stay.length) kept[table] = { ...rest, Keys: stay };
      if (back.length) unprocessed[table] = { ...rest, Keys: back };
    }
  }
  const response = await forward({ ...request, body: Buffer.from(JSON.stringify({ ...body, RequestItems: kept })) });
  if (response.status !== 200) return response;
  const answer = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  const field = operation === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys';
  const theirs = (answer[field] ?? {}) as Record<string, unknown>;
  for (const [table, entries] of Object.entries(unprocessed)) {
    if (operation === 'BatchWriteItem')
      theirs[table] = [...((theirs[table] as unknown[]) ?? []), ...(entries as unknown[])];
    else {
      const mine = entries as { Keys: unknown[] };
      const before = theirs[table] as { Keys: unknown[] } | undefined;
      theirs[table] = { ...mine, Keys: [...(before?.Keys ?? []), ...mine.Keys] };
    }
  }
  answer[field] = theirs;
  if (operation === 'BatchGetItem') chargeReads(answer, touches, limits);
  return { ...response, body: Buffer.from(JSON.stringify(answer)) };
}

/** A batch get's items, charged to their partitions. */
function chargeReads(answer: Record<string, unknown>, touches: Touch[], limits: ThroughputLimits): void {
  const responses = (answer.Responses ?? {}) as Record<string, Item[]>;
  for (const [table, items] of Object.entries(responses)) {
    const resource = touches.find((touch) => touch.entry?.table === table)?.resource;
    if (!resource) continue;
    for (const item of items) {
      const key = touches.find((touch) => touch.entry?.table === table && itemHasKey(item, touch.partition));
      if (!key) continue;
      limits.take(
        partitionKey(key),
        PARTITION_WRITE_UNITS,
        readUnits([item], itemSize, false) * READ_UNIT_IN_WRITE_UNITS,
      );
    }
  }
}

function itemHasKey(item: Item, partition: string): boolean {
  return Object.values(item).some((value) => Object.values(value)[0] === partition);
}
