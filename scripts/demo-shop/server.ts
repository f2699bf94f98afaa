import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { categoryPage, homePlacements, productBySku, searchResults, type ShelfTile } from './catalog.ts';
import { turnsAway } from './bot-defence.ts';
import { FaultSwitches, faultSchema } from './faults.ts';
import { DEMO_MARKETS, type DemoMarket } from './markets.ts';
import {
  CAPTCHA_PAGE,
  SERVER_ERROR_PAGE,
  categoryPageHtml,
  clientRenderedResults,
  consentWall,
  homePage,
  layout,
  productPage,
  resultsList,
  searchPage,
  tileView,
} from './pages.ts';
import type { TileView } from './tile-view.ts';
import { weightAsset, withRealWeight } from './real-weight.ts';

export interface DemoShopOptions {
  port?: number;
  host?: string;
  /** The shop's idea of today (YYYY-MM-DD); rankings follow it. Defaults to the real UTC date. */
  date?: string;
  /** Extra latency on every response, as on the internet. */
  latencyMs?: number;
  /**
   * `real`: pages carry a real retailer's weight of stylesheets, fonts, images and third-party
   * scripts, each with a latency of its own (real-weight.ts). Default `light`: one of each.
   */
  weight?: 'light' | 'real';
}

export interface DemoShop {
  url: string;
  faults: FaultSwitches;
  /** Moves the shop to another day, e.g. to backfill history. */
  setDate(date: string): void;
  date(): string;
  /** Requests served, by path, for tests that care how often a page was fetched. */
  hits: Map<string, number>;
  /** The most requests of one market (the path's first segment, `us`) that were in flight at once. */
  peakInFlight(market: string): number;
  /** When each page of a market (not its API or assets) was asked for, in ms since the epoch. */
  arrivals(market: string): number[];
  close(): Promise<void>;
}

type Respond = (status: number, body: string, type?: string, headers?: Record<string, string>) => void;

/** A local retailer with four markets, consent walls, client-rendered search, lazy carousels and fault switches. */
export async function startDemoShop(options: DemoShopOptions = {}): Promise<DemoShop> {
  const faults = new FaultSwitches();
  const hits = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const peaks = new Map<string, number>();
  const arrived: Array<{ at: number; segment: string; path: string }> = [];
  let today = options.date ?? new Date().toISOString().slice(0, 10);

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`demo shop error: ${(error as Error).message}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://demo.local');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const segment = url.pathname.split('/')[1] ?? '';
    arrived.push({ at: Date.now(), segment, path: url.pathname });
    inFlight.set(segment, (inFlight.get(segment) ?? 0) + 1);
    peaks.set(segment, Math.max(peaks.get(segment) ?? 0, inFlight.get(segment)!));
    response.once('close', () => inFlight.set(segment, inFlight.get(segment)! - 1));
    let hostile = '';
    const respond: Respond = (status, body, type = 'text/html; charset=utf-8', headers = {}) => {
      const page = type.startsWith('text/html');
      const weighed = page && options.weight === 'real' ? withRealWeight(body) : body;
      response
        .writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers })
        .end(hostile && page ? weighed.replace('</body>', `${hostile}</body>`) : weighed);
    };
    if (options.latencyMs) await sleep(options.latencyMs);
    if (url.pathname.startsWith('/weight/')) {
      const asset = await weightAsset(url.pathname, options.latencyMs ?? 0);
      if (!asset) return respond(404, 'not found', 'text/plain');
      response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }).end(asset.body);
      return;
    }
    if (url.pathname === '/__faults') return handleFaultAdmin(request, respond);
    if (url.pathname.startsWith('/static/')) return serveAsset(url.pathname, respond, response);

    const [, marketId = '', ...rest] = url.pathname.split('/');
    const market = DEMO_MARKETS[marketId];
    if (!market) {
      if (url.pathname === '/') return respond(200, marketIndex());
      return respond(404, '<h1>Not found</h1>');
    }
    const active = faults.take(market.id, url.pathname);
    for (const fault of active.filter((f) => f.type === 'slow')) await sleep(fault.delayMs);
    if (active.some((f) => f.type === 'http500')) return respond(500, SERVER_ERROR_PAGE);
    const walled =
      active.find((f) => f.type === 'captcha') ?? active.find((f) => f.type === 'bot' && turnsAway(request, f));
    if (walled) {
      const retryAfter: Record<string, string> =
        walled.retryAfter === undefined ? {} : { 'retry-after': String(walled.retryAfter) };
      return respond(walled.status, CAPTCHA_PAGE, undefined, retryAfter);
    }
    const redirect = active.find((f) => f.type === 'redirect' && f.to);
    if (redirect?.to) {
      response.writeHead(302, { location: redirect.to }).end();
      return;
    }
    const asset = active.find((f) => f.type === 'asset' && f.body !== undefined);
    if (asset) return respond(200, asset.body!, asset.contentType);
    hostile = active.map(hostileHtml).join('');
    const layoutVersion: TileView['layout'] = active.some((f) => f.type === 'layout') ? 'v2' : 'v1';
    const shuffle = active.find((f) => f.type === 'shuffle');
    const order = (tiles: ShelfTile[]) => (shuffle ? shuffledShelf(tiles, shuffle.fired) : tiles);
    return routeMarket(market, `/${rest.join('/')}`, url, request, respond, layoutVersion, order);
  }

  function routeMarket(
    market: DemoMarket,
    path: string,
    url: URL,
    request: IncomingMessage,
    respond: Respond,
    layoutVersion: TileView['layout'],
    order: (tiles: ShelfTile[]) => ShelfTile[],
  ): void {
    const json = (body: unknown) => respond(200, JSON.stringify(body), 'application/json');
    if (path === '/api/search') {
      const keyword = url.searchParams.get('q') ?? '';
      const tiles = order(searchResults(market.id, keyword, today)).map((tile) =>
        tileView(tile, market, layoutVersion),
      );
      return json({ tiles, noResults: market.words.noResults });
    }
    if (path === '/api/carousel') {
      const tiles = homePlacements(market.id, today).carousel.map((product) =>
        tileView({ product, sponsored: false }, market, layoutVersion),
      );
      return json({ tiles });
    }
    if (path.startsWith('/p/')) {
      const product = productBySku(path.slice(3));
      return product
        ? respond(200, productPage(market, product))
        : respond(404, layout(market, 'Not found', '<h1>Not found</h1>'));
    }
    if (market.consentWall && !hasConsent(request)) return respond(200, layout(market, 'Welcome', consentWall(market)));
    if (path === '/' || path === '') return respond(200, homePage(market, today, layoutVersion));
    if (path === market.searchPath) {
      const keyword = url.searchParams.get('q') ?? '';
      const list = market.clientRendered
        ? clientRenderedResults(`/${market.id}/api/search?q=${encodeURIComponent(keyword)}`)
        : resultsList(
            order(searchResults(market.id, keyword, today)).map((tile) => tileView(tile, market, layoutVersion)),
            market,
          );
      return respond(200, searchPage(market, keyword, list));
    }
    if (path.startsWith(`${market.categoryPath}/`)) {
      const slug = path.slice(market.categoryPath.length + 1);
      const pageNumber = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const listing = categoryPage(market.id, slug, today, pageNumber);
      if (!listing) return respond(404, layout(market, 'Not found', '<h1>Not found</h1>'));
      const next =
        pageNumber < listing.pages ? `/${market.id}${market.categoryPath}/${slug}?page=${pageNumber + 1}` : null;
      const list = resultsList(
        listing.tiles.map((tile) => tileView(tile, market, layoutVersion)),
        market,
      );
      return respond(200, categoryPageHtml(market, slug, list, next));
    }
    return respond(404, layout(market, 'Not found', '<h1>Not found</h1>'));
  }

  async function handleFaultAdmin(request: IncomingMessage, respond: Respond): Promise<void> {
    if (request.method === 'DELETE') {
      faults.clear();
      return respond(204, '');
    }
    if (request.method === 'POST') {
      const parsed = faultSchema.safeParse(JSON.parse((await readBody(request)) || '{}'));
      if (!parsed.success) return respond(400, parsed.error.message, 'text/plain');
      faults.add(parsed.data);
      return respond(201, JSON.stringify(faults.list()), 'application/json');
    }
    return respond(200, JSON.stringify(faults.list()), 'application/json');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    arrivals: (market) =>
      arrived
        .filter((entry) => entry.segment === market && !/^\/[^/]+\/api\//.test(entry.path))
        .map((entry) => entry.at),
    hits,
    peakInFlight: (market) => peaks.get(market) ?? 0,
    setDate: (date) => {
      today = date;
    },
    date: () => today,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const TILE_SCRIPT = readFileSync(new URL('./assets/tile-markup.js', import.meta.url), 'utf8');

/**
 * The weight a real shop page carries: product images, a stylesheet with a web font, a tag script.
 * Made up of deterministic bytes; the scraper blocks images, fonts and stylesheets by default.
 */
const FILLER = Buffer.from(Array.from({ length: 48 * 1024 }, (_unused, index) => (index * 7919) % 251));
const SHOP_CSS = `@font-face{font-family:Shop;src:url(/static/shop.woff2) format("woff2");font-display:block}
body{font-family:Shop,system-ui,sans-serif}.tile-image{display:block;background:#f6eef3}
${Array.from({ length: 400 }, (_unused, index) => `.u-${index}{margin:${index % 17}px}`).join('\n')}`;
const TAG_SCRIPT = 'window.dataLayer = window.dataLayer || []; window.dataLayer.push({ event: "page_view" });';

function serveAsset(pathname: string, respond: Respond, response: ServerResponse): void {
  if (pathname === '/static/tile-markup.js') return respond(200, TILE_SCRIPT, 'text/javascript; charset=utf-8');
  if (pathname === '/static/tags.js') return respond(200, TAG_SCRIPT, 'text/javascript; charset=utf-8');
  if (pathname === '/static/shop.css') return respond(200, SHOP_CSS, 'text/css; charset=utf-8');
  const binary =
    pathname === '/static/shop.woff2'
      ? 'font/woff2'
      : /^\/static\/img\/[\w-]+\.jpg$/.test(pathname)
        ? 'image/jpeg'
        : null;
  if (!binary) return respond(404, 'not found', 'text/plain');
  response.writeHead(200, { 'content-type': binary, 'cache-control': 'no-store' }).end(FILLER);
}

/** What a hostile page adds to itself: a beacon to an address, any markup, or a navigation of its own. */
function hostileHtml(fault: ReturnType<FaultSwitches['take']>[number]): string {
  if (fault.type === 'beacon' && fault.to)
    return `<img src="${fault.to}/pixel.gif"><script>fetch(${JSON.stringify(`${fault.to}/exfiltrate`)}).catch(() => {})</script>`;
  if (fault.type === 'inject' && fault.html) return fault.html;
  if (fault.type === 'navigate' && fault.to) {
    return fault.via === 'meta'
      ? `<meta http-equiv="refresh" content="0;url=${fault.to}">`
      : `<script>setTimeout(() => { location.href = ${JSON.stringify(fault.to)}; }, 0)</script>`;
  }
  return '';
}

function hasConsent(request: IncomingMessage): boolean {
  return /(?:^|;\s*)consent=accepted(?:;|$)/.test(request.headers.cookie ?? '');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function marketIndex(): string {
  const links = Object.keys(DEMO_MARKETS)
    .map((id) => `<li><a href="/${id}/">${id.toUpperCase()}</a></li>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Demo Beauty</title></head><body><h1>Demo Beauty</h1><ul>${links}</ul></body></html>`;
}

/** The organic tiles turned by `turn` places (the sponsored ones stay where they are): each request a different shelf. */
export function shuffledShelf(tiles: ShelfTile[], turn: number): ShelfTile[] {
  const organic = tiles.filter((tile) => !tile.sponsored);
  if (organic.length < 2) return tiles;
  const shift = turn % organic.length;
  const turned = [...organic.slice(shift), ...organic.slice(0, shift)];
  return tiles.map((tile) => (tile.sponsored ? tile : turned.shift()!));
}
