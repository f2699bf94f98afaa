import type { Alert } from '../../functions/core/alerts/detect.ts';
import { alertWhere } from '../../functions/core/alerts/format.ts';
import { renderTable } from './table.ts';

/** A run's alerts as a terminal table; the links are in the alert file and on the scorecard page. */
export function formatAlerts(alerts: Alert[]): string {
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
  ]);
}
