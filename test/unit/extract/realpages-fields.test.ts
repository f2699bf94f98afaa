import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { extractPage } from '../../../functions/core/extract/extract.ts';
import type { ListingResult, PlacementResult } from '../../../functions/core/extract/types.ts';
import { parseSiteFile, parseTrackingFile } from '../../../functions/core/selectors/load.ts';
import { FIXTURES_DIR, HAVE_REALPAGES, REALPAGES_DIR } from '../../support/paths.ts';

/**
 * The selector-file field forms on real retailer pages, each written as a maintainer would from
 * the page: click-tracking links decoded, a was price kept apart from the price paid, a name
 * joined from two elements, an empty attribute passed over, slot items with their prices.
 */
if (!HAVE_REALPAGES)
  console.warn(`no real retailer pages at ${REALPAGES_DIR}: the field-form checks on them are skipped`);

const tracking = parseTrackingFile(
  'tracking.yaml',
  readFileSync(path.join(FIXTURES_DIR, 'realpages/tracking.yaml'), 'utf8'),
).tracking;

/** The fixture's selector file with its first page's fields replaced, extracted from the saved page. */
function extractWith(name: string, change: (file: Record<string, any>) => void) {
  const file = parse(readFileSync(path.join(FIXTURES_DIR, `realpages/${name}.yaml`), 'utf8'));
  change(file);
  const { site, problems } = parseSiteFile(name, stringify(file));
  if (!site) throw new Error(problems.map((p) => p.message).join('\n'));
  const html = readFileSync(path.join(REALPAGES_DIR, `${name}.html`), 'utf8');
  return extractPage({ html, pageUrl: site.baseUrl, site, page: site.pages[0]!, classify: createClassifier(tracking) });
}

describe.skipIf(!HAVE_REALPAGES)('Field forms on real retailer pages', () => {
  it('amazon-us: a sponsored tile’s click-tracking link decodes to its product’s own address', () => {
    const result = extractWith('amazon-us_search_keyboard', (file) => {
      file.pages[0].fields.target = { select: 'a.a-link-normal@href', match: '[?&]url=([^&]+)', decode: 'url' };
    }) as ListingResult;
    const sponsored = result.tiles.filter((tile) => tile.sponsored);
    expect(sponsored).toHaveLength(6);
    for (const tile of sponsored) {
      expect(tile.url).toMatch(/\/sspa\/click\?/);
      expect(tile.extra.target).toMatch(new RegExp(`^/[^?]*/dp/${tile.extra.asin}(/|$)`));
    }
    // An organic tile links to its product directly: no tracking parameter to decode.
    expect(result.tiles.find((tile) => !tile.sponsored)!.extra.target).toBeNull();
  });

  it('amazon-us: the price paid and the struck-out list price, each its own field', () => {
    const result = extractWith('amazon-us_search_keyboard', (file) => {
      file.pages[0].fields.price = { select: ['.a-price:not(.a-text-price) .a-offscreen', '.a-price .a-offscreen'] };
      file.pages[0].fields.was = '.a-text-price .a-offscreen';
    }) as ListingResult;
    expect(result.tiles).toHaveLength(22);
    const reduced = result.tiles.filter((tile) => tile.extra.was !== null);
    expect(reduced).toHaveLength(14);
    expect(result.tiles[4]).toMatchObject({ price: 9.99, extra: expect.objectContaining({ was: '$14.99' }) });
    for (const tile of reduced) expect(tile.price!).toBeLessThan(Number(tile.extra.was!.replace(/[$,]/g, '')));
    expect(result.summary.doublePriceTiles).toBe(0);
  });

  it('amazon-us: a price field over the whole price block holds two amounts on the reduced tiles, and is counted', () => {
    const result = extractWith('amazon-us_search_keyboard', (file) => {
      file.pages[0].fields.price = '[data-cy="price-recipe"]';
    }) as ListingResult;
    expect(result.summary.doublePriceTiles).toBeGreaterThanOrEqual(10);
  });

  it('rakuten-de: slot items joined from brand and name, an empty alt passed over, prices parsed with the locale', () => {
    const result = extractWith('rakuten-de_home', (file) => {
      file.pages[0].slots.deals.fields = {
        name: { select: ['img.christmas-info-rsp@alt', '.herodeal-name'] },
        title: { join: ['.herodeal-brand', '.herodeal-name'], separator: ' · ' },
        brand: '.herodeal-brand',
        price: '.herodeal-price',
      };
    }) as PlacementResult;
    expect(result.status).toBe('ok');
    const items = result.slots[0]!.items;
    expect(items).toHaveLength(36);
    expect(items[0]).toMatchObject({
      name: 'Herakles-5G Powermixer 1500W rot',
      price: 139.9,
      extra: { title: 'KLARSTEIN · Herakles-5G Powermixer 1500W rot' },
    });
    expect(items[1]).toMatchObject({ brand: 'WMF', price: 179, owner: 'ours' });
    expect(items.every((item) => item.name && item.name.length > 3)).toBe(true);
  });
});
