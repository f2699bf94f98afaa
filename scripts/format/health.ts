import { BROKEN_LOOKBACK_DAYS } from '../../functions/core/scorecard/broken-since.ts';
import { healthPageLabel, lastGoodLabel, type HealthRow } from '../../functions/core/scorecard/health.ts';
import { fixLine } from '../../functions/core/alerts/detect.ts';
import { renderTable } from './table.ts';

/** Selector health as the terminal shows it: most urgent first. */
export function formatHealth(rows: HealthRow[]): string {
  const table = renderTable(rows, [
    { header: 'site / market', value: (r) => `${r.site} / ${r.market}` },
    { header: 'page', value: (r) => healthPageLabel(r), max: 32 },
    {
      header: 'status today',
      value: (r) => (r.failing && r.failing < r.jobs ? `${r.status} (${r.failing} of ${r.jobs})` : r.status),
    },
    { header: 'last good run', value: (r) => lastGoodLabel(r, BROKEN_LOOKBACK_DAYS) },
    { header: 'broken since', value: (r) => r.brokenSince ?? '' },
    {
      header: 'days broken',
      value: (r) => (r.daysBroken === null ? `${BROKEN_LOOKBACK_DAYS}+` : r.daysBroken),
      align: 'right',
    },
  ]);
  const warnings = rows.flatMap((row) =>
    row.warnings.map((warning) => `  ! ${row.site} / ${row.market} ${healthPageLabel(row)}: ${warning}`),
  );
  const fixes = rows.flatMap((row) =>
    row.fix ? [`  ✔ ${row.site} / ${row.market} ${healthPageLabel(row)}: ${fixLine(row.fix)}`] : [],
  );
  const rendering = rows.flatMap((row) =>
    row.rendering ? [`  ≈ ${row.site} / ${row.market} ${healthPageLabel(row)}: ${row.rendering}`] : [],
  );
  return [table, ...warnings, ...fixes, ...rendering].join('\n');
}
