import pLimit, { type LimitFunction } from 'p-limit';
import { laneWidthOf } from '../jobs/lanes.ts';
import type { JobRecord } from '../jobs/record.ts';

/**
 * One limit per lane (the record's partition key) of the batch: a site × market's lanes × their
 * width (pages at once, which the key says) is at most its `rate.concurrency` (jobs/lanes.ts). Each
 * lane is read by one batch at a time, so the retailer sees at most that many pages at once,
 * whatever the number of functions. A record put before lanes (keyed site#market) is read one page
 * at a time.
 */
export function laneLimits(): (partitionKey: string | undefined, record: JobRecord) => LimitFunction {
  const limits = new Map<string, LimitFunction>();
  return (partitionKey, record) => {
    const key = partitionKey || `${record.job.site}#${record.job.market}`;
    let limit = limits.get(key);
    if (!limit) limits.set(key, (limit = pLimit(laneWidthOf(key))));
    return limit;
  };
}
