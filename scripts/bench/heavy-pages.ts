import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as cheerio from 'cheerio/slim';

/**
 * Pages as heavy as real ones: the saved retailer pages of ../shared/realpages (0.2–1.5 MB of
 * HTML), served locally with every image, stylesheet, font and script they name answered by this
 * server instead of the retailer's (which this machine cannot reach), each with bytes of its kind
 * and a latency of its own. So blocking, parsing and memory are measured where they matter.
 */
export interface HeavyPage {
  name: string;
  url: string;
  /** The tile selector its .meta.json gives: what the page is ready on, and what is counted. */
  readySelector: string;
}

export interface HeavySet {
  pages: HeavyPage[];
  /** Assets the pages name, by kind: how heavy the set is. */
  assets: Record<string, number>;
  close(): Promise<void>;
}

const KINDS = {
  image: { type: 'image/jpeg', bytes: 60_000 },
  stylesheet: { type: 'text/css', bytes: 40_000 },
  font: { type: 'font/woff2', bytes: 45_000 },
  script: { type: 'text/javascript', bytes: 25_000 },
} as const;
type Kind = keyof typeof KINDS;

export async function startHeavySet(realPagesDir: string, latencyMs: number): Promise<HeavySet | null> {
  const names = await readdir(realPagesDir).catch(() => null);
  if (!names) return null;
  const assets: Record<string, number> = { image: 0, stylesheet: 0, font: 0, script: 0 };
  const pages = new Map<string, { html: string; meta: { tile_selector: string } }>();
  let next = 0;
  for (const file of names.filter((name) => name.endsWith('.html')).sort()) {
    const name = file.replace(/\.html$/, '');
    const meta = JSON.parse(await readFile(path.join(realPagesDir, `${name}.meta.json`), 'utf8'));
    const $ = cheerio.load(await readFile(path.join(realPagesDir, file), 'utf8'));
    const local = (kind: Kind) => {
      assets[kind]! += 1;
      return `/asset/${kind}/${next++}`;
    };
    $('img[src], source[srcset]').each((_i, node) => {
      const element = $(node);
      element.attr(element.is('img') ? 'src' : 'srcset', local('image'));
      element.removeAttr('srcset').removeAttr('loading');
    });
    $('link[rel~=stylesheet][href]').each((_i, node) => void $(node).attr('href', local('stylesheet')));
    $('link[rel=preload][as=font][href]').each((_i, node) => void $(node).attr('href', local('font')));
    $('script[src]').each((_i, node) => void $(node).attr('src', local('script')));
    // Each stylesheet brings a font of its own, as web fonts do.
    $('head').append(`<style>@font-face{font-family:heavy;src:url(${local('font')})}body{font-family:heavy}</style>`);
    pages.set(name, { html: $.html(), meta });
  }
  if (pages.size === 0) return null;
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    const asset = /^\/asset\/(\w+)\/(\d+)/.exec(url);
    // Third parties answer slower than the page itself: 1 to 3 × the page's latency.
    const delay = asset ? latencyMs * (1 + (Number(asset[2]) % 3)) : latencyMs;
    void sleep(delay).then(() => {
      if (asset) {
        const kind = KINDS[asset[1] as Kind];
        if (!kind) return response.writeHead(404).end();
        // A script that does a little work, as third-party tags do; the rest bytes of their kind.
        const body =
          asset[1] === 'script'
            ? `(()=>{let s=0;for(let i=0;i<2e5;i++)s+=i%7;window.__heavy=(window.__heavy||0)+s;})();/*${'x'.repeat(kind.bytes)}*/`
            : asset[1] === 'stylesheet'
              ? `${'.x{color:red}'.repeat(kind.bytes / 13)}`
              : Buffer.alloc(kind.bytes, 7);
        return response.writeHead(200, { 'content-type': kind.type, 'cache-control': 'no-store' }).end(body);
      }
      const page = pages.get(url.slice(1).split('?')[0] ?? '');
      if (!page) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    pages: [...pages.entries()].map(([name, { meta }]) => ({
      name,
      url: `${origin}/${name}`,
      readySelector: meta.tile_selector,
    })),
    assets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
