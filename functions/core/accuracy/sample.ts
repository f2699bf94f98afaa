import { createHash } from 'node:crypto';
import type { Target } from '../jobs/expand.ts';

/**
 * Whether a job is one of the run's sample read a second way: decided by its page and day, so a
 * redelivered job decides the same, and a different sample is checked each day. Pure.
 */
export function isSecondReadSample(
  job: Pick<Target, 'site' | 'market' | 'page' | 'keyword'>,
  date: string,
  share: number,
): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const digest = createHash('sha256')
    .update(`${date}|${job.site}|${job.market}|${job.page}|${job.keyword ?? ''}`)
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < share;
}
