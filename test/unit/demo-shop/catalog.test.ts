import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  categoryPage,
  homePlacements,
  productPrice,
  searchResults,
} from '../../../scripts/demo-shop/catalog.ts';
import { DEMO_MARKETS, formatMoney } from '../../../scripts/demo-shop/markets.ts';

const skus = (tiles: Array<{ product: { sku: string } }>) => tiles.map((tile) => tile.product.sku);

describe('Demo shop catalogue', () => {
  it('gives the same results for the same day, and other results another day', () => {
    expect(skus(searchResults('us', 'mascara', '2026-11-23'))).toEqual(
      skus(searchResults('us', 'mascara', '2026-11-23')),
    );
    const week = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'].map((date) =>
      skus(searchResults('us', 'mascara', date)).join(),
    );
    expect(new Set(week).size).toBeGreaterThan(1);
  });

  it('slots sponsored tiles in at positions 1 and 6', () => {
    const tiles = searchResults('fr', 'mascara', '2026-11-23');
    expect(tiles.flatMap((tile, index) => (tile.sponsored ? [index + 1] : []))).toEqual([1, 6]);
    expect(tiles.filter((tile) => !tile.sponsored)).toHaveLength(16);
  });

  it('understands each market’s own keywords', () => {
    expect(searchResults('fr', 'gel sourcils', '2026-11-23').every((tile) => tile.product.concept === 'brow-gel')).toBe(
      true,
    );
    expect(searchResults('de', 'lippenstift', '2026-11-23').every((tile) => tile.product.concept === 'lipstick')).toBe(
      true,
    );
    expect(searchResults('us', 'garden hose', '2026-11-23')).toEqual([]);
  });

  it('spreads a category over two pages', () => {
    const first = categoryPage('us', 'mascara', '2026-11-23', 1)!;
    const second = categoryPage('us', 'mascara', '2026-11-23', 2)!;
    const mascaras = CATALOG.filter((product) => product.concept === 'mascara').length;
    expect(first.pages).toBe(2);
    expect(first.tiles.length + second.tiles.length).toBe(mascaras);
    expect(new Set([...skus(first.tiles), ...skus(second.tiles)]).size).toBe(mascaras);
  });

  it('puts three hero slides and eight carousel tiles on the home page', () => {
    const home = homePlacements('de', '2026-11-23');
    expect(home.hero).toHaveLength(3);
    expect(home.carousel).toHaveLength(8);
  });

  it('formats prices the way each market writes them', () => {
    const coffret = CATALOG.find((product) => product.sku === 'LUM-X1')!;
    const format = (id: string) => formatMoney(productPrice(coffret, DEMO_MARKETS[id]!), DEMO_MARKETS[id]!);
    expect(format('us')).toBe('$1,299.00');
    expect(format('uk')).toBe('£1,026.00');
    expect(format('de')).toBe('1.195,00\u00a0€');
    expect(format('fr')).toBe('1\u202f195,00\u00a0€');
  });
});
