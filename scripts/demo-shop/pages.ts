import { homePlacements, productName, productPrice, type Product, type ShelfTile } from './catalog.ts';
import { formatMoney, type DemoMarket } from './markets.ts';
import { tileMarkup } from './assets/tile-markup.js';
import type { TileView } from './tile-view.ts';

/** HTML of the demo shop's pages. Markup follows what real retailers ship: data-test hooks, badges, lazy parts. */

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#222}header{background:#6b2d5c;color:#fff;padding:12px 20px}
main{padding:20px}ul.results{list-style:none;padding:0;display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.product-tile,.card,.carousel-tile{border:1px solid #ddd;border-radius:6px;padding:10px;display:flex;flex-direction:column;gap:4px}
.badge-sponsored{font-size:11px;color:#a15c00}.tile-brand{color:#666;font-size:13px}.price{font-weight:600}
.hero{display:flex;gap:10px}.hero-slide{flex:1;background:#f3e6ef;padding:30px;border-radius:8px}
.spacer{height:1800px}.carousel{display:flex;gap:10px;min-height:120px}
.cookie-wall{position:fixed;inset:0;background:rgba(0,0,0,.6);display:flex;align-items:center;justify-content:center}
.cookie-wall div{background:#fff;padding:30px;border-radius:8px}`;

export function layout(market: DemoMarket, title: string, body: string): string {
  // Like a real shop: a render-blocking stylesheet with a web font, and a synchronous tag script.
  return `<!doctype html><html lang="${market.lang}"${market.rtl ? ' dir="rtl"' : ''}><head><meta charset="utf-8"><title>${esc(title)} – Demo Beauty</title><style>${STYLE}</style>
<link rel="stylesheet" href="/static/shop.css"><script src="/static/tags.js"></script></head>
<body><header><a href="/${market.id}/" style="color:#fff">Demo Beauty ${market.id.toUpperCase()}</a></header><main>${body}</main></body></html>`;
}

export function tileView(tile: ShelfTile, market: DemoMarket, layoutVersion: TileView['layout']): TileView {
  return {
    sku: tile.product.sku,
    name: productName(tile.product, market),
    brand: tile.product.brand,
    price: formatMoney(productPrice(tile.product, market), market),
    href: `/${market.id}/p/${tile.product.sku}`,
    sponsored: tile.sponsored,
    sponsoredLabel: market.words.sponsored,
    layout: layoutVersion,
  };
}

export function resultsList(views: TileView[], market: DemoMarket): string {
  if (views.length === 0) return `<p class="no-results">${esc(market.words.noResults)}</p>`;
  return `<ul class="results" data-test="results">${views.map(tileMarkup).join('')}</ul>`;
}

/** A results list filled in by the browser from the shop's JSON API, as single-page shops do. */
export function clientRenderedResults(apiUrl: string): string {
  return `<ul class="results" data-test="results" id="results"></ul>
<script type="module">
import { tileMarkup } from '/static/tile-markup.js';
setTimeout(async () => {
  const response = await fetch(${JSON.stringify(apiUrl)});
  const data = await response.json();
  const list = document.getElementById('results');
  if (data.tiles.length === 0) list.outerHTML = '<p class="no-results">' + data.noResults + '</p>';
  else list.innerHTML = data.tiles.map(tileMarkup).join('');
}, 80);
</script>`;
}

export function consentWall(market: DemoMarket): string {
  return `<div class="cookie-wall" id="cookie-wall"><div><p>We value your privacy.</p>
<button id="accept-cookies" onclick="document.cookie='consent=accepted; path=/; max-age=31536000'; location.reload()">${esc(market.words.accept)}</button></div></div>`;
}

export function searchPage(market: DemoMarket, keyword: string, list: string): string {
  return layout(market, keyword, `<h1>“${esc(keyword)}”</h1>${list}`);
}

export function categoryPageHtml(market: DemoMarket, slug: string, list: string, nextHref: string | null): string {
  const next = nextHref
    ? `<nav class="pagination"><a class="next" href="${esc(nextHref)}">${esc(market.words.next)}</a></nav>`
    : '';
  return layout(market, slug, `<h1>${esc(slug)}</h1>${list}${next}`);
}

function heroSlide(product: Product, market: DemoMarket, index: number, layoutVersion: TileView['layout']): string {
  const name = productName(product, market);
  const href = `/${market.id}/p/${product.sku}`;
  if (layoutVersion === 'v2') return `<div class="banner-item"><a href="${href}">${esc(name)}</a></div>`;
  return `<div class="hero-slide" data-slot="${index + 1}"><a href="${href}"><span class="hero-brand">${esc(product.brand)}</span> <span class="hero-title">${esc(name)}</span></a></div>`;
}

/** Home page: hero banner in the HTML, carousel fetched only once it scrolls into view. */
export function homePage(market: DemoMarket, date: string, layoutVersion: TileView['layout']): string {
  const { hero } = homePlacements(market.id, date);
  const heroClass = layoutVersion === 'v2' ? 'banner' : 'hero';
  return layout(
    market,
    'Home',
    `<section class="${heroClass}">${hero.map((p, i) => heroSlide(p, market, i, layoutVersion)).join('')}</section>
<div class="spacer"></div>
<h2>Trending</h2><section class="carousel" id="carousel"></section>
<script type="module">
import { tileMarkup } from '/static/tile-markup.js';
new IntersectionObserver(async (entries, observer) => {
  if (!entries.some((entry) => entry.isIntersecting)) return;
  observer.disconnect();
  const data = await (await fetch('/${market.id}/api/carousel')).json();
  document.getElementById('carousel').innerHTML = data.tiles.map((t) => tileMarkup(t).replace('product-tile', 'product-tile carousel-tile')).join('');
}).observe(document.getElementById('carousel'));
</script>`,
  );
}

export function productPage(market: DemoMarket, product: Product): string {
  return layout(
    market,
    productName(product, market),
    `<h1 class="product-name">${esc(productName(product, market))}</h1>
<p class="product-brand">${esc(product.brand)}</p><p class="price">${esc(formatMoney(productPrice(product, market), market))}</p>`,
  );
}

export const CAPTCHA_PAGE = `<!doctype html><html><head><title>Robot check</title></head><body>
<div class="captcha" id="challenge"><h1>Are you a robot?</h1><p>Type the characters you see.</p></div></body></html>`;

export const SERVER_ERROR_PAGE = '<!doctype html><html><body><h1>500 Internal Server Error</h1></body></html>';
