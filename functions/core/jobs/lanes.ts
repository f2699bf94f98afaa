import type { LoadedSite } from '../selectors/load.ts';
import { targetKey, type Target } from './expand.ts';

/**
 * How a site × market's jobs are spread over the stream so that the retailer never sees more than
 * its selector file's `rate.concurrency` pages at once, however many scrape functions run.
 *
 * Records of one partition key are read in order, one batch at a time (Kinesis and Lambda keep that
 * per key, whatever the ParallelizationFactor), so a market's jobs go to `lanes` partition keys and
 * each batch reads at most `tabsPerLane` of its pages at once: lanes × tabsPerLane ≤ concurrency.
 * The default, 4 pages at once with 4 tabs per function, is one lane: one function reads the market.
 */
export function lanesOf(concurrency: number, tabsPerFunction: number): { lanes: number; tabsPerLane: number } {
  const lanes = Math.max(1, Math.ceil(concurrency / tabsPerFunction));
  return { lanes, tabsPerLane: Math.max(1, Math.floor(concurrency / lanes)) };
}

/** `site#market` for one lane, `site#market#<lane>` for more; a target always lands in the same lane. */
export function partitionKeyOf(target: Target, lanes = 1): string {
  const market = `${target.site}#${target.market}`;
  return lanes <= 1 ? market : `${market}#${fnv1a(targetKey(target)) % lanes}`;
}

/** The partition key of every job, from the selector files and the tabs a scrape function runs. */
export function jobPartitioner(sites: LoadedSite[], tabsPerFunction: number): (target: Target) => string {
  const lanes = new Map(
    sites.map((site) => [`${site.site}#${site.market}`, lanesOf(site.rate.concurrency, tabsPerFunction).lanes]),
  );
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
