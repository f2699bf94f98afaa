import { BROKEN_LOOKBACK_DAYS } from '../scorecard/broken-since.ts';
import { healthPageLabel, lastGoodLabel, type HealthRow } from '../scorecard/health.ts';
import type { MarketAccuracy } from '../accuracy/market-accuracy.ts';
import { accuracyText } from './accuracy.ts';
import { esc, statusBadge, table } from './fragments.ts';

/** Per selector file page: is it working, when did it last work, how long has it been broken. */
export function healthSection(rows: HealthRow[], accuracy?: MarketAccuracy): string {
  if (rows.length === 0) return '';
  const broken = rows.filter((row) => row.status !== 'ok').length;
  const warned = rows.filter((row) => row.status === 'ok' && row.warnings.length > 0).length;
  const summary =
    (broken ? `${broken} of ${rows.length} pages need a look` : `all ${rows.length} pages read cleanly`) +
    (warned ? `; ${warned} with a warning about their tiles` : '');
  const lines = rows.map((row) => {
    const failing =
      row.failing && row.failing < row.jobs ? ` <span class="muted">${row.failing} of ${row.jobs}</span>` : '';
    const lastGood = row.lastGood
      ? esc(row.lastGood)
      : `<span class="down">${esc(lastGoodLabel(row, BROKEN_LOOKBACK_DAYS))}</span>`;
    const cells = [
      `<td>${esc(row.site)} · ${esc(row.market.toUpperCase())}</td>`,
      `<td>${esc(healthPageLabel(row))}</td>`,
      `<td>${statusBadge(row.status)}${failing}${row.fix ? `<div class="fix">a fix was found: run <code>${esc(row.fix.command)}</code></div>` : ''}</td>`,
      `<td>${lastGood}</td>`,
      `<td class="num">${daysBroken(row)}</td>`,
      `<td>${row.warnings.map((warning) => `<div class="warning">${esc(warning)}</div>`).join('')}${row.rendering ? `<div class="muted">${esc(row.rendering)}</div>` : ''}</td>`,
    ];
    return `<tr class="${row.status}">${cells.join('')}</tr>`;
  });
  const heading = `<h2>Selector health <small>${summary}</small></h2>`;
  // The second reader measures what the statuses cannot: pages that read "ok" with the wrong figures.
  const measured = accuracy
    ? `<p>Second reader: ${accuracyText(accuracy)} of the pages read twice today agree (<a href="#accuracy">what differed</a>).</p>`
    : '';
  return `<section class="card health" id="selector-health">${heading}\n${measured}${table('Every page of the selector files, most urgent first', ['site · market', 'page', 'status today', 'last good run', 'days broken', 'tiles'], lines)}</section>`;
}

function daysBroken(row: HealthRow): string {
  if (row.daysBroken === null) return `${BROKEN_LOOKBACK_DAYS}+`;
  return row.daysBroken === 0 ? '<span class="muted">0</span>' : `<span class="down">${row.daysBroken}</span>`;
}
