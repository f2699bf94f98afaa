import { pageName } from '../../functions/core/jobs/expand.ts';
import type { SelectorSet } from '../../functions/core/selectors/load.ts';

/** What changed for one site × market between two sets of selector files. */
export interface MarketDiff {
  market: string;
  change: 'added' | 'removed' | 'changed';
  keywordsAdded: string[];
  keywordsRemoved: string[];
  pagesAdded: string[];
  pagesRemoved: string[];
  /** Something else in the file changed (selectors, URLs, rate, steps). */
  otherChanges: boolean;
}

/**
 * The live version against the local files, per site × market: markets added and removed, and in
 * each market the keywords and pages added and removed, and whether anything else changed. Pure.
 */
export function diffSelectorSets(live: SelectorSet, local: SelectorSet): MarketDiff[] {
  const name = (site: { site: string; market: string }) => `${site.site}/${site.market}`;
  const before = new Map(live.sites.map((site) => [name(site), site]));
  const after = new Map(local.sites.map((site) => [name(site), site]));
  const diffs: MarketDiff[] = [];
  for (const market of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(market);
    const now = after.get(market);
    const keywords = (site: typeof was) =>
      new Set((site?.pages ?? []).flatMap((page) => (page.kind === 'search' ? page.keywords : [])));
    const pages = (site: typeof was) => new Set((site?.pages ?? []).map(pageName));
    const minus = (a: Set<string>, b: Set<string>) => [...a].filter((entry) => !b.has(entry)).sort();
    const entry: MarketDiff = {
      market,
      change: !was ? 'added' : !now ? 'removed' : 'changed',
      keywordsAdded: minus(keywords(now), keywords(was)),
      keywordsRemoved: minus(keywords(was), keywords(now)),
      pagesAdded: minus(pages(now), pages(was)),
      pagesRemoved: minus(pages(was), pages(now)),
      otherChanges: Boolean(was && now && JSON.stringify(comparable(was)) !== JSON.stringify(comparable(now))),
    };
    const changed =
      entry.change !== 'changed' ||
      entry.keywordsAdded.length + entry.keywordsRemoved.length + entry.pagesAdded.length + entry.pagesRemoved.length >
        0 ||
      entry.otherChanges;
    if (changed) diffs.push(entry);
  }
  return diffs;
}

/** A site file without what the diff names on its own (keywords, which pages) and where it was read from. */
function comparable(site: SelectorSet['sites'][number]) {
  const { file: _file, pages, ...rest } = site;
  return {
    ...rest,
    pages: pages.map((page) => (page.kind === 'search' ? { ...page, keywords: [] } : page)),
  };
}

/** The diff as the terminal shows it, one line per market. */
export function formatDiff(diffs: MarketDiff[], trackingChanged: boolean): string {
  const lines = diffs.map((diff) => {
    if (diff.change !== 'changed')
      return `${diff.change === 'added' ? '+' : '-'} ${diff.market} (market ${diff.change})`;
    const parts = [
      ...diff.keywordsAdded.map((keyword) => `+ “${keyword}”`),
      ...diff.keywordsRemoved.map((keyword) => `- “${keyword}”`),
      ...diff.pagesAdded.map((page) => `+ page ${page}`),
      ...diff.pagesRemoved.map((page) => `- page ${page}`),
      ...(diff.otherChanges ? ['selectors or settings changed'] : []),
    ];
    return `~ ${diff.market}: ${parts.join(', ')}`;
  });
  if (trackingChanged) lines.push('~ tracking.yaml changed (which brands are ours)');
  return lines.length ? lines.join('\n') : 'no differences';
}
