import { evidenceUrl } from '../../../functions/core/evidence/links.ts';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRun, type RunAlerts } from '../../../functions/core/alerts/alert-run.ts';
import { DEFAULT_ALERT_RULES } from '../../../functions/core/alerts/detect.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { createRun } from '../../../functions/core/store/runs/create-run.ts';
import { observationItem } from '../../../functions/core/store/observations/item.ts';
import { writeItems } from '../../../functions/core/store/write-items.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { motoAvailable, startMoto, type MotoServer } from '../../support/moto.ts';
import { scheduledScan } from '../../support/scan.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { bearer } from '../../support/sign-in.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';

const YESTERDAY = '2026-11-22';
const TODAY = '2026-11-23';
const withMoto = motoAvailable();
if (!withMoto)
  console.warn(
    'moto_server is not installed: the SNS delivery checks of test/alerts are skipped (pip install "moto[server]")',
  );

interface Recorder {
  url: string;
  bodies: string[];
  server: Server;
}

/** An HTTP endpoint that keeps what it is sent: the webhook, and the SNS topic's http subscriber. */
async function recorder(): Promise<Recorder> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies, server };
}

let shop: DemoShop;
let stack: LocalStack;
let moto: MotoServer | undefined;
let webhook: Recorder;
let subscriber: Recorder;
let alertFile: string;
let card: Scorecard;
let todayRun: string;
let sent: RunAlerts;

const scan = (date: string) => scheduledScan(stack, shop, date);

beforeAll(async () => {
  [webhook, subscriber] = await Promise.all([recorder(), recorder()]);
  alertFile = path.join(await mkdtemp(path.join(tmpdir(), 'shelfwatch-alerts-')), 'alerts.jsonl');
  const env: Record<string, string> = {
    ALERT_FILE: alertFile,
    ALERT_WEBHOOK_URL: `${webhook.url}/hook`,
    SETTLE_TIMEOUT_MS: '1500',
  };
  if (withMoto) {
    moto = await startMoto();
    const sns = new SNSClient({ region: LOCAL_REGION, endpoint: moto.url, credentials: LOCAL_CREDENTIALS });
    const topic = await sns.send(new CreateTopicCommand({ Name: 'shelfwatch-alerts' }));
    await sns.send(
      new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'http', Endpoint: `${subscriber.url}/sns` }),
    );
    sns.destroy();
    Object.assign(env, { ALERT_TOPIC_ARN: topic.TopicArn!, AWS_ENDPOINT_URL_SNS: moto.url });
  }
  shop = await startDemoShop({ date: YESTERDAY });
  stack = await startLocalStack({ rootDir: REPO_ROOT, dataDir: null, siteOrigins: { 'demo-shop': shop.url }, env });
  const yesterdayRun = await scan(YESTERDAY);
  expect((await stack.alertRun(yesterdayRun)).status).toBe('no_alerts'); // nothing to compare with yet
  // Overnight the uk mascara category is redesigned: its selector stops matching.
  shop.faults.add({ type: 'layout', market: 'uk', path: '/uk/c/mascara' });
  todayRun = await scan(TODAY);
  card = (await (
    await fetch(`${stack.http.url}/scorecards/${TODAY}`, { headers: await bearer(stack) })
  ).json()) as Scorecard;
  sent = await stack.alertRun(todayRun);
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await shop?.close();
  await moto?.close();
  webhook?.server.close();
  subscriber?.server.close();
  if (alertFile) await rm(path.dirname(alertFile), { recursive: true, force: true });
});

describe('alerts after each run (local stack, demo shop)', () => {
  it('alerts the broken selector: what, where, yesterday against today, and a screenshot link that opens', async () => {
    expect(sent.status).toBe('sent');
    const broken = sent.alerts.filter((alert) => alert.kind === 'selector_broken');
    expect(broken).toHaveLength(1);
    const [alert] = broken;
    expect(alert).toMatchObject({
      site: 'demo-shop',
      market: 'uk',
      pageKind: 'category',
      page: 'mascara',
      date: TODAY,
      yesterday: `last read cleanly ${YESTERDAY}`,
    });
    expect(alert!.today).toMatch(/Item selector matched nothing at http:\/\/127\.0\.0\.1:\d+\/uk\/c\/mascara/);
    // Links that do not expire: the market's page and the app's /evidence/… address, which opens
    // after signing in (here with the bearer token) as a fresh presigned URL.
    expect(alert!.scorecardUrl).toBe(`${stack.http.url}/scorecards/${TODAY}/demo-shop/uk`);
    expect(alert!.screenshotUrl).toBe(evidenceUrl(stack.http.url, alert!.evidence.screenshot!));
    expect((await fetch(alert!.screenshotUrl!, { redirect: 'manual' })).status).toBe(401);
    const image = await fetch(alert!.screenshotUrl!, { headers: await bearer(stack) });
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('a fix proven after the run is named in the alert and on the market’s page under "Needs attention"', async () => {
    const command = `shelfwatch suggest demo-shop/uk --page mascara --date ${TODAY}`;
    const alert = sent.alerts.find((a) => a.kind === 'selector_broken')!;
    expect(alert.fix).toMatch(/^a fix was found \(recovers \d+ of \d+ products on category mascara\): run /);
    expect(alert.fix!.endsWith(`run ${command}`)).toBe(true);
    expect(sent.fixes).toEqual({ found: ['demo-shop/uk category mascara'], untried: [] });
    const page = await fetch(alert.scorecardUrl!, { headers: { ...(await bearer(stack)), accept: 'text/html' } });
    const html = await page.text();
    const attention = html.slice(html.indexOf('id="problems"'));
    expect(attention).toContain(`<strong>A fix was found</strong>`);
    expect(attention).toContain(`<code>${command}</code>`);
    // The page's JSON card carries it too, for scripts.
    const json = (await (
      await fetch(`${stack.http.url}/scorecards/${TODAY}/demo-shop/uk`, { headers: await bearer(stack) })
    ).json()) as { card: { problems: Array<{ page: string; fix?: { command: string } }> } };
    expect(json.card.problems.find((problem) => problem.page === 'mascara')?.fix?.command).toBe(command);
  });

  it('alerts exactly the rank drops, lost placements and competitors on our #1 the scorecard shows', () => {
    const expected = { rank_drop: 0, lost_placement: 0, competitor_on_top: 0 };
    for (const target of card.targets) {
      // Only pages read cleanly today have a rank to compare; a broken page is a selector alert instead.
      const ranks = [
        ...target.search.map((r) => ({ status: r.status, rank: r.ourBestOrganicRank })),
        ...target.categories.map((r) => ({ status: r.status, rank: r.ourBestPosition })),
      ];
      for (const { status, rank } of ranks.filter((r) => r.status === 'ok')) {
        if (rank.yesterday !== null && (rank.today === null || rank.today - rank.yesterday >= 3))
          expected.rank_drop += 1;
      }
      for (const row of target.placements) if (row.lost.length) expected.lost_placement += 1;
      for (const row of target.search)
        if (row.topTile.yesterday?.owner === 'ours' && row.topTile.today?.owner === 'competitor')
          expected.competitor_on_top += 1;
    }
    const count = (kind: string) => sent.alerts.filter((alert) => alert.kind === kind).length;
    expect({
      rank_drop: count('rank_drop'),
      lost_placement: count('lost_placement'),
      competitor_on_top: count('competitor_on_top'),
    }).toEqual(expected);
    for (const alert of sent.alerts.filter((a) => a.kind === 'rank_drop')) {
      const row = card.targets.find((t) => t.market === alert.market)!.search.find((r) => r.keyword === alert.keyword);
      if (row) expect(alert.yesterday).toBe(`#${row.ourBestOrganicRank.yesterday}`);
    }
  });

  it('delivers the run’s alerts once to every sink: file, webhook' + (withMoto ? ' and SNS (moto)' : ''), async () => {
    expect(sent.deliveries).toEqual([
      ...(withMoto ? [{ sink: 'sns', ok: true }] : []),
      { sink: 'webhook', ok: true },
      { sink: 'file', ok: true },
    ]);
    const lines = (await readFile(alertFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(sent.alerts.length);
    expect(lines.every((line) => line.runId === todayRun)).toBe(true);
    expect(webhook.bodies).toHaveLength(1);
    const posted = JSON.parse(webhook.bodies[0]!);
    expect(posted).toMatchObject({ runId: todayRun, date: TODAY });
    expect(posted.alerts).toHaveLength(sent.alerts.length);
    expect(posted.text).toContain('✖ selector broken · demo-shop/uk category mascara');
    // The message opens with the day in three lines and the summary page's link.
    const ours = card.targets.flatMap((t) => t.search.filter((r) => r.status === 'ok'));
    const tiles = ours.reduce((sum, r) => sum + (r.ourTilesInTopN.today ?? 0), 0);
    const organic = ours.reduce((sum, r) => sum + (r.organicInTopN ?? 0), 0);
    expect(posted.summary.lines).toHaveLength(3);
    expect(posted.summary.lines[0]).toContain(`(${tiles} of ${organic} organic tiles)`);
    expect(posted.summary.lines[2]).toMatch(
      new RegExp(
        `^Pages ${card.statusCounts.ok} of ${card.pages} read cleanly across 4 markets · 1 need attention \\(demo-shop/uk\\)`,
      ),
    );
    expect(posted.text.split('\n').slice(1, 5)).toEqual([
      ...posted.summary.lines,
      `Summary: ${stack.http.url}/scorecards/${TODAY}`,
    ]);
    expect(posted.summary.summaryUrl).toBe(`${stack.http.url}/scorecards/${TODAY}`);
    // …and the page it links is the day's summary, built when the run finished.
    const page = await fetch(posted.summary.summaryUrl, { headers: { ...(await bearer(stack)), accept: 'text/html' } });
    expect(await page.text()).toContain('<h1>Digital shelf summary');
    expect(posted.subject).toMatch(new RegExp(`^shelfwatch ${TODAY}: ${sent.alerts.length} alerts? \\(`));
    // Sent once: asking again (as the next sweep would) sends nothing.
    expect((await stack.alertRun(todayRun)).status).toBe('already_sent');
    expect(webhook.bodies).toHaveLength(1);
    expect((await readFile(alertFile, 'utf8')).trim().split('\n')).toHaveLength(sent.alerts.length);
  });

  it.skipIf(!withMoto)('publishes to the SNS topic, whose subscriber receives the digest', async () => {
    for (let waited = 0; subscriber.bodies.length === 0 && waited < 5_000; waited += 100) await sleep(100);
    const notifications = subscriber.bodies
      .map((body) => JSON.parse(body))
      .filter((body) => body.Type === 'Notification');
    expect(notifications).toHaveLength(1);
    expect(notifications[0].Subject).toBe(JSON.parse(webhook.bodies[0]!).subject);
    expect(notifications[0].Message).toContain(`yesterday: last read cleanly ${YESTERDAY}`);
  });

  it('the sweep alerts a run that overran its deadline, saying how many pages never reported', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const runId = `${day}-overdue1`;
    await createRun(
      stack.tableName,
      {
        runId,
        date: day,
        trigger: 'api',
        filter: { markets: ['fr'] },
        jobsExpected: 5,
        createdAt: new Date(Date.now() - 4 * 3_600_000).toISOString(),
      },
      ['demo-shop#fr'],
    );
    const { runs } = (await stack.functions.alerts.invoke({
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: new Date().toISOString(),
      detail: {},
    })) as { runs: RunAlerts[] };
    const overdue = runs.find((run) => run.runId === runId)!;
    expect(overdue.status).toBe('sent');
    expect(overdue.alerts.map((alert) => [alert.kind, alert.market, alert.today])).toEqual([
      ['run_incomplete', 'fr', '0 of 5 pages read'],
    ]);
    expect(overdue.alerts[0]!.what).toContain('5 of 5 pages never reported');
  });

  it('a sink that fails is retried once, reported, and when every sink failed the run waits for the next sweep', async () => {
    const answers: number[] = [];
    let answer = 503;
    const flaky = createServer((request, response) => {
      request.resume();
      answers.push(answer);
      response.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(flaky.address() as { port: number }).port}/hook`;
    const deps = {
      tableName: stack.tableName,
      bucketName: stack.bucketName,
      rules: DEFAULT_ALERT_RULES,
      sinks: { webhookUrl: hook },
      runDeadlineMs: 60_000,
      now: () => new Date(),
    };
    const runId = '2026-01-05-stalled1';
    await createRun(
      stack.tableName,
      {
        runId,
        date: '2026-01-05',
        trigger: 'api',
        filter: {},
        jobsExpected: 1,
        createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      ['demo-shop#fr'],
    );
    try {
      const failed = await alertRun(runId, deps);
      expect(failed).toMatchObject({
        status: 'delivery_failed',
        deliveries: [{ sink: 'webhook', ok: false, error: 'webhook answered HTTP 503' }],
      });
      expect(answers).toEqual([503, 503]); // one retry on a server error
      answer = 400;
      expect((await alertRun(runId, deps)).deliveries).toEqual([
        { sink: 'webhook', ok: false, error: 'webhook answered HTTP 400' },
      ]);
      expect(answers).toEqual([503, 503, 400]); // a client error is not retried
      answer = 200;
      expect((await alertRun(runId, deps)).status).toBe('sent');
      expect((await alertRun(runId, deps)).status).toBe('already_sent');
      expect(answers).toHaveLength(4);
    } finally {
      flaky.close();
    }
  });

  it('looking for fixes that fails is said in the result, and the run’s alerts go out without it', async () => {
    const runId = '2026-01-06-broken01';
    const date = '2026-01-06';
    await createRun(
      stack.tableName,
      {
        runId,
        date,
        trigger: 'api',
        filter: {},
        jobsExpected: 1,
        createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      ['demo-shop#fr'],
    );
    const broken = {
      site: 'demo-shop',
      market: 'fr',
      page: 'search',
      kind: 'search' as const,
      keyword: 'mascara',
      date,
      runId,
      status: 'selector_miss' as const,
      message: 'Item selector matched nothing',
      pageUrl: 'http://127.0.0.1:9/fr/search?q=mascara',
      summary: null,
      evidence: { html: [`evidence/${date}/demo-shop/fr/search/mascara/${runId}-p1.html.gz`], screenshot: null },
      observedAt: new Date().toISOString(),
    };
    await writeItems([observationItem(broken)], { tableName: stack.tableName });
    const result = await alertRun(runId, {
      tableName: stack.tableName,
      bucketName: stack.bucketName,
      rules: DEFAULT_ALERT_RULES,
      sinks: {},
      runDeadlineMs: 60_000,
      now: () => new Date(),
      fixes: { selectorsOf: () => Promise.reject(new Error('no selector version 999')) },
    });
    expect(result.fixes).toEqual({ found: [], untried: [], error: 'Error: no selector version 999' });
    const alert = result.alerts.find((a) => a.kind === 'selector_broken');
    expect(alert).toMatchObject({ market: 'fr', keyword: 'mascara' });
    expect(alert!.fix).toBeUndefined();
  });

  it('a run id it does not know is reported as such, and nothing is sent', async () => {
    const before = webhook.bodies.length;
    expect(await stack.alertRun('2026-11-23-unknown1')).toMatchObject({
      status: 'unknown_run',
      alerts: [],
      deliveries: [],
    });
    expect(webhook.bodies).toHaveLength(before);
  });

  it('rejects an event it does not understand with a clear message', async () => {
    await expect(stack.functions.alerts.invoke({ hello: 'world' })).rejects.toThrow(
      /expected a scheduled event or \{ "runId": "…" \}/,
    );
  });
});

describe('The roles as deployed', () => {
  itRefusedNoCall(() => stack);
});
