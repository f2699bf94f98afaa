import type { PageKind } from '../jobs/expand.ts';
import type { MarketScorecard, TileChecks } from './types.ts';

/**
 * What a page's tiles say about its selectors, beyond "it read": tiles nobody could name a brand
 * for (they fall to `(unknown)` and shrink every share of search), prices that hold two amounts
 * (a was/now tile read as its struck-out price) and a sponsored selector that stopped matching.
 * One line each, for selector health. Pure.
 */
export function tileWarnings(target: MarketScorecard, kind: PageKind, page: string): string[] {
  const rows =
    kind === 'search'
      ? target.search.filter((row) => row.page === page)
      : kind === 'category'
        ? target.categories.filter((row) => row.category === page)
        : [];
  const checks = rows.flatMap((row) => (row.tileChecks ? [row.tileChecks] : []));
  const total = (key: 'tiles' | 'unknownBrand' | 'doublePrice' | 'sponsored') =>
    checks.reduce((sum, check) => sum + check[key], 0);
  const warnings: string[] = [];
  const tiles = total('tiles');
  const unknown = total('unknownBrand');
  if (unknown > 0)
    warnings.push(
      `${unknown} of ${tiles} tiles have no brand anyone could tell: counted as (unknown); a brand field, or a brand pattern on the name, would place them`,
    );
  const doubled = total('doublePrice');
  if (doubled > 0)
    warnings.push(
      `${doubled} tile(s) show two prices (was/now?): the first was read, which may be the struck-out one; list the current price's selector first`,
    );
  // A figure check is a property of the selectors: said once per page, with how many reads said it.
  const said = new Map<string, number>();
  for (const check of checks) for (const line of check.figureWarnings ?? []) said.set(line, (said.get(line) ?? 0) + 1);
  for (const [line, reads] of said)
    warnings.push(checks.length > 1 ? `${line} (${reads} of ${checks.length} reads)` : line);
  const gone = kind === 'search' ? target.sponsoredGone?.[page] : undefined;
  if (gone)
    warnings.push(
      `no sponsored tile on any keyword today, after ${gone.daysWith} of the last ${gone.lookbackDays} days with some (last on ${gone.lastSeen}): is the sponsored selector stale?`,
    );
  return warnings;
}
