import type { LoadedSite } from '../selectors/load.ts';
import { targetKey, type Target } from './expand.ts';
import { stableHash } from './stable-hash.ts';

/**
 * How a site × market's jobs are spread over the stream so that the retailer never sees more than
 * its selector file's `rate.concurrency` pages at once, however many scrape functions run.
 *
 * Records of one partition key are read in order, one batch at a time (Kinesis and Lambda keep that
 * per key, whatever the ParallelizationFactor), so a market's jobs go to a few partition keys, its
 * lanes, and a batch reads at most a lane's *width* of pages of a lane at once: lanes × width never
 * exceeds the rate. Which split is best depends on the fleet:
 *
 * - Few markets for the stream's slots (shards × ParallelizationFactor): a slot then mostly holds
 *   one lane, so a lane as wide as a function's tabs keeps those tabs busy (a market of rate 4
 *   is one lane four pages wide).
 * - Many markets: lanes one page wide spread the day over the slots evenly (a slot's function
 *   fills its tabs from the several lanes it holds), where wide lanes would leave the busiest slot
 *   with several times the mean.
 *
 * laneWidth picks between them from the whole set of files, so every run of a version splits a
 * market the same way.
 */
export interface Fleet {
  /** Batches the stream can have in flight at once: shards × the mapping's ParallelizationFactor. */
  slots: number;
  /** Pages a scrape function reads at once (SCRAPE_CONCURRENCY). */
  tabs: number;
}

/** A market's split: `lanes` partition keys, each read `width` pages at a time. */
export interface LaneSplit {
  lanes: number;
  width: number;
}

/**
 * The width that gives each slot about a function's tabs of pages at once: tabs × slots over the
 * pages all markets may have at once, between 1 and min(tabs, rate). Without a fleet: 1.
 */
export function laneSplit(concurrency: number, fleet?: Fleet, fleetConcurrency = concurrency): LaneSplit {
  const widest = Math.max(1, Math.min(fleet?.tabs ?? 1, concurrency));
  const fits = fleet ? Math.floor((fleet.tabs * fleet.slots) / Math.max(1, fleetConcurrency)) : 1;
  const width = Math.max(1, Math.min(widest, fits));
  return { lanes: Math.max(1, Math.floor(concurrency / width)), width };
}

/**
 * `site#market` for one lane one page wide (how jobs were keyed before lanes), `site#market#<lane>`
 * for lanes one page wide, `site#market#<lane>w<width>` for wider ones: the key says how many of
 * its pages a batch may read at once. A target always lands in the same lane.
 */
export function partitionKeyOf(target: Target, split: LaneSplit = { lanes: 1, width: 1 }): string {
  const market = `${target.site}#${target.market}`;
  if (split.lanes <= 1 && split.width <= 1) return market;
  const lane = stableHash(targetKey(target)) % Math.max(1, split.lanes);
  return split.width > 1 ? `${market}#${lane}w${split.width}` : `${market}#${lane}`;
}

/** Pages of a lane a batch may read at once, from its key; 1 for any key that does not say. */
export function laneWidthOf(partitionKey: string): number {
  const width = /#\d+w(\d+)$/.exec(partitionKey)?.[1];
  return width ? Math.max(1, Number(width)) : 1;
}

/** The partition key of every job, from the selector files' rates and the fleet reading them. */
export function jobPartitioner(sites: LoadedSite[], fleet?: Fleet): (target: Target) => string {
  const total = sites.reduce((sum, site) => sum + site.rate.concurrency, 0);
  const splits = new Map(
    sites.map((site) => [`${site.site}#${site.market}`, laneSplit(site.rate.concurrency, fleet, total)]),
  );
  return (target) => partitionKeyOf(target, splits.get(`${target.site}#${target.market}`));
}
