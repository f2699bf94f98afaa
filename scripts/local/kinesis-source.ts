import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EventSourceSettings {
  streamArn: string;
  streamName: string;
  shardIds: string[];
  /** The function the mapping invokes, as its failure records name it. */
  functionArn: string;
  /** TRIM_HORIZON reads what was put before the mapping started; LATEST only what comes after. */
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  maximumRetryAttempts: number;
  /** -1: a record is retried as long as the stream keeps it. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
}

/** The invocation record a mapping writes to its S3 on-failure destination (schemas/failure-record.ts). */
export interface FailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  /** Only S3 destinations get the batch itself: the event the function was invoked with. */
  payload: { Records: unknown[] };
}

/** Where a batch the mapping gave up on goes (the template's DestinationConfig.OnFailure). */
export type FailureDestination = (record: FailureRecord) => Promise<void>;

/**
 * Lambda's Kinesis event source mapping, locally: polls each shard from its StartingPosition,
 * hands the function batches of up to BatchSize records shaped as Lambda shapes them, retries
 * from the lowest failed sequence number (ReportBatchItemFailures) up to MaximumRetryAttempts,
 * bisects a batch whose invocation throws (splits do not count as retries), drops records past
 * MaximumRecordAgeInSeconds, and writes what it gave up on to the on-failure destination as AWS
 * does: the invocation's context, the shard's sequence range, and the invocation event itself.
 */
export class KinesisEventSource {
  /** Every failure record written to the destination, in order. */
  readonly deadLetters: FailureRecord[] = [];
  #running = false;
  #busy = 0;
  #emptyPolls = new Map<string, number>();
  #loops: Array<Promise<void>> = [];
  invocations = 0;

  constructor(
    private readonly client: KinesisClient,
    private readonly settings: EventSourceSettings,
    private readonly invoke: (event: unknown) => Promise<unknown>,
    private readonly destination: FailureDestination = async () => undefined,
  ) {}

  /** Starts reading each shard at the mapping's StartingPosition. */
  async start(): Promise<void> {
    this.#running = true;
    const iterators = await Promise.all(
      this.settings.shardIds.map(async (shardId) => {
        const response = await this.client.send(
          new GetShardIteratorCommand({
            StreamName: this.settings.streamName,
            ShardId: shardId,
            ShardIteratorType: this.settings.startingPosition,
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
      batch = await this.#dropExpired(shardId, batch, attempt);
      if (batch.length === 0) return;
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
        if (this.#spent(attempt)) {
          // What Lambda reports of a function that threw, timed out or crashed.
          await this.#giveUp(shardId, batch, 'RetryAttemptsExhausted', attempt + 1, 'Unhandled');
          return;
        }
        continue;
      }
      // Lambda checkpoints before the first failed record and delivers again from there.
      batch = batch.slice(batch.indexOf(failed[0]!));
      if (this.#spent(attempt)) {
        await this.#giveUp(shardId, batch, 'RetryAttemptsExhausted', attempt + 1);
        return;
      }
    }
  }

  /** MaximumRetryAttempts -1: retried until the record expires. */
  #spent(attempt: number): boolean {
    return this.settings.maximumRetryAttempts >= 0 && attempt >= this.settings.maximumRetryAttempts;
  }

  /** Records older than MaximumRecordAgeInSeconds go to the destination before an invocation; the rest are kept. */
  async #dropExpired(shardId: string, batch: _Record[], attempts: number): Promise<_Record[]> {
    if (this.settings.maximumRecordAgeSeconds < 0) return batch;
    const oldest = Date.now() - this.settings.maximumRecordAgeSeconds * 1000;
    const expired = batch.filter((record) => (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) < oldest);
    if (expired.length) await this.#giveUp(shardId, expired, 'RecordAgeExceeded', attempts);
    return batch.filter((record) => !expired.includes(record));
  }

  async #giveUp(
    shardId: string,
    records: _Record[],
    condition: string,
    invokeCount: number,
    functionError?: string,
  ): Promise<void> {
    const arrival = (record: _Record) => (record.ApproximateArrivalTimestamp ?? new Date()).toISOString();
    const record: FailureRecord = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.settings.functionArn,
        condition,
        approximateInvokeCount: invokeCount,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(functionError ? { functionError } : {}) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KinesisBatchInfo: {
        shardId,
        startSequenceNumber: records[0]!.SequenceNumber ?? '',
        endSequenceNumber: records.at(-1)!.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: arrival(records[0]!),
        approximateArrivalOfLastRecord: arrival(records.at(-1)!),
        batchSize: records.length,
        streamArn: this.settings.streamArn,
      },
      payload: this.#event(shardId, records),
    };
    this.deadLetters.push(record);
    // As on AWS, a destination that cannot be written loses the record (it is logged, not retried).
    await this.destination(record).catch((error: unknown) =>
      console.error(`on-failure destination refused a failure record: ${(error as Error).message}`),
    );
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
