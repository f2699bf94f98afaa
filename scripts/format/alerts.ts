import type { Alert } from '../../functions/core/alerts/detect.ts';
import { alertWhere } from '../../functions/core/alerts/format.ts';
import { renderTable } from './table.ts';

/** A run's alerts as a terminal table; the links are in the alert file and on the scorecard page. */
export function formatAlerts(alerts: Alert[]): string {
  // The fix's command is copied whole, so it goes under the table, never cut to a column.
  const fixes = alerts.filter((a) => a.fix).map((a) => `\n✔ ${alertWhere(a)}: ${a.fix}`);
  return renderTable(alerts, [
    { header: 'alert', value: (a) => a.kind.replace('_', ' ') },
    {
      header: 'where',
      value: (a) => alertWhere(a),
      max: 40,
    },
    { header: 'what', value: (a) => a.what, max: 60 },
    { header: 'yesterday', value: (a) => a.yesterday, max: 40 },
    { header: 'today', value: (a) => a.today, max: 50 },
  ]).concat(fixes.join(''));
}
