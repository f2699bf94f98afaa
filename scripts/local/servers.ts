import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';
import { Worker } from 'node:worker_threads';
import { createAuthorizer } from './aws-rules/authorize.ts';
import { dynamoJudge, type DynamoGateRules } from './aws-rules/dynamodb-gate.ts';
import type { GateRules } from './aws-rules/gate-rules.ts';
import { startGate } from './aws-rules/gate-server.ts';
import { kinesisJudge, type KinesisGateRules } from './aws-rules/kinesis-gate.ts';
import type { Principal } from './aws-rules/principals.ts';
import { ADMIN_ACCESS_KEY, ADMINISTRATOR } from './aws-rules/principals.ts';
import { s3Judge, type S3GateRules } from './aws-rules/s3-gate.ts';
import { ThroughputLimits } from './aws-rules/throughput-limits.ts';
import { RefusalLog, type Refusal } from './aws-rules/refusals.ts';
import { ServiceFaults, type ServiceFault } from './aws-rules/service-faults.ts';

export interface AwsServers {
  /** Where clients talk to: each service behind its gate (IAM as deployed, AWS's limits and answers). */
  endpoints: { dynamodb: string; kinesis: string; s3: string };
  /** The servers themselves, without the gates: only what the local stack does as AWS itself (creating resources). */
  direct: { dynamodb: string; kinesis: string; s3: string };
  /** Tells the gates the stack's roles and resources; until then, only the administrator's key is taken. */
  configure(rules: GateRules): Promise<void>;
  /** What the gates refused or changed so far (scripts/local/aws-rules/refusals.ts). */
  refusals(): Promise<{ counts: Record<Refusal['kind'], number>; entries: Refusal[] }>;
  /** Faults AWS produces (throttling, unprocessed items, a 500), switched on at a service's door for tests. */
  faults: {
    add(fault: ServiceFault): Promise<void>;
    clear(): Promise<void>;
    fired(): Promise<Record<string, number>>;
  };
  close(): Promise<void>;
}

/**
 * Real implementations of the AWS wire protocols, on a thread of their own on 127.0.0.1: dynalite
 * (DynamoDB), kinesalite (Kinesis) and s3rver (S3), each behind a gate that answers as AWS does
 * (scripts/local/aws-rules/). With a data folder, DynamoDB and S3 keep their contents across runs
 * so history accumulates; the stream is always fresh (a queue, not a record).
 */
export async function startAwsServers(dataDir: string | null): Promise<AwsServers> {
  const worker = new Worker(new URL('./servers-worker.ts', import.meta.url), { workerData: { dataDir } });
  const started = await new Promise<{ endpoints: AwsServers['endpoints']; direct: AwsServers['direct'] }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  // Each request carries an id; its answer comes back with it, whatever else is in flight.
  let nextId = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  worker.on('message', (message: { id?: number; value?: unknown }) => {
    if (message.id === undefined) return;
    waiting.get(message.id)?.(message.value);
    waiting.delete(message.id);
  });
  const reply = (message: Record<string, unknown>) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  return {
    ...started,
    async configure(rules) {
      await reply({ type: 'configure', rules });
    },
    refusals: () => reply({ type: 'refusals' }) as ReturnType<AwsServers['refusals']>,
    faults: {
      add: async (fault) => void (await reply({ type: 'fault', fault })),
      clear: async () => void (await reply({ type: 'clear-faults' })),
      fired: () => reply({ type: 'faults-fired' }) as Promise<Record<string, number>>,
    },
    async close() {
      await reply({ type: 'close' });
      await worker.terminate();
    },
  };
}

/** The servers and their gates on the calling thread (the worker above uses this). */
export async function startAwsServersHere(
  dataDir: string | null,
): Promise<Omit<AwsServers, 'configure'> & { configure(rules: GateRules): void }> {
  const dynamo = dynalite({
    ...(dataDir ? { path: path.join(dataDir, 'dynamodb') } : {}),
    createTableMs: 0,
    updateTableMs: 0,
    deleteTableMs: 0,
  });
  const streams = kinesalite({ createStreamMs: 0, shardLimit: 50 });
  const s3Dir = dataDir ? path.join(dataDir, 's3') : await mkdtemp(path.join(tmpdir(), 'shelfwatch-s3-'));
  await mkdir(s3Dir, { recursive: true });
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, resetOnClose: !dataDir });
  const [dynamoPort, kinesisPort, s3Address] = await Promise.all([listen(dynamo), listen(streams), s3.run()]);
  const direct = {
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    kinesis: `http://127.0.0.1:${kinesisPort}`,
    s3: `http://127.0.0.1:${s3Address.port}`,
  };
  // AWS's rules hold from the start (limits, answers); the stack's roles and bucket policies come with configure().
  let principals = new Map<string, Principal>();
  const authorize = createAuthorizer();
  const limits = new ThroughputLimits();
  const refusals = new RefusalLog();
  const record = (refusal: Refusal) => refusals.record(refusal);
  const faults = new ServiceFaults();
  const dynamoRules: DynamoGateRules = { tables: new Map(), authorize, limits, record, faults };
  const kinesisRules: KinesisGateRules = { streams: new Map(), authorize, limits, record, faults };
  const s3Rules: S3GateRules = { buckets: new Map(), authorize, record, faults };
  const principalOf = (key: string | null) =>
    key === ADMIN_ACCESS_KEY ? ADMINISTRATOR : key ? (principals.get(key) ?? null) : null;
  const gates = await Promise.all([
    startGate(
      direct.dynamodb,
      principalOf,
      dynamoJudge(() => dynamoRules),
    ),
    startGate(
      direct.kinesis,
      principalOf,
      kinesisJudge(() => kinesisRules),
    ),
    startGate(
      direct.s3,
      principalOf,
      s3Judge(() => s3Rules),
    ),
  ]);
  return {
    endpoints: { dynamodb: gates[0].url, kinesis: gates[1].url, s3: gates[2].url },
    direct,
    refusals: async () => ({ counts: { ...refusals.counts }, entries: refusals.entries() }),
    faults: {
      add: async (fault) => faults.add(fault),
      clear: async () => faults.clear(),
      fired: async () => faults.fired(),
    },
    configure(rules) {
      principals = new Map(rules.principals);
      // s3rver takes only keys it knows (it checks no SigV4 signature): each role's key is one.
      const account = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
        DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
      };
      for (const [key] of rules.principals) account.DUMMY_ACCOUNT.createKeyPair(key, key);
      for (const table of rules.tables) dynamoRules.tables.set(table.name, table);
      for (const bucket of rules.buckets) s3Rules.buckets.set(bucket.name, bucket);
      for (const stream of rules.streams)
        kinesisRules.streams.set(stream.name, {
          ...stream,
          shards: stream.shards.map((shard) => ({ id: shard.id, start: BigInt(shard.start), end: BigInt(shard.end) })),
        });
    },
    async close() {
      await Promise.all(gates.map((gate) => gate.close()));
      await Promise.all([close(dynamo), close(streams), s3.close()]);
      if (!dataDir) await rm(s3Dir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
