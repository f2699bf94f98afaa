import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The demo shop's pages with the weight a real retailer's carry (`weight: 'real'`): the page's own
 * stylesheets and web fonts, a hero banner, nav and footer images beside each tile's image, and
 * the third parties every shop embeds (a consent manager and an A/B test in the head, in the way
 * of the parser; tag manager, analytics, reviews, ads and a chat widget async or deferred), each
 * answering 1 to 3 × the shop's latency and doing some work, as third-party tags do. The counts
 * are about an average saved retailer page's (../shared/realpages: 61 images, 13 stylesheets,
 * 22 scripts), with a mega menu and the inline state a shop's front end boots from, so the HTML
 * is a real page's size too (about 120 KB). Nothing a script does touches the tiles, so the
 * figures read the same either way.
 */
export const WEIGHT = {
  stylesheets: 12,
  fonts: 3,
  /** Beside the tiles' own images. */
  images: 40,
  headScripts: 2,
  asyncScripts: 18,
  /** Links of the mega menu every shop's header carries. */
  menuLinks: 400,
  /** Entries of inline state (the JSON a shop's front end boots from): about 100 KB. */
  stateEntries: 3_000,
} as const;

const THIRD_PARTIES = ['consent', 'abtest', 'tags', 'analytics', 'reviews', 'ads', 'chat'] as const;

/** Bytes of each kind (what a gzip'd real asset of its kind weighs, about). */
const BYTES = { css: 30_000, font: 45_000, img: 35_000, js: 25_000 } as const;

/** The page's HTML with its weight added: stylesheets and blocking scripts in the head, images and async scripts in the body. */
export function withRealWeight(html: string): string {
  const stylesheets = Array.from(
    { length: WEIGHT.stylesheets },
    (_u, i) => `<link rel="stylesheet" href="/weight/shop/css/${i}.css">`,
  );
  const preloads = Array.from(
    { length: WEIGHT.fonts },
    (_u, i) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="/weight/shop/font/${i}.woff2">`,
  );
  const headScripts = THIRD_PARTIES.slice(0, WEIGHT.headScripts).map(
    (vendor, i) => `<script src="/weight/${vendor}/js/${i}.js"></script>`,
  );
  const asyncScripts = Array.from({ length: WEIGHT.asyncScripts }, (_u, i) => {
    const vendor = THIRD_PARTIES[WEIGHT.headScripts + (i % (THIRD_PARTIES.length - WEIGHT.headScripts))]!;
    return `<script ${i % 3 === 0 ? 'defer' : 'async'} src="/weight/${vendor}/js/${WEIGHT.headScripts + i}.js"></script>`;
  });
  const images = Array.from(
    { length: WEIGHT.images },
    (_u, i) =>
      `<img src="/weight/${i < 3 ? 'shop' : 'ads'}/img/${i}.jpg" width="${i < 3 ? 1200 : 64}" height="${i < 3 ? 400 : 64}" alt="">`,
  );
  const hero = `<section class="weight-hero">${images.slice(0, 3).join('')}</section>`;
  const footer = `<footer class="weight-footer">${images.slice(3).join('')}</footer>`;
  const menu = `<nav class="weight-menu">${Array.from({ length: WEIGHT.menuLinks }, (_u, i) => `<a href="#menu-${i}">Department ${i}</a>`).join('')}</nav>`;
  const state = `<script type="application/json" id="weight-state">${JSON.stringify({
    filler: Array.from({ length: WEIGHT.stateEntries }, (_u, i) => ({ id: i, facet: `facet-${i % 97}` })),
  })}</script>`;
  return html
    .replace('</head>', `${preloads.join('')}${stylesheets.join('')}${headScripts.join('')}</head>`)
    .replace('<main>', `${menu}${hero}<main>`)
    .replace('</body>', `${footer}${state}${asyncScripts.join('')}</body>`);
}

/** Serves `/weight/<vendor>/<kind>/<n>`: undefined for any other path. */
export async function weightAsset(
  pathname: string,
  latencyMs: number,
): Promise<{ type: string; body: string | Buffer } | undefined> {
  const match = /^\/weight\/(\w+)\/(css|font|img|js)\/(\d+)\.\w+$/.exec(pathname);
  if (!match) return undefined;
  const [, vendor = '', kind = 'js', n = '0'] = match;
  // The shop's own assets answer in the shop's latency; third parties in 1 to 3 × it.
  const delay = vendor === 'shop' ? 0 : latencyMs * (Number(n) % 3);
  if (delay) await sleep(delay);
  if (kind === 'css') {
    const font =
      Number(n) < WEIGHT.fonts
        ? `@font-face{font-family:w${n};src:url(/weight/shop/font/${n}.woff2)}h1,h2,.tile-name{font-family:w${n},system-ui}`
        : '';
    const rules = Array.from({ length: BYTES.css / 30 }, (_u, i) => `.w${n}-${i}{padding:${i % 9}px}`).join('');
    return { type: 'text/css; charset=utf-8', body: `${font}${rules}` };
  }
  if (kind === 'js') return { type: 'text/javascript; charset=utf-8', body: thirdPartyScript(vendor, Number(n)) };
  return {
    type: kind === 'font' ? 'font/woff2' : 'image/jpeg',
    body: Buffer.alloc(BYTES[kind as 'font' | 'img'], Number(n) % 251),
  };
}

/** What a tag does: parse its bytes, work a little on the main thread, leave a mark outside the tiles. */
function thirdPartyScript(vendor: string, n: number): string {
  return `(()=>{let s=0;for(let i=0;i<2e5;i++)s+=i%7;window.__weight=(window.__weight||0)+s;
document.addEventListener('DOMContentLoaded',()=>{const d=document.createElement('div');d.hidden=true;d.dataset.vendor=${JSON.stringify(vendor)};document.body.appendChild(d);});
window.dataLayer=window.dataLayer||[];window.dataLayer.push({event:${JSON.stringify(`${vendor}_${n}`)}});})();
/*${'x'.repeat(BYTES.js)}*/`;
}
