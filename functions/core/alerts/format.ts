import type { Alert, AlertKind } from './detect.ts';
import { describeTarget } from '../jobs/describe.ts';

const ICON: Record<AlertKind, string> = {
  rank_drop: '▼',
  lost_placement: '−',
  competitor_on_top: '⚑',
  selector_broken: '✖',
  run_incomplete: '…',
};
const LABEL: Record<AlertKind, string> = {
  rank_drop: 'rank drop',
  lost_placement: 'lost placement',
  competitor_on_top: 'competitor on top',
  selector_broken: 'selector broken',
  run_incomplete: 'run incomplete',
};

/** An alert with addresses a reader can open (after signing in): the screenshot and the day's summary page. */
export interface LinkedAlert extends Alert {
  screenshotUrl: string | null;
  scorecardUrl: string | null;
}

export interface AlertDigest {
  subject: string;
  text: string;
}

/** SNS caps subjects at 100 characters and messages at 256 KB; the text stays well under. */
const MAX_TEXT = 200_000;

/** The day as the message opens with it: three lines and the summary page's address. */
export interface DayOverview {
  lines: readonly string[];
  summaryUrl: string | null;
}

/**
 * One message for a run's alerts: the day in three lines and its summary page's link, then a line
 * per alert with its place, yesterday → today, and links.
 */
export function alertDigest(
  runId: string,
  date: string,
  alerts: LinkedAlert[],
  day: DayOverview = { lines: [], summaryUrl: null },
): AlertDigest {
  const counts = new Map<AlertKind, number>();
  for (const alert of alerts) counts.set(alert.kind, (counts.get(alert.kind) ?? 0) + 1);
  const summary = [...counts.entries()].map(([kind, count]) => `${count} ${LABEL[kind]}`).join(', ');
  const subject = `shelfwatch ${date}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'} (${summary})`.slice(
    0,
    100,
  );
  const lines = [
    `shelfwatch alerts for ${date} (run ${runId}): ${summary}`,
    ...day.lines,
    ...(day.summaryUrl ? [`Summary: ${day.summaryUrl}`] : []),
    '',
  ];
  let length = lines.join('\n').length;
  for (const [index, alert] of alerts.entries()) {
    const block = alertLines(alert).join('\n');
    if (length + block.length > MAX_TEXT) {
      lines.push(`… and ${alerts.length - index} more: see the scorecard.`);
      break;
    }
    lines.push(block, '');
    length += block.length + 1;
  }
  const scorecard = alerts.find((alert) => alert.scorecardUrl)?.scorecardUrl;
  if (scorecard && !day.summaryUrl) lines.push(`Scorecard: ${scorecard}`);
  return { subject, text: lines.join('\n').trimEnd() };
}

/** Where an alert is about, as people name it: `demo-shop/fr search “mascara”`, or just the market for a run. */
export function alertWhere(alert: Pick<Alert, 'site' | 'market' | 'pageKind' | 'page' | 'keyword'>): string {
  if (!alert.page || !alert.pageKind) return `${alert.site}/${alert.market}`;
  return describeTarget({
    site: alert.site,
    market: alert.market,
    kind: alert.pageKind,
    page: alert.page,
    keyword: alert.keyword,
  });
}

export function alertLines(alert: LinkedAlert): string[] {
  const where = alertWhere(alert);
  return [
    `${ICON[alert.kind]} ${LABEL[alert.kind]} · ${where}: ${alert.what}`,
    `   yesterday: ${alert.yesterday}`,
    `   today:     ${alert.today}`,
    ...(alert.screenshotUrl || alert.evidence.pageUrl
      ? [`   evidence:  ${[alert.screenshotUrl, alert.evidence.pageUrl].filter(Boolean).join(' · ')}`]
      : []),
    ...(alert.fix ? [`   fix:       ${alert.fix}`] : []),
    ...(alert.scorecardUrl ? [`   page:      ${alert.scorecardUrl}`] : []),
  ];
}
