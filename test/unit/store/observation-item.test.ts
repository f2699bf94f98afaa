import { describe, expect, it } from 'vitest';
import type { RankedTile } from '../../../functions/core/extract/types.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { ITEM_BUDGET_BYTES, observationItem } from '../../../functions/core/store/observations/item.ts';

const tile = (index: number, size: number): RankedTile => ({
  name: `${index}-${'n'.repeat(size)}`,
  brand: 'Glowco',
  url: `https://shop.example/p/${'u'.repeat(size)}`,
  price: 9.99,
  priceText: '9,99 €',
  sponsored: false,
  extra: { sku: 'x'.repeat(size) },
  position: index + 1,
  organicRank: index + 1,
  owner: 'competitor',
});
const observation = (tiles: RankedTile[]): Observation => ({
  site: 'shop',
  market: 'fr',
  page: 'search',
  kind: 'search',
  keyword: 'mascara',
  date: '2026-11-23',
  runId: 'r',
  status: 'ok',
  message: null,
  pageUrl: 'https://shop.example/s',
  summary: null,
  tiles,
  evidence: { html: [], screenshot: null },
  observedAt: '2026-11-23T06:00:00.000Z',
});

describe('An observation as stored', () => {
  it('is kept as it is when it fits', () => {
    const item = observationItem(observation([tile(0, 20), tile(1, 20)]));
    expect(item).toMatchObject({
      pk: 'DAY#2026-11-23#shop#fr',
      sk: 'OBS#shop#fr#search#mascara',
      gsi1pk: 'TARGET#shop#fr#search#mascara',
      gsi1sk: '2026-11-23',
      tiles: [expect.anything(), expect.anything()],
      message: null,
    });
    expect(item).not.toHaveProperty('expiresAt');
  });

  it.each([
    [400, '2027-12-28T00:00:00.000Z'],
    [1, '2026-11-24T00:00:00.000Z'],
  ])('with a retention of %i days expires that long after its scan day', (retentionDays, expires) => {
    const item = observationItem(observation([]), { retentionDays });
    expect(new Date((item.expiresAt as number) * 1000).toISOString()).toBe(expires);
  });

  it('with a retention of 0 days is kept forever', () => {
    expect(observationItem(observation([]), { retentionDays: 0 })).not.toHaveProperty('expiresAt');
  });

  it('with giant tiles (a hostile page) keeps fewer tiles, under the item limit, and says so', () => {
    const item = observationItem(observation(Array.from({ length: 60 }, (_u, index) => tile(index, 2_000))));
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThanOrEqual(ITEM_BUDGET_BYTES + 200);
    const kept = (item.tiles as RankedTile[]).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(60);
    expect(item.message).toBe(`only ${kept} of 60 tiles stored: the observation would pass DynamoDB's item size limit`);
  });
});
