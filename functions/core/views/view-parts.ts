import { rowKey, SEARCH_ROWS_PER_PART, type MarketView } from './model.ts';

/**
 * A market's view as it is stored: parts of SEARCH_ROWS_PER_PART search rows, each with its rows'
 * series; the first part also has the categories, placements and problems. Pure.
 */
export function splitView(view: MarketView, rowsPerPart = SEARCH_ROWS_PER_PART): MarketView[] {
  const { card } = view;
  const count = Math.max(1, Math.ceil(card.search.length / rowsPerPart));
  return Array.from({ length: count }, (_unused, index) => {
    const search = card.search.slice(index * rowsPerPart, (index + 1) * rowsPerPart);
    const partCard = {
      ...card,
      search,
      ...(index === 0 ? {} : { categories: [], placements: [], problems: [] }),
    };
    const keys = new Set([
      ...search.map((row) => rowKey({ kind: 'search', page: row.page, keyword: row.keyword })),
      ...partCard.categories.map((row) => rowKey({ kind: 'category', page: row.category })),
      ...partCard.placements.map((row) => rowKey({ kind: 'placement', page: row.page })),
    ]);
    return {
      ...view,
      card: partCard,
      series: Object.fromEntries(Object.entries(view.series).filter(([key]) => keys.has(key))),
      part: { index, count, firstRow: index * rowsPerPart, searchRows: card.search.length },
    };
  });
}

/** The parts of a market, in order, as one view again (what a CSV, an export or the next day's series needs). Pure. */
export function joinParts(parts: MarketView[]): MarketView {
  const [first] = parts;
  if (!first) throw new Error('joinParts: no parts');
  return {
    ...first,
    card: { ...first.card, search: parts.flatMap((part) => part.card.search) },
    series: Object.assign({}, ...parts.map((part) => part.series)),
    part: { index: 0, count: 1, firstRow: 0, searchRows: first.part.searchRows },
  };
}
