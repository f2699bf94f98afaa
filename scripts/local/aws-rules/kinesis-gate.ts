import { createDecipheriv, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { jsonCall, jsonError, notAuthorized } from './aws-errors.ts';
import type { Decision, IamRequest } from './authorize.ts';
import type { HeldRequest, HeldResponse, Judge } from './gate-server.ts';
import type { Principal } from './principals.ts';
import type { Refusal } from './refusals.ts';
import type { ServiceFaults } from './service-faults.ts';
import { SHARD_BYTES, SHARD_RECORDS, type ThroughputLimits } from './throughput-limits.ts';

export interface StreamShape {
  name: string;
  arn: string;
  /** Each open shard and the hash keys it takes (MD5 of a partition key, as a 128-bit number). */
  shards: Array<{ id: string; start: bigint; end: bigint }>;
}

export interface KinesisGateRules {
  streams: Map<string, StreamShape>;
  authorize(principal: Principal, request: IamRequest): Promise<Decision>;
  limits: ThroughputLimits;
  record(refusal: Refusal): void;
  faults: ServiceFaults;
}

/** kinesalite's shard iterators are encrypted with its own key: the stream they read is inside. */
const iteratorKeys = createRequire(import.meta.url)('kinesalite/db/index.js') as {
  ITERATOR_PWD_KEY: Buffer;
  ITERATOR_PWD_IV: Buffer;
};

/**
 * Kinesis as AWS answers: every call authorised against the caller's role on the stream it names
 * (a shard iterator names its stream), refused with AccessDeniedException; each shard takes 1,000
 * records and 1 MiB of writes a second, a PutRecords entry past it failed with
 * ProvisionedThroughputExceededException (the others go in), a PutRecord refused whole.
 */
export function kinesisJudge(rules: () => KinesisGateRules | null): Judge {
  return async (request, forward) => {
    const current = rules();
    const call = current ? jsonCall(request) : 'forward';
    if (call === 'forward' || !current) return forward(request);
    if (!('operation' in call)) return call;
    const { operation, body, principal } = call;
    const stream =
      streamOf(body, current.streams) ??
      (operation === 'PutRecords' || operation === 'PutRecord'
        ? await learnStream(body, current.streams, request, forward)
        : undefined);
    const resource =
      operation === 'ListStreams' ? '*' : (stream?.arn ?? String(body.StreamARN ?? body.StreamName ?? '*'));
    const action = `kinesis:${operation}`;
    const decision = await current.authorize(principal, { action, resource });
    if (!decision.allowed)
      return jsonError('AccessDeniedException', notAuthorized(principal.arn, action, resource, decision.explicit));
    if (!stream || (operation !== 'PutRecords' && operation !== 'PutRecord')) return forward(request);
    const records =
      operation === 'PutRecord'
        ? [body as { Data: string; PartitionKey: string }]
        : (body.Records as Array<{ Data: string; PartitionKey: string; ExplicitHashKey?: string }>);
    // A switched-on fault (service-faults.ts): every 7th entry failed as throttled, the others put.
    const partial = current.faults.take('kinesis', operation, principal.arn)?.kind === 'partial';
    const outcome = records.map((record, index) => {
      if (partial && index % 7 === 3) return { fits: false, shard: shardOf(stream, record).id };
      const shard = shardOf(stream, record);
      const bytes = Buffer.byteLength(record.Data, 'base64') + Buffer.byteLength(record.PartitionKey);
      const key = `${stream.arn}/${shard.id}`;
      const fits =
        current.limits.fits(`${key}#records`, SHARD_RECORDS, 1) &&
        current.limits.fits(`${key}#bytes`, SHARD_BYTES, bytes);
      if (fits) {
        current.limits.take(`${key}#records`, SHARD_RECORDS, 1);
        current.limits.take(`${key}#bytes`, SHARD_BYTES, bytes);
      }
      return { fits, shard: shard.id };
    });
    const refusal = (shard: string) =>
      `Rate exceeded for shard ${shard} in stream ${stream.name} under account 000000000000.`;
    if (operation === 'PutRecord') {
      if (!outcome[0]!.fits)
        current.record({ kind: 'throughput', service: 'kinesis', message: "a record past its shard's rate" });
      if (!outcome[0]!.fits) return jsonError('ProvisionedThroughputExceededException', refusal(outcome[0]!.shard));
      return forward(request);
    }
    const accepted = records.filter((_record, index) => outcome[index]!.fits);
    if (accepted.length === records.length) return forward(request);
    current.record({
      kind: 'throughput',
      service: 'kinesis',
      message: `${records.length - accepted.length} records past their shard's rate`,
    });
    const answers: Array<Record<string, unknown>> = [];
    if (accepted.length) {
      const response = await forward({ ...request, body: Buffer.from(JSON.stringify({ ...body, Records: accepted })) });
      if (response.status !== 200) return response;
      answers.push(
        ...(JSON.parse(response.body.toString('utf8')) as { Records: Array<Record<string, unknown>> }).Records,
      );
    }
    let next = 0;
    const merged = outcome.map((entry) =>
      entry.fits
        ? answers[next++]!
        : { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: refusal(entry.shard) },
    );
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        FailedRecordCount: merged.filter((entry) => 'ErrorCode' in entry).length,
        Records: merged,
      }),
    };
  };
}

/** A stream the stack did not describe (a test's own): its shards' hash key ranges, asked of the server once. */
async function learnStream(
  body: Record<string, unknown>,
  streams: Map<string, StreamShape>,
  request: HeldRequest,
  forward: (request: HeldRequest) => Promise<HeldResponse>,
): Promise<StreamShape | undefined> {
  const named = typeof body.StreamName === 'string' ? { StreamName: body.StreamName } : { StreamARN: body.StreamARN };
  const described = await forward({
    ...request,
    headers: { ...request.headers, 'x-amz-target': 'Kinesis_20131202.DescribeStream' },
    body: Buffer.from(JSON.stringify(named)),
  });
  if (described.status !== 200) return undefined;
  const description = (JSON.parse(described.body.toString('utf8')) as { StreamDescription: Record<string, unknown> })
    .StreamDescription;
  const shape: StreamShape = {
    name: String(description.StreamName),
    arn: String(description.StreamARN),
    shards: (
      description.Shards as Array<{ ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }>
    ).map((shard) => ({
      id: shard.ShardId,
      start: BigInt(shard.HashKeyRange.StartingHashKey),
      end: BigInt(shard.HashKeyRange.EndingHashKey),
    })),
  };
  streams.set(shape.name, shape);
  return shape;
}

function streamOf(body: Record<string, unknown>, streams: Map<string, StreamShape>): StreamShape | undefined {
  if (typeof body.StreamName === 'string') return streams.get(body.StreamName);
  if (typeof body.StreamARN === 'string') return [...streams.values()].find((stream) => stream.arn === body.StreamARN);
  if (typeof body.ShardIterator === 'string') {
    try {
      const raw = Buffer.from(body.ShardIterator, 'base64').subarray(8);
      const decipher = createDecipheriv('aes-256-cbc', iteratorKeys.ITERATOR_PWD_KEY, iteratorKeys.ITERATOR_PWD_IV);
      const name = Buffer.concat([decipher.update(raw), decipher.final()])
        .toString('utf8')
        .split('/')[1];
      return name ? streams.get(name) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The shard a record goes to: the one whose hash key range holds MD5(partition key), or its explicit hash key. */
function shardOf(
  stream: StreamShape,
  record: { PartitionKey: string; ExplicitHashKey?: string },
): StreamShape['shards'][number] {
  const hash = record.ExplicitHashKey
    ? BigInt(record.ExplicitHashKey)
    : BigInt(`0x${createHash('md5').update(record.PartitionKey, 'utf8').digest('hex')}`);
  return stream.shards.find((shard) => hash >= shard.start && hash <= shard.end) ?? stream.shards[0]!;
}
