// The demo shop's product tile. Plain JavaScript on purpose: the server renders it for server-side
// markets and the browser loads this very file for client-rendered ones, so both produce the same tiles.

/** @param {import('../tile-view.ts').TileView} tile */
export function tileMarkup(tile) {
  const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  if (tile.layout === 'v2') {
    // The redesign a fault switch rolls out: every class name changes, so selectors miss.
    return `<div class="card" data-qa="product-card" data-sku="${esc(tile.sku)}">${tile.sponsored ? `<em class="ad-label">${esc(tile.sponsoredLabel)}</em>` : ''}<a class="card-link" href="${esc(tile.href)}"><b class="card-title">${esc(tile.name)}</b></a><i class="card-maker">${esc(tile.brand)}</i><span class="card-cost">${esc(tile.price)}</span></div>`;
  }
  return `<li class="product-tile" data-test="product-tile" data-sku="${esc(tile.sku)}">${tile.sponsored ? `<span class="badge-sponsored">${esc(tile.sponsoredLabel)}</span>` : ''}<a class="tile-link" href="${esc(tile.href)}"><img class="tile-image" src="/static/img/${esc(tile.sku)}.jpg" width="160" height="160" alt=""><span class="tile-name">${esc(tile.name)}</span></a><span class="tile-brand">${esc(tile.brand)}</span><span class="price">${esc(tile.price)}</span></li>`;
}
