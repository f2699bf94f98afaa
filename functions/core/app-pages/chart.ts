import type { Series } from '../views/model.ts';
import { esc } from './fragments.ts';

export interface ChartOptions {
  /** What the values are, for the axis and the reader: "rank", "share of search", "slots held". */
  label: string;
  /** Rank and position: 1 is best, drawn at the top. */
  lowerIsBetter?: boolean;
  format?: (value: number) => string;
  width?: number;
  height?: number;
}

/**
 * A figure over days as an SVG line chart a person can read without script: a y axis with its
 * best and worst values, the first and last dates under the x axis, a dot per day read (its date
 * and value in a tooltip), gaps where a day was not read, and the latest value written out. The
 * same numbers are in the chart's text alternative, for screen readers.
 */
export function lineChart(series: Series, options: ChartOptions): string {
  const format = options.format ?? ((value: number) => String(value));
  const points = series.filter((point): point is [string, number] => point[1] !== null);
  if (points.length === 0) return `<div class="muted">${esc(options.label)}: none in these days</div>`;
  const width = options.width ?? 260;
  const height = options.height ?? 84;
  const left = 34;
  const right = 44;
  const top = 8;
  const bottom = 18;
  const values = points.map(([, value]) => value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high)
    [low, high] = options.lowerIsBetter ? [Math.max(1, low - 1), high + 1] : [low * 0.9, high * 1.1 || 1];
  const x = (index: number) =>
    left + (series.length === 1 ? 0.5 : index / (series.length - 1)) * (width - left - right);
  const y = (value: number) => {
    const t = (value - low) / (high - low);
    return top + (options.lowerIsBetter ? t : 1 - t) * (height - top - bottom);
  };
  const paths: string[] = [];
  let current = '';
  series.forEach(([, value], index) => {
    if (value === null) {
      if (current) paths.push(current);
      current = '';
      return;
    }
    current += `${current ? ' L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
  });
  if (current) paths.push(current);
  const dots = series
    .map(([date, value], index) =>
      value === null
        ? ''
        : `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.2"><title>${esc(date)}: ${esc(format(value))}</title></circle>`,
    )
    .join('');
  const best = options.lowerIsBetter ? low : high;
  const worst = options.lowerIsBetter ? high : low;
  const lastValue = points.at(-1)![1];
  const first = series[0]![0];
  const summary = `${options.label} from ${first} to ${series.at(-1)![0]}: ${points.map(([date, value]) => `${date} ${format(value)}`).join(', ')}`;
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(summary)}">
<title>${esc(summary)}</title>
<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}"/><line class="axis" x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}"/>
<text class="tick" x="${left - 4}" y="${y(best) + 3}" text-anchor="end">${esc(format(best))}</text>
<text class="tick" x="${left - 4}" y="${y(worst) + 3}" text-anchor="end">${esc(format(worst))}</text>
<text class="tick" x="${left}" y="${height - 4}">${esc(first.slice(5))}</text>
<text class="tick" x="${width - right}" y="${height - 4}" text-anchor="end">${esc(series.at(-1)![0].slice(5))}</text>
${paths.map((d) => `<path class="line" d="${d}"/>`).join('')}${dots}
<text class="last" x="${width - right + 6}" y="${y(lastValue) + 4}">${esc(format(lastValue))}</text>
</svg>`;
}

/** The last `days` days of a series (the 7, 30 and 90 day views). */
export function lastDays(series: Series | undefined, date: string, days: number): Series {
  if (!series) return [];
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return series.filter(([day]) => day >= from && day <= date);
}
