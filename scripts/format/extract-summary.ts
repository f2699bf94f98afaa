import type { ExtractedPage } from '../maintain/extract-many.ts';
import { renderTable } from './table.ts';

/** `extract --dir`: one row per saved page, then the totals. */
export function formatExtractSummary(pages: ExtractedPage[]): string {
  const listing = (page: ExtractedPage) => (page.result && page.result.kind !== 'placement' ? page.result : null);
  const table = renderTable(pages, [
    { header: 'saved page', value: (p) => p.html.split('/').at(-1), max: 44 },
    {
      header: 'site / market / page',
      value: (p) => (p.site ? `${p.site} / ${p.market} / ${p.page ?? '?'}` : ''),
      max: 36,
    },
    { header: 'status', value: (p) => p.result?.status ?? 'error' },
    {
      header: 'tiles',
      value: (p) =>
        listing(p)?.tiles.length ??
        (p.result?.kind === 'placement' ? p.result.slots.reduce((sum, slot) => sum + slot.items.length, 0) : ''),
      align: 'right',
    },
    { header: 'sponsored', value: (p) => listing(p)?.summary.sponsoredTiles ?? '', align: 'right' },
    { header: '(unknown)', value: (p) => listing(p)?.summary.unknownBrandTiles ?? '', align: 'right' },
    { header: 'two prices', value: (p) => listing(p)?.summary.doublePriceTiles ?? '', align: 'right' },
    {
      header: 'first',
      value: (p) =>
        (p.error ? '(see below)' : null) ??
        listing(p)?.tiles[0]?.name ??
        (p.result?.kind === 'placement' ? p.result.slots[0]?.items[0]?.name : null) ??
        '',
      max: 48,
    },
  ]);
  const ok = pages.filter((page) => page.result?.status === 'ok').length;
  const errors = pages.filter((page) => page.error).length;
  const why = pages.flatMap((page) => (page.error ? [`! ${page.html}: ${page.error}`] : []));
  return `${table}\n${why.length ? `${why.join('\n')}\n` : ''}${pages.length} pages: ${ok} ok, ${pages.length - ok - errors} not ok, ${errors} could not be extracted`;
}
