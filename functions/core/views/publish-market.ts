import type { MarketView } from './model.ts';
import { buildMarketView } from './build-view.ts';
import { writeMarket } from './stored-market.ts';

export interface PublishMarketDeps {
  tableName: string;
  bucketName: string;
  /** The last scanned day before this one, whose view its series grow from (null: read from history). */
  previousDay: string | null;
  builtAt: string;
  /** Called with the built view before it is stored (proven fixes are noted on its problem rows). */
  beforeWrite?: (view: MarketView) => Promise<void>;
}

/**
 * One site × market of a day built from its own partitions and stored (its parts and its CSV): the
 * unit of the day's publication, so memory follows the market, never the day. Null when the market
 * has no observation that day.
 */
export async function publishMarket(
  date: string,
  site: string,
  market: string,
  deps: PublishMarketDeps,
): Promise<MarketView | null> {
  const view = await buildMarketView(date, site, market, deps);
  if (!view) return null;
  await deps.beforeWrite?.(view);
  await writeMarket(deps.bucketName, view);
  return view;
}
