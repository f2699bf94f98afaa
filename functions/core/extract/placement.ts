import type { CheerioAPI } from 'cheerio';
import type { Fields, PlacementPageSpec } from '../selectors/schema.ts';
import type { Classifier } from './classify.ts';
import { readTile, type FieldContext } from './fields.ts';
import { MAX_TILES_PER_PAGE } from './listing.ts';
import type { ExtractionStatus, PlacementResult, SlotResult } from './types.ts';

/** Reads each named slot (hero, carousel, …) of a home or landing page in page order, every declared field of each item and whether it is sponsored. */
export function extractPlacement(
  $: CheerioAPI,
  page: PlacementPageSpec,
  fallbackFields: Fields | undefined,
  context: FieldContext,
  classify: Classifier,
): PlacementResult {
  const slots: SlotResult[] = [];
  const missingSlots: string[] = [];
  for (const [slot, spec] of Object.entries(page.slots)) {
    const fields = spec.fields ?? page.fields ?? fallbackFields ?? { name: '' };
    const items = $(spec.item)
      .toArray()
      .slice(0, MAX_TILES_PER_PAGE)
      .map((node, index) => {
        const element = $(node);
        const sponsored = spec.sponsored
          ? element.is(spec.sponsored) || element.find(spec.sponsored).length > 0
          : false;
        const tile = readTile(element, fields, context, sponsored);
        const { brand, owner } = classify(tile);
        const { name, url, price, priceText, extra } = tile;
        return { index: index + 1, name, brand, url, owner, price, priceText, sponsored, extra };
      });
    if (items.length === 0 && !spec.optional) missingSlots.push(slot);
    slots.push({ slot, items });
  }
  const status: ExtractionStatus = missingSlots.length > 0 ? 'selector_miss' : 'ok';
  const slotsHeld = slots.flatMap(({ slot, items }) =>
    items
      .filter((item) => item.owner === 'ours')
      .map((item) => ({ slot, index: item.index, name: item.name, brand: item.brand })),
  );
  return { kind: 'placement', status, slots, missingSlots, summary: { slotsHeld } };
}
