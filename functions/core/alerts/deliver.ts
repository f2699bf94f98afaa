import { PublishCommand } from '@aws-sdk/client-sns';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sns } from '../aws/sns.ts';
import { alertDigest, type DayOverview, type LinkedAlert } from './format.ts';

/** Where a run's alerts go; each is optional, so a stack without a webhook simply has none. */
export interface AlertSinks {
  /** SNS topic (on AWS: the stack's AlertTopic; subscribe e-mail or chat to it). */
  topicArn?: string | undefined;
  /** Receives one JSON POST per run: { text, subject, runId, date, summary: { lines, summaryUrl }, alerts }; `text` suits Slack-style webhooks. */
  webhookUrl?: string | undefined;
  /** Appended with one JSON line per alert (the local stack's record of them). */
  file?: string | undefined;
}

export interface Delivery {
  sink: 'sns' | 'webhook' | 'file';
  ok: boolean;
  error?: string;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** Sends one run's alerts to every configured sink; a failing sink is reported, never thrown, so the others still get them. */
export async function deliverAlerts(
  run: { runId: string; date: string },
  alerts: LinkedAlert[],
  sinks: AlertSinks,
  day?: DayOverview,
): Promise<Delivery[]> {
  if (alerts.length === 0) return [];
  const digest = alertDigest(run.runId, run.date, alerts, day);
  const attempts: Array<[Delivery['sink'], () => Promise<void>]> = [];
  if (sinks.topicArn)
    attempts.push([
      'sns',
      async () =>
        void (await sns().send(
          new PublishCommand({ TopicArn: sinks.topicArn, Subject: digest.subject, Message: digest.text }),
        )),
    ]);
  if (sinks.webhookUrl)
    attempts.push([
      'webhook',
      () => postWebhook(sinks.webhookUrl!, { ...digest, ...run, summary: day ?? null, alerts }),
    ]);
  if (sinks.file)
    attempts.push([
      'file',
      () =>
        appendLines(
          sinks.file!,
          alerts.map((alert) => ({ runId: run.runId, ...alert })),
        ),
    ]);
  return Promise.all(
    attempts.map(async ([sink, send]) => {
      try {
        await send();
        return { sink, ok: true };
      } catch (error) {
        return { sink, ok: false, error: (error as Error).message };
      }
    }),
  );
}

/** One retry on a network error or a 5xx: chat services hiccup; a 4xx is the configuration's fault. */
async function postWebhook(url: string, body: unknown): Promise<void> {
  let failure = '';
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'error',
    }).catch((error: Error) => error);
    if (response instanceof Error) {
      failure = `webhook failed: ${response.message}`;
      continue;
    }
    if (response.ok) return;
    failure = `webhook answered HTTP ${response.status}`;
    if (response.status < 500) break;
  }
  throw new Error(failure);
}

async function appendLines(file: string, rows: unknown[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}
