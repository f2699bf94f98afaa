import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { failureRecord, kinesisEvent, type FailureRecord, type StreamSource } from './stream-events.ts';

export type { FailureRecord } from './stream-events.ts';

export interface EventSourceSettings extends StreamSource {
  streamName: string;
  shardIds: string[];
  /** TRIM_HORIZON reads what was put before the mapping started; LATEST only what comes after. */
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  /** Batches of one shard read at once; records of one partition key always go to the same one, in order. */
  parallelizationFactor: number;
  /**
   * Invocations at once over all shards: an account's concurrency, here this machine's. A batch
   * waits for a free one, as a throttled mapping waits on AWS.
   */
  maxConcurrentInvocations: number;
  maximumRetryAttempts: number;
  /** -1: a record is retried as long as the stream keeps it. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  /** The stream's RetentionPeriodHours: a record older than it is gone from the shard, no failure record written. */
  retentionHours: number;
  /** The clock (tests move it to see records trimmed). */
  now?: () => number;
  /** Told of each batch's IteratorAge, and of each invocation that had to wait for the account's concurrency (Throttles). */
  onIteratorAge?: (ageMs: number) => void;
  onThrottle?: () => void;
}

/** Where a batch the mapping gave up on goes (the template's DestinationConfig.OnFailure). */
export type FailureDestination = (record: FailureRecord) => Promise<void>;

/** Records read from a shard and not yet handed to a slot, at most (the poller waits past this). */
const READ_AHEAD_BATCHES = 4;

/**
 * Lambda's Kinesis event source mapping, locally: polls each shard from its StartingPosition and
 * hands its records to ParallelizationFactor slots by partition key (each slot delivers one batch
 * at a time, so a key's records are read in order), in batches of up to BatchSize records shaped
 * as Lambda shapes them; retries from the lowest failed sequence number (ReportBatchItemFailures)
 * up to MaximumRetryAttempts, bisects a batch whose invocation throws (splits do not count as
 * retries), drops records past MaximumRecordAgeInSeconds, and writes what it gave up on to the
 * on-failure destination as AWS does (stream-events.ts).
 */
export class KinesisEventSource {
  /** Every failure record written to the destination, in order. */
  readonly deadLetters: FailureRecord[] = [];
  /** Records the stream trimmed at its retention before they were read: lost, as on AWS, without a failure record. */
  trimmed = 0;
  /**
   * IteratorAge as Lambda reports it for each batch: how long its last record waited on the stream
   * (ms), with when; what the IteratorAge alarm watches.
   */
  readonly iteratorAges: Array<{ at: number; ageMs: number }> = [];
  #running = false;
  #busy = 0;
  #queued = 0;
  #emptyPolls = new Map<string, number>();
  #loops: Array<Promise<void>> = [];
  readonly #concurrency: LimitFunction;
  invocations = 0;

  private readonly client: KinesisClient;
  private readonly settings: EventSourceSettings;
  private readonly invoke: (event: unknown) => Promise<unknown>;
  private readonly destination: FailureDestination;

  constructor(
    client: KinesisClient,
    settings: EventSourceSettings,
    invoke: (event: unknown) => Promise<unknown>,
    destination: FailureDestination = async () => undefined,
  ) {
    this.client = client;
    this.settings = settings;
    this.invoke = invoke;
    this.destination = destination;
    this.#concurrency = pLimit(Math.max(1, settings.maxConcurrentInvocations));
  }

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
    this.#loops = iterators.map(({ shardId, iterator }) => this.#readShard(shardId, iterator));
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /** Nothing being processed or waiting, and every shard read to its end at least twice in a row. */
  idle(): boolean {
    return (
      this.#busy === 0 &&
      this.#queued === 0 &&
      this.settings.shardIds.every((shardId) => (this.#emptyPolls.get(shardId) ?? 0) >= 2)
    );
  }

  async #readShard(shardId: string, startIterator: string | undefined): Promise<void> {
    const slots: _Record[][] = Array.from({ length: Math.max(1, this.settings.parallelizationFactor) }, () => []);
    const workers = slots.map((queue) => this.#work(shardId, queue));
    const readAhead = READ_AHEAD_BATCHES * slots.length * this.settings.batchSize;
    let iterator = startIterator;
    while (this.#running && iterator) {
      if (slots.reduce((sum, queue) => sum + queue.length, 0) >= readAhead) {
        await sleep(20);
        continue;
      }
      const response = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
      iterator = response.NextShardIterator;
      const records = response.Records ?? [];
      if (records.length === 0) {
        this.#emptyPolls.set(shardId, (this.#emptyPolls.get(shardId) ?? 0) + 1);
        await sleep(50);
        continue;
      }
      this.#emptyPolls.set(shardId, 0);
      for (const record of records) slots[slotOf(record.PartitionKey ?? '', slots.length)]!.push(record);
      this.#queued += records.length;
    }
    await Promise.all(workers);
  }

  /** One slot: its records in order, one batch at a time. */
  async #work(shardId: string, queue: _Record[]): Promise<void> {
    while (this.#running) {
      if (queue.length === 0) {
        await sleep(20);
        continue;
      }
      const batch = queue.splice(0, this.settings.batchSize);
      this.#busy += 1;
      this.#queued -= batch.length;
      try {
        await this.#deliver(shardId, batch);
      } finally {
        this.#busy -= 1;
      }
    }
  }

  async #deliver(shardId: string, records: _Record[]): Promise<void> {
    let batch = this.#trim(records);
    for (let attempt = 0; ; attempt++) {
      batch = await this.#dropExpired(shardId, batch, attempt);
      if (batch.length === 0) return;
      const now = this.#now();
      const ageMs = now - (batch.at(-1)!.ApproximateArrivalTimestamp?.getTime() ?? now);
      this.iteratorAges.push({ at: now, ageMs });
      if (this.iteratorAges.length > 10_000) this.iteratorAges.shift();
      this.settings.onIteratorAge?.(ageMs);
      // Every slot of the account's concurrency taken: on AWS this invocation is throttled and retried.
      if (this.#concurrency.activeCount >= this.settings.maxConcurrentInvocations) this.settings.onThrottle?.();
      let failed: _Record[];
      try {
        const event = kinesisEvent(this.settings, shardId, batch);
        const response = (await this.#concurrency(() => {
          this.invocations += 1;
          return this.invoke(event);
        })) as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
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
          await this.#giveUp(shardId, batch, {
            condition: 'RetryAttemptsExhausted',
            invokeCount: attempt + 1,
            functionError: 'Unhandled',
          });
          return;
        }
        continue;
      }
      // Lambda checkpoints before the first failed record and delivers again from there.
      batch = batch.slice(batch.indexOf(failed[0]!));
      if (this.#spent(attempt)) {
        await this.#giveUp(shardId, batch, { condition: 'RetryAttemptsExhausted', invokeCount: attempt + 1 });
        return;
      }
    }
  }

  #now(): number {
    return this.settings.now?.() ?? Date.now();
  }

  /** Records past the stream's retention are no longer on it: they are skipped, counted, and no failure record says so. */
  #trim(batch: _Record[]): _Record[] {
    const oldest = this.#now() - this.settings.retentionHours * 3_600_000;
    const kept = batch.filter((record) => (record.ApproximateArrivalTimestamp?.getTime() ?? oldest) >= oldest);
    this.trimmed += batch.length - kept.length;
    return kept;
  }

  /** MaximumRetryAttempts -1: retried until the record expires. */
  #spent(attempt: number): boolean {
    return this.settings.maximumRetryAttempts >= 0 && attempt >= this.settings.maximumRetryAttempts;
  }

  /** Records older than MaximumRecordAgeInSeconds go to the destination before an invocation; the rest are kept. */
  async #dropExpired(shardId: string, batch: _Record[], attempts: number): Promise<_Record[]> {
    if (this.settings.maximumRecordAgeSeconds < 0) return batch;
    const oldest = this.#now() - this.settings.maximumRecordAgeSeconds * 1000;
    const expired = batch.filter((record) => (record.ApproximateArrivalTimestamp?.getTime() ?? this.#now()) < oldest);
    if (expired.length) await this.#giveUp(shardId, expired, { condition: 'RecordAgeExceeded', invokeCount: attempts });
    return batch.filter((record) => !expired.includes(record));
  }

  async #giveUp(shardId: string, records: _Record[], why: Parameters<typeof failureRecord>[3]): Promise<void> {
    const record = failureRecord(this.settings, shardId, records, why);
    this.deadLetters.push(record);
    // As on AWS, a destination that cannot be written loses the record (it is logged, not retried).
    await this.destination(record).catch((error: unknown) =>
      console.error(`on-failure destination refused a failure record: ${(error as Error).message}`),
    );
  }
}

/** The slot of a partition key within its shard: how Lambda splits a shard is not documented; a hash of the key. */
function slotOf(partitionKey: string, slots: number): number {
  return slots === 1 ? 0 : createHash('md5').update(partitionKey).digest().readUInt32BE(0) % slots;
}
