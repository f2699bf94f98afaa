import { shiftDay } from '../day.ts';
import type { HistoryPoint } from '../store/observations/queries.ts';
import type { MarketScorecard } from '../scorecard/types.ts';
import { ACCURACY_SERIES, rowKey, SERIES_DAYS, type MarketView, type RowSeries, type Series } from './model.ts';

/** Today's figure of every row of a market's card, under its row key. Pure. */
export function todaysPoints(
  card: MarketScorecard,
): Record<string, Record<Exclude<keyof RowSeries, 'accuracy'>, number | null>> {
  const points: Record<string, Record<Exclude<keyof RowSeries, 'accuracy'>, number | null>> = {};
  for (const row of card.search)
    points[rowKey({ kind: 'search', page: row.page, keyword: row.keyword })] = {
      rank: row.status === 'ok' ? row.ourBestOrganicRank.today : null,
      share: row.status === 'ok' ? row.ourShare.today : null,
      position: null,
      slots: null,
    };
  for (const row of card.categories)
    points[rowKey({ kind: 'category', page: row.category })] = {
      rank: null,
      position: row.status === 'ok' ? row.ourBestPosition.today : null,
      share: row.status === 'ok' ? row.ourShare.today : null,
      slots: null,
    };
  for (const row of card.placements)
    points[rowKey({ kind: 'placement', page: row.page })] = {
      rank: null,
      share: null,
      position: null,
      slots: row.status === 'ok' ? row.slotsHeld.length : null,
    };
  return points;
}

const FIGURES: Record<string, Array<Exclude<keyof RowSeries, 'accuracy'>>> = {
  search: ['rank', 'share'],
  category: ['position', 'share'],
  placement: ['slots'],
};

/**
 * The series of a day: the last view's series (of an earlier day) with today's point added, kept to
 * SERIES_DAYS. A row new today starts with today's point. Pure: the day's views grow one point a day
 * and never need the history read again.
 */
export function extendSeries(previous: MarketView | null, card: MarketScorecard, date: string): MarketView['series'] {
  const from = shiftDay(date, -(SERIES_DAYS - 1));
  const series: MarketView['series'] = {};
  for (const [key, point] of Object.entries(todaysPoints(card))) {
    const kind = key.split('|')[0]!;
    const before = previous?.series[key] ?? {};
    const row: RowSeries = {};
    for (const figure of FIGURES[kind] ?? []) {
      const kept = (before[figure] ?? []).filter(([day]) => day >= from && day < date);
      row[figure] = [...kept, [date, point[figure]]];
    }
    series[key] = row;
  }
  return withAccuracy(series, previous?.series[ACCURACY_SERIES]?.accuracy ?? [], card, date);
}

/**
 * The market's accuracy series: the days before (within SERIES_DAYS) and today's rate, or no
 * point when no page was read twice today. Pure.
 */
export function withAccuracy(
  series: MarketView['series'],
  before: Series,
  card: MarketScorecard,
  date: string,
): MarketView['series'] {
  const from = shiftDay(date, -(SERIES_DAYS - 1));
  const kept = before.filter(([day]) => day >= from && day < date);
  const points: Series = card.accuracy ? [...kept, [date, card.accuracy.rate]] : kept;
  return points.length ? { ...series, [ACCURACY_SERIES]: { accuracy: points } } : series;
}

/** A row's series from its stored history, when no earlier view exists (a first publication). Pure. */
export function seriesFromHistory(kind: string, history: HistoryPoint[], date: string): RowSeries {
  const from = shiftDay(date, -(SERIES_DAYS - 1));
  const days = history
    .filter((point) => point.date >= from && point.date <= date)
    .sort((a, b) => a.date.localeCompare(b.date));
  const figure = (read: (summary: NonNullable<HistoryPoint['summary']>) => number | null): Series =>
    days.map((point) => [point.date, point.status === 'ok' && point.summary ? read(point.summary) : null]);
  const listing = (summary: NonNullable<HistoryPoint['summary']>) => ('ourBestOrganicRank' in summary ? summary : null);
  if (kind === 'search')
    return {
      rank: figure((summary) => listing(summary)?.ourBestOrganicRank ?? null),
      share: figure((summary) => listing(summary)?.ourShare ?? null),
    };
  if (kind === 'category')
    return {
      position: figure((summary) => listing(summary)?.ourBestOrganicRank ?? null),
      share: figure((summary) => listing(summary)?.ourShare ?? null),
    };
  return { slots: figure((summary) => ('slotsHeld' in summary ? summary.slotsHeld.length : null)) };
}
