/**
 * Throughput a key can take each second, as AWS states it: a DynamoDB partition 1,000 write units
 * or 3,000 read units (or a linear mix of both), on-demand tables too; a Kinesis shard 1,000
 * records and 1 MiB of writes. Kept as buckets of one second's worth, refilled continuously: a key
 * driven past its rate is refused until it has refilled.
 */
export interface Bucket {
  /** Units a second. */
  rate: number;
}

export class ThroughputLimits {
  readonly #levels = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Whether `units` fit in the key's last second now (nothing is taken). */
  fits(key: string, bucket: Bucket, units: number): boolean {
    return this.#refilled(key, bucket).tokens >= Math.min(units, bucket.rate);
  }

  /** Takes `units` from the key's bucket (it may go below zero: a large read is charged after it ran). */
  take(key: string, bucket: Bucket, units: number): void {
    this.#refilled(key, bucket).tokens -= units;
  }

  /** Takes `units` when they fit; false (nothing taken) when the key has not refilled enough. */
  tryTake(key: string, bucket: Bucket, units: number): boolean {
    if (!this.fits(key, bucket, units)) return false;
    this.take(key, bucket, units);
    return true;
  }

  #refilled(key: string, bucket: Bucket): { tokens: number; at: number } {
    const now = this.#now();
    let level = this.#levels.get(key);
    if (!level) this.#levels.set(key, (level = { tokens: bucket.rate, at: now }));
    level.tokens = Math.min(bucket.rate, level.tokens + ((now - level.at) / 1000) * bucket.rate);
    level.at = now;
    return level;
  }
}

/** A DynamoDB partition, in write units (a read unit is a third of one: 3,000 reads or 1,000 writes a second). */
export const PARTITION_WRITE_UNITS: Bucket = { rate: 1_000 };
export const READ_UNIT_IN_WRITE_UNITS = 1 / 3;
/** A Kinesis shard's writes: records, and bytes. */
export const SHARD_RECORDS: Bucket = { rate: 1_000 };
export const SHARD_BYTES: Bucket = { rate: 1024 * 1024 };
