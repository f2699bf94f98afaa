import { shiftDay } from '../day.ts';
import { ArchivedPageGoneError, readArchivedPage } from '../evidence/archived-page.ts';
import type { PageHtml } from '../extract/extract.ts';
import type { RankedTile } from '../extract/types.ts';
import { targetKey, type Target } from '../jobs/expand.ts';
import { queryDay, queryHistory } from '../store/observations/queries.ts';
import type { Observation } from '../store/model.ts';
import * as cheerio from 'cheerio/slim';
import { normalise, type KnownTile } from './find-tiles.ts';

/** How far back the last good day of a broken page is looked for. */
export const GOOD_DAY_LOOKBACK = 60;

/** What `suggest` needs of one broken page: its archive, and the last day it read cleanly with its tiles. */
export interface BrokenPage {
  target: Target;
  date: string;
  broken: PageHtml;
  good: {
    date: string;
    html: PageHtml | null;
    /** The products it recorded, of every listing page it read. */
    known: KnownTile[];
    /** What it recorded, tile by tile: what the proof compares with. */
    figures: RankedTile[];
    tileCount: number;
  } | null;
}

/** Whether a page's selectors broke: a selector miss, or tiles whose names all came back empty. */
export function isBrokenBySelectors(observation: Observation): boolean {
  if (observation.status === 'selector_miss') return true;
  const tiles = observation.tiles ?? [];
  return observation.status === 'ok' && tiles.length > 0 && tiles.every((tile) => !tile.name);
}

/**
 * The listing pages of a site × market whose selectors broke on a day, each with its archived HTML
 * and its last good day (the observation's tiles as the known products, that day's archive for the
 * proof). A page without archived HTML is left out: there is nothing to look at.
 */
export async function brokenPages(
  store: { tableName: string; bucketName: string },
  date: string,
  where: { site: string; market: string; page?: string | undefined; keyword?: string | undefined },
): Promise<{ pages: BrokenPage[]; readCleanly: string[] }> {
  const day = await queryDay(store.tableName, date, { site: where.site, market: where.market });
  const listings = day.filter(
    (o) =>
      o.kind !== 'placement' &&
      (!where.page || o.page === where.page) &&
      (!where.keyword || o.keyword === where.keyword),
  );
  const readCleanly = listings.filter((o) => !isBrokenBySelectors(o)).map((o) => targetKey(o));
  const pages: BrokenPage[] = [];
  for (const observation of listings.filter(isBrokenBySelectors)) {
    const page = await brokenPageOf(store, {
      target: observation,
      date,
      html: observation.evidence.html[0] ?? null,
      pageUrl: observation.pageUrl,
    });
    if (page) pages.push(page);
  }
  return { pages, readCleanly };
}

/** One broken page of a day with its archive (its first page's HTML) and last good day; null without an archive. */
export async function brokenPageOf(
  store: { tableName: string; bucketName: string },
  page: { target: Target; date: string; html: string | null; pageUrl: string | null },
): Promise<BrokenPage | null> {
  if (!page.html) return null;
  const broken = await readArchivedPage(store.bucketName, page.html, page.pageUrl ?? '').catch(goneAsNull);
  if (!broken) return null;
  return { target: page.target, date: page.date, broken, good: await lastGood(store, page.target, page.date) };
}

async function lastGood(
  store: { tableName: string; bucketName: string },
  target: Target,
  date: string,
): Promise<BrokenPage['good']> {
  const history = await queryHistory(
    store.tableName,
    targetKey(target),
    shiftDay(date, -GOOD_DAY_LOOKBACK),
    shiftDay(date, -1),
  );
  const goodDay = history
    .filter((point) => point.status === 'ok')
    .map((point) => point.date)
    .sort()
    .at(-1);
  if (!goodDay) return null;
  const observation = (await queryDay(store.tableName, goodDay, { site: target.site, market: target.market })).find(
    (candidate) => targetKey(candidate) === targetKey(target),
  );
  if (!observation) return null;
  const tiles = observation.tiles ?? [];
  const key = observation.evidence.html[0];
  const html = key ? await readArchivedPage(store.bucketName, key, observation.pageUrl ?? '').catch(goneAsNull) : null;
  // A listing of several pages recorded them all; its archive's first page holds only the first.
  const text = html ? normalise(cheerio.load(html.html).text()) : null;
  const onFirstPage = text ? tiles.filter((tile) => tile.name && text.includes(normalise(tile.name))) : tiles;
  return {
    date: goodDay,
    html,
    known: knownTilesOf({ tiles }),
    figures: tiles,
    tileCount: onFirstPage.length,
  };
}

/** A listing's tiles as the products a fix must find again. */
export function knownTilesOf(listing: {
  tiles: Array<Pick<RankedTile, 'name' | 'url' | 'price' | 'brand' | 'sponsored'>>;
}): KnownTile[] {
  return listing.tiles.flatMap((tile) =>
    tile.name
      ? [{ name: tile.name, url: tile.url, price: tile.price, brand: tile.brand, sponsored: tile.sponsored }]
      : [],
  );
}

/** An archive that is gone (expired) is no page to learn from, not an error. */
function goneAsNull(error: unknown): null {
  if (error instanceof ArchivedPageGoneError) return null;
  throw error;
}
