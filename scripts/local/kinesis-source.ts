import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EventSourceSettings {
  streamArn: string;
  streamName: string;
  shardIds: string[];
  batchSize: number;
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
}

export interface DeadLetter {
  reason: string;
  shardId: string;
  records: Array<{ sequenceNumber: string; data: string }>;
}

/**
 * Lambda's Kinesis event source mapping, locally: polls each shard, hands the function batches of
 * up to BatchSize records shaped as Lambda shapes them, retries from the lowest failed sequence
 * number (ReportBatchItemFailures) up to MaximumRetryAttempts, bisects a batch whose invocation
 * throws, and sends what is left to the on-failure destination.
 */
export class KinesisEventSource {
  readonly deadLetters: DeadLetter[] = [];
  #running = false;
  #busy = 0;
  #emptyPolls = new Map<string, number>();
  #loops: Array<Promise<void>> = [];
  invocations = 0;

  constructor(
    private readonly client: KinesisClient,
    private readonly settings: EventSourceSettings,
    private readonly invoke: (event: unknown) => Promise<unknown>,
    private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined,
  ) {}

  /** Starts reading at LATEST, like a new mapping: call before records are put. */
  async start(): Promise<void> {
    this.#running = true;
    const iterators = await Promise.all(
      this.settings.shardIds.map(async (shardId) => {
        const response = await this.client.send(
          new GetShardIteratorCommand({
            StreamName: this.settings.streamName,
            ShardId: shardId,
            ShardIteratorType: 'LATEST',
          }),
        );
        return { shardId, iterator: response.ShardIterator };
      }),
    );
    this.#loops = iterators.map(({ shardId, iterator }) => this.#poll(shardId, iterator));
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /** Nothing being processed and every shard read to its end at least twice in a row. */
  idle(): boolean {
    return this.#busy === 0 && this.settings.shardIds.every((shardId) => (this.#emptyPolls.get(shardId) ?? 0) >= 2);
  }

  async #poll(shardId: string, startIterator: string | undefined): Promise<void> {
    let iterator = startIterator;
    while (this.#running && iterator) {
      const response = await this.client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.settings.batchSize }),
      );
      iterator = response.NextShardIterator;
      const records = response.Records ?? [];
      if (records.length === 0) {
        this.#emptyPolls.set(shardId, (this.#emptyPolls.get(shardId) ?? 0) + 1);
        await sleep(50);
        continue;
      }
      this.#emptyPolls.set(shardId, 0);
      this.#busy += 1;
      try {
        await this.#deliver(shardId, records);
      } finally {
        this.#busy -= 1;
      }
    }
  }

  async #deliver(shardId: string, records: _Record[]): Promise<void> {
    let batch = records;
    for (let attempt = 0; ; attempt++) {
      let failed: _Record[];
      try {
        this.invocations += 1;
        const response = (await this.invoke(this.#event(shardId, batch))) as
          { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
        const reported = new Set(
          (this.settings.reportBatchItemFailures ? (response?.batchItemFailures ?? []) : []).map(
            (failure) => failure.itemIdentifier,
          ),
        );
        if (reported.size === 0) return;
        failed = batch.filter((record) => reported.has(record.SequenceNumber ?? ''));
        // An identifier that is not in the batch fails the whole batch, as on AWS.
        if (failed.length === 0) failed = batch;
      } catch (error) {
        if (this.settings.bisectBatchOnFunctionError && batch.length > 1) {
          const middle = Math.ceil(batch.length / 2);
          await this.#deliver(shardId, batch.slice(0, middle));
          await this.#deliver(shardId, batch.slice(middle));
          return;
        }
        if (attempt >= this.settings.maximumRetryAttempts) {
          this.#deadLetter(shardId, batch, `function error after ${attempt + 1} attempts: ${(error as Error).message}`);
          return;
        }
        continue;
      }
      if (attempt >= this.settings.maximumRetryAttempts) {
        this.#deadLetter(shardId, failed, `records still failing after ${attempt + 1} attempts`);
        return;
      }
      // Lambda checkpoints before the first failed record and delivers again from there.
      batch = batch.slice(batch.indexOf(failed[0]!));
    }
  }

  #deadLetter(shardId: string, records: _Record[], reason: string): void {
    const letter: DeadLetter = {
      reason,
      shardId,
      records: records.map((record) => ({
        sequenceNumber: record.SequenceNumber ?? '',
        data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
      })),
    };
    this.deadLetters.push(letter);
    this.onDeadLetter(letter);
  }

  #event(shardId: string, records: _Record[]) {
    return {
      Records: records.map((record) => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.PartitionKey ?? '',
          sequenceNumber: record.SequenceNumber ?? '',
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
          approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${record.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-scrape',
        awsRegion: 'us-east-1',
        eventSourceARN: this.settings.streamArn,
      })),
    };
  }
}
