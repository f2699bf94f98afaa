import type { MarketAccuracy } from '../accuracy/market-accuracy.ts';
import { accuracyTooLow } from '../accuracy/market-accuracy.ts';
import { evidencePath } from '../evidence/links.ts';
import { describeTarget } from '../jobs/describe.ts';
import type { Series } from '../views/model.ts';
import { lineChart } from './chart.ts';
import { esc } from './fragments.ts';

const WAY = { chrome: 'Chromium', static: 'a plain fetch' } as const;

/** "9 of 10 (90 %)": a market's accuracy as a cell or a line. */
export function accuracyText(accuracy: MarketAccuracy | undefined): string {
  if (!accuracy) return '<span class="muted">–</span>';
  const rate = `${accuracy.agreeing} of ${accuracy.compared} (${Math.round(accuracy.rate * 1000) / 10} %)`;
  return accuracyTooLow(accuracy) ? `<span class="down">${rate}</span>` : rate;
}

/**
 * The second reader's section of a market page: how many pages read twice agreed, and every
 * disagreement with both readings' figures and both readings' evidence, side by side.
 */
export function accuracySection(accuracy: MarketAccuracy | undefined, history: Series = []): string {
  if (!accuracy) return '';
  const links = (evidence: { screenshot: string | null; html: string | null }) =>
    [
      evidence.screenshot ? `<a href="${esc(evidencePath(evidence.screenshot))}">screenshot</a>` : '',
      evidence.html ? `<a href="${esc(evidencePath(evidence.html))}">archived page</a>` : '',
    ]
      .filter(Boolean)
      .join(' · ') || '<span class="muted">no evidence</span>';
  const items = accuracy.disagreements.map((entry) => {
    const rows = entry.differences
      .map(
        (difference) =>
          `<tr><th scope="row">${esc(difference.figure)}</th><td>${esc(difference.first)}</td><td>${esc(difference.second)}</td></tr>`,
      )
      .join('');
    return `<li>${esc(describeTarget({ kind: entry.kind, page: entry.page, keyword: entry.keyword }))}
<table class="compact"><caption>The two readings of this page</caption><thead><tr><th scope="col">figure</th><th scope="col">read by ${WAY[entry.firstWay]}</th><th scope="col">read by ${WAY[entry.secondWay]}</th></tr></thead><tbody>${rows}</tbody></table>
<span class="proof">first reading: ${links(entry.first)} · second reading: ${links(entry.second)}</span></li>`;
  });
  const verdict = accuracyTooLow(accuracy)
    ? ` <strong class="down">below ${Math.round(accuracy.alertBelow * 100)} %: these figures are not to be trusted until the disagreements are explained</strong>`
    : '';
  const chart =
    history.length > 1
      ? lineChart(history, {
          label: 'pages whose two readings agree',
          format: (value) => `${Math.round(value * 100)}%`,
        })
      : '';
  return `<h3 id="accuracy">Second reader</h3>
<p>Pages read twice today, a second way: ${accuracyText(accuracy)} agree on every figure.${verdict}</p>
${chart}
${items.length ? `<ul class="plain">${items.join('')}</ul>` : ''}`;
}
