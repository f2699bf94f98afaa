import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../../functions/core/aws/s3.ts';
import { getEvidence } from '../../../functions/api/evidence-route.ts';
import type { HttpEvent } from '../../../functions/core/http/event.ts';
import { evidencePath } from '../../../functions/core/evidence/links.ts';
import { createShare } from '../../../functions/core/shares/share-links.ts';
import type { Scorecard } from '../../../functions/core/scorecard/types.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { startLocalStack, type LocalStack } from '../../../scripts/local/stack.ts';
import { shelfwatch } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { scheduledScan } from '../../support/scan.ts';
import { bearer } from '../../support/sign-in.ts';
import { itRefusedNoCall } from '../../support/iam-refusals.ts';

/**
 * The app's own routes beyond the day's pages, through the local stack's HTTP API with real
 * tokens: evidence links, the history export, and share links (made by an administrator, read by
 * anyone holding one, until revoked or expired).
 */
const [DAY_1, DAY_2, DAY_3] = ['2026-11-21', '2026-11-22', '2026-11-23'];
const READER = { email: 'reader@shelfwatch.local', password: 'reader-password-1', groups: [] };

let dir: string;
let shop: DemoShop;
let stack: LocalStack;
let stackOpen = false;
let card: Scorecard;
let readerToken: string;

const get = async (route: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.http.url}${route}`, { headers: { ...(await bearer(stack)), ...headers }, redirect: 'manual' });
const post = async (route: string, form: Record<string, string>, token?: string) =>
  fetch(`${stack.http.url}${route}`, {
    method: 'POST',
    headers: {
      authorization: token ? `Bearer ${token}` : (await bearer(stack)).authorization,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
function rawGet(route: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(stack.http.url);
    request({ host: url.hostname, port: url.port, path: route, headers: { authorization } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}
const csvLines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-app-'));
  shop = await startDemoShop({ date: DAY_1 });
  stack = await startLocalStack({
    rootDir: REPO_ROOT,
    dataDir: path.join(dir, 'data'),
    siteOrigins: { 'demo-shop': shop.url },
    users: [READER],
  });
  stackOpen = true;
  for (const day of [DAY_1, DAY_2, DAY_3]) await stack.alertRun(await scheduledScan(stack, shop, day));
  card = (await (await get(`/scorecards/${DAY_3}`)).json()) as Scorecard;
  readerToken = await stack.signIn(READER);
}, 300_000);

afterAll(async () => {
  if (stackOpen) await stack?.close();
  await shop?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('evidence links', () => {
  const fr = () => card.targets.find((t) => t.market === 'fr')!.search[0]!;

  it('a screenshot link checks the session, then redirects to a fresh presigned URL of the JPEG', async () => {
    const link = evidencePath(fr().evidence.screenshot!);
    const refused = await fetch(`${stack.http.url}${link}`, { redirect: 'manual' });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('X-Amz');
    const answer = await get(link);
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    const image = await fetch(location);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });

  it('an archived page is served so that its markup cannot run script on our origin (CSP sandbox)', async () => {
    const answer = await get(evidencePath(fr().evidence.html!));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = answer.headers.get('content-security-policy')!;
    expect(csp.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining(['sandbox', "default-src 'none'", "frame-ancestors 'none'"]),
    );
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('allow-scripts');
    expect(csp).not.toContain('allow-same-origin');
    const html = await answer.text();
    expect(html).toMatch(/^<!-- archived by shelfwatch from http:\/\/127\.0\.0\.1:\d+\/fr\//);
    expect(html).toContain('data-test="product-tile"');
  });

  describe('an archived page larger than one Lambda response (6 MB, as its JSON counts it)', () => {
    const archive = async (name: string, html: string, metadata: Record<string, string> = {}) => {
      const key = `evidence/${DAY_3}/demo-shop/fr/${name}.html.gz`;
      await s3().send(
        new PutObjectCommand({
          Bucket: stack.bucketName,
          Key: key,
          Body: gzipSync(html),
          ContentType: 'text/html; charset=utf-8',
          ContentEncoding: 'gzip',
          Metadata: { url: 'https://shop.example/fr/', ...metadata },
        }),
      );
      return `/evidence/${key.slice('evidence/'.length)}`;
    };
    // 8 MB of markup, most of it quotes: over the quota as it is, small gzipped.
    const quoted = '<main>' + '<div class="tile" data-x="1">"x"</div>\n'.repeat(200_000) + '</main>';

    it('is served gzipped to a browser, the whole page, sandboxed', async () => {
      const route = await archive('large-quoted', quoted, { 'content-bytes': String(Buffer.byteLength(quoted)) });
      const answer = await get(route, { 'accept-encoding': 'gzip' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-encoding')).toBe('gzip');
      expect(answer.headers.get('content-security-policy')).toContain('sandbox');
      expect((await answer.text()).endsWith(quoted)).toBe(true);
    });

    it('is a download from S3 for a client that takes no gzip (it used to be a bare 500)', async () => {
      // Under 6 MB as bytes, over it once its quotes are escaped: stored before sizes were kept.
      const page = '"'.repeat(3_500_000);
      const route = await archive('quotes-no-size', page);
      const answer = await get(route, { 'accept-encoding': 'identity' });
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toMatch(/X-Amz-Signature=/);
    });

    it('is a download without being read when its size says it is far too large', async () => {
      const route = await archive('said-huge', '<p>small body, large size said</p>', {
        'content-bytes': String(64 * 1024 * 1024),
      });
      const answer = await get(route, { 'accept-encoding': 'gzip' });
      expect(answer.status).toBe(302);
    });
  });

  it.each([
    `${DAY_3}/../../scorecards/${DAY_3}/summary.json`,
    `${DAY_3}/./x.jpg`,
    `${DAY_3}/demo-shop/..`,
    `${DAY_3}\\..\\x.jpg`,
  ])('a key with dot segments that reached the handler decoded is refused before S3 is asked: %s', async (key) => {
    const event = { pathParameters: { key } } as unknown as HttpEvent;
    await expect(getEvidence(event, 'no-such-bucket')).rejects.toMatchObject({ statusCode: 400 });
  });

  it.each([
    ['a path out of the evidence', '/evidence/..%2Fscorecards%2F2026-11-23%2Fsummary.json', 400],
    ['an empty segment', `/evidence/${DAY_3}//x.jpg`, 400],
    ['another kind of object', `/evidence/${DAY_3}/notes.txt`, 400],
    ['no date folder', '/evidence/x.jpg', 400],
    ['an object that is not there', `/evidence/${DAY_3}/demo-shop/fr/nothing.jpg`, 404],
  ])('%s is refused with a clear status: %s', async (_what, route, status) => {
    // Sent as written: fetch would resolve the dot segments before they reach the API.
    const answer = await rawGet(route, (await bearer(stack)).authorization);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).error).toMatch(/evidence/);
  });
});

describe('GET /history', () => {
  it('without a range, a browser gets the form that asks for one', async () => {
    const answer = await get('/history', { accept: 'text/html' });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('<form');
    expect(html).toMatch(/name="from"[^>]*type="date"|type="date"[^>]*name="from"/);
  });

  it('exports a range as one CSV: the daily columns plus #1, every brand’s share and evidence links that open', async () => {
    const answer = await get(`/history?from=${DAY_1}&to=${DAY_3}&market=fr`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe(
      `attachment; filename="shelfwatch-${DAY_1}-to-${DAY_3}-fr.csv"`,
    );
    const [header, ...rows] = csvLines(await answer.text());
    const daily = csvLines(await (await get(`/scorecards/${DAY_3}?format=csv&market=fr`)).text())[0]!;
    expect(header!.startsWith(`${daily},`)).toBe(true);
    expect(header).toContain('top_tile_brand,top_tile_owner,top_tile_name,share_by_brand,screenshot_link');
    // Three days of the fr market's five pages.
    expect(rows).toHaveLength(3 * 5);
    expect(rows.map((row) => row.slice(0, 10))).toEqual([
      ...Array(5).fill(DAY_1),
      ...Array(5).fill(DAY_2),
      ...Array(5).fill(DAY_3),
    ]);
    const link = rows.at(-1)!.match(/(http:\/\/127\.0\.0\.1:\d+\/evidence\/[^,]+\.jpg)/)![1]!;
    expect(link.startsWith(`${stack.http.url}/evidence/${DAY_3}/`)).toBe(true);
    expect((await fetch(link, { headers: await bearer(stack) })).headers.get('content-type')).toBe('image/jpeg');
  });

  it('bom=1 starts the file with a byte-order mark; json has the same days', async () => {
    const bom = await (await get(`/history?from=${DAY_2}&to=${DAY_3}&bom=1`)).arrayBuffer();
    expect([...new Uint8Array(bom).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const json = (await (await get(`/history?from=${DAY_2}&to=${DAY_3}&format=json`)).json()) as {
      days: Scorecard[];
    };
    expect(json.days.map((day) => [day.date, day.targets.length])).toEqual([
      [DAY_2, 4],
      [DAY_3, 4],
    ]);
    expect(json.days[1]!.pages).toBe(card.pages);
  });

  it.each([
    ['a range backwards', `from=${DAY_3}&to=${DAY_1}`, /after/],
    ['more than a year', `from=2025-01-01&to=${DAY_3}`, /at most 366 days/],
    ['an unknown site', `from=${DAY_1}&site=nope`, /unknown site "nope"/],
    ['an unknown format', `from=${DAY_1}&format=xlsx`, /expected csv or json/],
    ['a date that is not one', `from=2026-02-30`, /from/],
    ['an unknown parameter', `from=${DAY_1}&colour=red`, /colour/],
  ])('%s is refused with 400 and says why', async (_what, query, message) => {
    const answer = await get(`/history?${query}`);
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatch(message);
  });
});

describe('share links', () => {
  const makeShare = async (form: Record<string, string>, token?: string) => {
    const answer = await post('/shares', { date: DAY_3, days: '7', ...form }, token);
    const html = await answer.text();
    return { answer, html, link: html.match(/(http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{32})/)?.[1] };
  };

  it('an administrator makes a link to the summary; anyone with it reads the page, and nothing else', async () => {
    const { answer, link } = await makeShare({});
    expect(answer.status).toBe(200);
    expect(link).toBeDefined();
    const shared = await fetch(link!);
    expect(shared.status).toBe(200);
    const html = await shared.text();
    expect(html).toContain('<h1>Digital shelf summary');
    expect(html).toContain('A read-only view shared with you, until');
    // Read-only: no links into the app, no forms, no evidence.
    expect(html).not.toMatch(/href="\/(scorecards|history|shares|evidence)/);
    expect(html).not.toContain('<form');
    // The secret opens that page only: the app stays closed to its holder.
    expect((await fetch(`${stack.http.url}/scorecards/${DAY_3}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('a market page shared has its figures but no evidence links', async () => {
    const { link } = await makeShare({ site: 'demo-shop', market: 'uk' });
    const html = await (await fetch(link!)).text();
    expect(html).toContain('<h1>demo-shop · UK');
    expect(html).toContain('“mascara”');
    expect(html).not.toMatch(/href="\/(scorecards|history|shares|evidence)/);
    expect(html).not.toContain('>screenshot<');
  });

  it('is listed, and once revoked shows a plain page saying so, with none of the data', async () => {
    const { link } = await makeShare({});
    const ref = (await (await get('/shares')).text()).match(/action="\/shares\/([\w-]{32})\/revoke"/g);
    expect(ref?.length).toBeGreaterThanOrEqual(1);
    const list = await (await get('/shares')).text();
    expect(list).toContain('demo@shelfwatch.local');
    // Revoke the newest (first listed).
    const id = list.match(/action="\/shares\/([\w-]{32})\/revoke"/)![1]!;
    const revoked = await post(`/shares/${id}/revoke`, {});
    expect(revoked.status).toBe(302);
    const gone = await fetch(link!);
    expect(gone.status).toBe(410);
    const html = await gone.text();
    expect(html).toMatch(/revoked/i);
    expect(html).not.toContain('share of search');
  });

  it('an expired link and an unknown one say so, with none of the data', async () => {
    const { secret } = await createShare(stack.tableName, {
      scope: { kind: 'summary', date: DAY_3 },
      days: 1,
      createdBy: 'test',
      now: new Date(Date.now() - 2 * 86_400_000),
    });
    const expired = await fetch(`${stack.http.url}/s/${secret}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/i);
    const unknown = await fetch(`${stack.http.url}/s/${'x'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('share of search');
  });

  it('a user who is not an administrator can read pages but not make, list or revoke links (403)', async () => {
    expect(
      (await fetch(`${stack.http.url}/scorecards/${DAY_3}`, { headers: { authorization: `Bearer ${readerToken}` } }))
        .status,
    ).toBe(200);
    expect((await makeShare({}, readerToken)).answer.status).toBe(403);
    expect(
      (await fetch(`${stack.http.url}/shares`, { headers: { authorization: `Bearer ${readerToken}` } })).status,
    ).toBe(403);
    expect((await post(`/shares/${'a'.repeat(32)}/revoke`, {}, readerToken)).status).toBe(403);
  });

  it.each([
    ['no expiry', { days: '' }],
    ['too long', { days: '365' }],
    ['a market without a selector file', { site: 'demo-shop', market: 'xx' }],
    ['a date that is not one', { date: 'yesterday' }],
    ['an unknown field', { colour: 'red' }],
  ])('%s is refused with 400', async (_what, form) => {
    expect((await makeShare(form)).answer.status).toBe(400);
  });
});

// Before the export test, which stops the stack to read the data folder itself.
describe('The roles as deployed', () => {
  itRefusedNoCall(() => stack);
});

describe('shelfwatch export', () => {
  it('writes the same file from the data folder, its evidence links on the app the stack last served on, with a progress line on standard error', async () => {
    const fromApi = await (await get(`/history?from=${DAY_1}&to=${DAY_3}&site=demo-shop`)).text();
    await stack.close();
    stackOpen = false;
    const out = path.join(dir, 'export.csv');
    const run = await shelfwatch(
      ...['export', '--from', DAY_1, '--to', DAY_3, '--site', 'demo-shop', '--out', out],
      ...['--data', path.join(dir, 'data')],
    );
    // Not npm start's usual port: the address this stack served on (a random one here).
    expect(fromApi).toContain(`${stack.http.url}/evidence/`);
    expect(run.stderr).toContain(
      `exported 3 scanned days (12 site × market views) from ${DAY_1} to ${DAY_3} to ${out}`,
    );
    expect(run.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(fromApi);
    const bad = await shelfwatch('export', '--from', DAY_3, '--to', DAY_1, '--data', path.join(dir, 'data'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--from ${DAY_3} is after --to ${DAY_1}`);
  });
});
