import { siteFileSchema, type SiteFile } from '../../functions/core/selectors/schema.ts';

/** A selector file of the made-up shop the unit tests read (fr, euros), parsed as the loader parses one. */
export function shopSite(over: Record<string, unknown>): SiteFile {
  return siteFileSchema.parse({
    site: 'shop',
    market: 'fr',
    baseUrl: 'https://shop.example/fr',
    locale: 'fr-FR',
    currency: 'EUR',
    ...over,
  });
}

/** Its search page: tiles `.tile`, sponsored `.ad`, "no results" `.empty`. */
export const SHOP_SEARCH = {
  kind: 'search',
  url: '/s?q={keyword}',
  keywords: ['mascara'],
  item: '.tile',
  sponsored: '.ad',
  noResults: '.empty',
} as const;
