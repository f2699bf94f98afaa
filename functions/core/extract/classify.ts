import { compilePattern } from '../selectors/pattern.ts';
import type { TrackingFile } from '../selectors/schema.ts';

export const OWNERS = ['ours', 'competitor', 'other'] as const;
export type Owner = (typeof OWNERS)[number];

export interface Attribution {
  /** The canonical brand name, or null when neither the tile nor its name says. */
  brand: string | null;
  owner: Owner;
}

export interface TileIdentity {
  name: string | null;
  brand: string | null;
  url: string | null;
}

/** Decides whose a tile is: by its brand text, else the brand its name starts with, else product patterns. */
export type Classifier = (tile: TileIdentity) => Attribution;

interface KnownBrand {
  canonical: string;
  owner: Owner;
  key: string;
}

/** Case, accents and punctuation do not make a different brand: "LUMIERE" is "Lumière". */
export function brandKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function createClassifier(tracking: TrackingFile | null): Classifier {
  const known: KnownBrand[] = [];
  const add = (owner: Owner, brands: Record<string, string[]>) => {
    for (const [canonical, aliases] of Object.entries(brands)) {
      for (const name of [canonical, ...aliases]) known.push({ canonical, owner, key: brandKey(name) });
    }
  };
  add('ours', tracking?.ours.brands ?? {});
  add('competitor', tracking?.competitors ?? {});
  // Longest first, so "Lumière Paris" wins over "Lumière" when a name starts with both.
  known.sort((a, b) => b.key.length - a.key.length);
  const byKey = new Map(known.map((brand) => [brand.key, brand]));
  const firstOurBrand = Object.keys(tracking?.ours.brands ?? {})[0] ?? null;
  const productMatchers = (tracking?.ours.products ?? []).map((product) => ({
    brand: product.brand ?? firstOurBrand,
    name: product.namePattern ? compilePattern(product.namePattern) : null,
    url: product.urlPattern ? compilePattern(product.urlPattern) : null,
  }));

  return (tile) => {
    const named = tile.brand ? byKey.get(brandKey(tile.brand)) : undefined;
    const inferred = named ?? (tile.brand ? undefined : brandAtStart(tile.name, known));
    const attribution: Attribution = inferred
      ? { brand: inferred.canonical, owner: inferred.owner }
      : { brand: tile.brand?.trim() || null, owner: 'other' };
    if (attribution.owner !== 'other') return attribution;
    const product = productMatchers.find(
      (matcher) =>
        (matcher.name && tile.name && matcher.name.test(tile.name)) ||
        (matcher.url && tile.url && matcher.url.test(tile.url)),
    );
    return product ? { brand: attribution.brand ?? product.brand, owner: 'ours' } : attribution;
  };
}

function brandAtStart(name: string | null, known: KnownBrand[]): KnownBrand | undefined {
  if (!name) return undefined;
  const key = brandKey(name);
  return known.find((brand) => key === brand.key || key.startsWith(`${brand.key} `));
}
