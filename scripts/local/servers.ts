import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';
import { Worker } from 'node:worker_threads';

export interface AwsServers {
  endpoints: { dynamodb: string; kinesis: string; s3: string };
  close(): Promise<void>;
}

/**
 * Real implementations of the AWS wire protocols, in this process on 127.0.0.1: dynalite
 * (DynamoDB), kinesalite (Kinesis) and s3rver (S3). With a data folder, DynamoDB and S3 keep their
 * contents across runs so history accumulates; the stream is always fresh (a queue, not a record).
 */
export async function startAwsServers(dataDir: string | null): Promise<AwsServers> {
  const worker = new Worker(new URL('./servers-worker.ts', import.meta.url), { workerData: { dataDir } });
  const endpoints = await new Promise<AwsServers['endpoints']>((resolve, reject) => {
    worker.once('message', (message: { endpoints: AwsServers['endpoints'] }) => resolve(message.endpoints));
    worker.once('error', reject);
  });
  return {
    endpoints,
    async close() {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

/** The servers on the calling thread (the worker above uses this). */
export async function startAwsServersHere(dataDir: string | null): Promise<AwsServers> {
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
  return {
    endpoints: {
      dynamodb: `http://127.0.0.1:${dynamoPort}`,
      kinesis: `http://127.0.0.1:${kinesisPort}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
    },
    async close() {
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
