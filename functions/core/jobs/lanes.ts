import type { LoadedSite } from '../selectors/load.ts';
import { targetKey, type Target } from './expand.ts';

/**
 * How a site × market's jobs are spread over the stream so that the retailer never sees more than
 * its selector file's `rate.concurrency` pages at once, however many scrape functions run.
 *
 * Records of one partition key are read in order, one batch at a time (Kinesis and Lambda keep that
 * per key, whatever the ParallelizationFactor), so a market's jobs go to `concurrency` partition
 * keys, its lanes, and each batch reads one page of a lane at a time: at most `concurrency` pages
 * of the market at once. Many lanes spread a day over the stream's slots evenly (a slot's function
 * fills its tabs from the several lanes it reads), where one key per market left the busiest slot
 * with several times the mean.
 */
export const TABS_PER_LANE = 1;

export function lanesOf(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / TABS_PER_LANE));
}

/** `site#market` for one lane, `site#market#<lane>` for more; a target always lands in the same lane. */
export function partitionKeyOf(target: Target, lanes = 1): string {
  const market = `${target.site}#${target.market}`;
  return lanes <= 1 ? market : `${market}#${fnv1a(targetKey(target)) % lanes}`;
}

/** The partition key of every job, from the selector files' rates. */
export function jobPartitioner(sites: LoadedSite[]): (target: Target) => string {
  const lanes = new Map(sites.map((site) => [`${site.site}#${site.market}`, lanesOf(site.rate.concurrency)]));
  return (target) => partitionKeyOf(target, lanes.get(`${target.site}#${target.market}`) ?? 1);
}

/** A small, stable string hash (FNV-1a, 32 bits): the same target, the same lane, in every process. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
