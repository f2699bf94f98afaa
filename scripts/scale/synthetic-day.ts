import type { RankedTile } from '../../functions/core/extract/types.ts';
import { createRun } from '../../functions/core/store/runs/create-run.ts';
import { runJobItem } from '../../functions/core/store/runs/job-marker.ts';
import type { Observation } from '../../functions/core/store/model.ts';
import { observationItem } from '../../functions/core/store/observations/item.ts';
import { writeItems } from '../../functions/core/store/write-items.ts';

export interface SyntheticDay {
  runId: string;
  date: string;
  /** `site#market` of each partition written. */
  markets: string[];
  observations: number;
}

const BRANDS = ['Lumière', 'Pure Botanica', 'Glowco', 'Maison Verte', 'Nordlys', 'Belle Rue', 'Kosmo', 'Aurora Lab'];

/**
 * A day of `pages` search observations as a finished run left them (each with its tiles, its summary
 * and its final marker), spread over `markets` site × market partitions: what the alerts sweep is
 * measured on without reading 100,000 pages first. Deterministic by date and page; a share of pages
 * (`brokenShare`) is a selector miss. Written as the administrator, in batches, past throttling.
 */
export async function writeSyntheticDay(
  tableName: string,
  options: {
    date: string;
    pages: number;
    markets: number;
    sites?: number;
    /** Name the partitions (site, market) instead of site-N / mNN. */
    pairs?: Array<{ site: string; market: string }>;
    brokenShare?: number;
    runId?: string;
    onProgress?: (written: number) => void;
  },
): Promise<SyntheticDay> {
  const sites = options.sites ?? 1;
  const runId = options.runId ?? `${options.date}-synthetic`;
  const pairs =
    options.pairs ??
    Array.from({ length: options.markets }, (_u, index) => ({
      site: `site-${index % sites}`,
      market: `m${String(Math.floor(index / sites)).padStart(2, '0')}`,
    }));
  await createRun(
    tableName,
    {
      runId,
      date: options.date,
      trigger: 'schedule',
      filter: {},
      jobsExpected: options.pages,
      createdAt: `${options.date}T06:00:00.000Z`,
    },
    pairs.map((pair) => `${pair.site}#${pair.market}`),
  );
  const chunk = 500;
  let written = 0;
  for (let start = 0; start < options.pages; start += chunk) {
    const items = Array.from({ length: Math.min(chunk, options.pages - start) }, (_u, offset) => {
      const index = start + offset;
      const pair = pairs[index % pairs.length]!;
      const observation = syntheticObservation(options.date, runId, pair, index, options.brokenShare ?? 0.01);
      return [
        observationItem(observation),
        runJobItem(
          runId,
          observation,
          { status: observation.status, attempts: 1, final: true },
          new Date(observation.observedAt),
        ),
      ];
    }).flat();
    const result = await writeItems(items, { tableName, concurrency: 8, maxAttempts: 30 });
    if (result.unwritten.length || result.refused.length)
      throw new Error(`synthetic day: ${result.unwritten.length + result.refused.length} items not written`);
    written += items.length / 2;
    options.onProgress?.(written);
  }
  return {
    runId,
    date: options.date,
    markets: pairs.map((pair) => `${pair.site}#${pair.market}`),
    observations: options.pages,
  };
}

function syntheticObservation(
  date: string,
  runId: string,
  pair: { site: string; market: string },
  index: number,
  brokenShare: number,
): Observation {
  const keyword = `keyword-${String(index).padStart(6, '0')}`;
  const seed = hash(`${date}#${keyword}`);
  const broken = (seed % 10_000) / 10_000 < brokenShare;
  const ourRank = 1 + (seed % 12);
  const tiles: RankedTile[] = Array.from({ length: 24 }, (_u, position) => {
    const brand = BRANDS[(seed + position) % BRANDS.length]!;
    return {
      position: position + 1,
      organicRank: position + 1,
      sponsored: false,
      name: `${brand} product ${position}`,
      brand,
      url: `https://shop.example/p/${seed % 1000}-${position}`,
      price: 9.99 + position,
      owner: position + 1 === ourRank ? 'ours' : 'other',
    } as unknown as RankedTile;
  });
  return {
    site: pair.site,
    market: pair.market,
    page: 'search',
    kind: 'search',
    keyword,
    date,
    runId,
    status: broken ? 'selector_miss' : 'ok',
    message: broken ? 'Item selector "[data-test=tile]" matched nothing' : null,
    pageUrl: `https://shop.example/${pair.market}/search?q=${keyword}`,
    summary: broken
      ? null
      : ({
          topN: 10,
          tiles: 24,
          organicTiles: 24,
          sponsoredTiles: 0,
          ourBestRank: ourRank,
          ourBestOrganicRank: ourRank,
          ourTilesInTopN: ourRank <= 10 ? 1 : 0,
          ourSponsoredTiles: 0,
          ourShare: ourRank <= 10 ? 0.1 : 0,
          // Every brand's share of the top 10, as a real page has it (what makes a day's card large).
          shareOfSearch: BRANDS.map((brand, position) => ({
            brand,
            owner: position === 0 ? 'ours' : 'other',
            tiles: 1 + ((seed + position) % 2),
            share: Math.round(((1 + ((seed + position) % 2)) * 1000) / 12) / 10_000,
          })),
          sponsoredByBrand: [],
          topOrganic: { name: tiles[0]!.name, brand: tiles[0]!.brand, owner: tiles[0]!.owner },
        } as unknown as Observation['summary']),
    ...(broken ? {} : { tiles }),
    evidence: {
      html: [`evidence/${date}/${pair.site}/${pair.market}/search/${keyword}/${runId}-p1.html.gz`],
      screenshot: null,
    },
    observedAt: `${date}T07:00:00.000Z`,
  };
}

function hash(text: string): number {
  let value = 2166136261;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619) >>> 0;
  return value;
}
