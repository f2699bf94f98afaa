import type { CheerioAPI } from 'cheerio';
import { readField, tileReader } from '../extract/fields.ts';
import { parsePrice } from '../extract/price.ts';
import { fieldSpec, type Fields, type FieldSpec } from '../selectors/schema.ts';
import { fieldCandidates } from './candidate-selectors.ts';
import { normalise, type FoundTile } from './find-tiles.ts';
import { CHECKED_FIELDS, sameBrand, type CheckedField } from './known-values.ts';

export { CHECKED_FIELDS, type CheckedField };

export interface Context {
  pageUrl: string;
  locale: string;
  currency: string;
}

/**
 * For each field a fix can check against the known products (name, link, price): the file's own
 * selector when it still reads the known value in most found tiles (the smallest change), else
 * the first derived one that does. A field that cannot be checked or mended is left as it is,
 * and named. Pure.
 */
export function chooseFields(
  $: CheerioAPI,
  found: FoundTile[],
  fields: Fields,
  context: Context,
): { fields: Fields; changed: CheckedField[]; unmended: CheckedField[] } {
  const chosen: Fields = { ...fields };
  const changed: CheckedField[] = [];
  const unmended: CheckedField[] = [];
  for (const field of CHECKED_FIELDS) {
    const old = fields[field];
    if (old === undefined) continue;
    const checkable = found.filter((entry) => knownValue(entry, field) !== null);
    if (checkable.length < 2) continue;
    if (agreement($, checkable, old, field, context, chosen) >= 0.8) continue;
    // The one that agrees on the most tiles (in the order offered: stable names first).
    let better: FieldSpec | undefined;
    let best = 0.8;
    for (const spec of fieldCandidates($, checkable, field, context).map((selector) => fieldSpec.parse(selector))) {
      const share = agreement($, checkable, spec, field, context, chosen);
      if (share > best || (better === undefined && share >= best)) [better, best] = [spec, share];
      if (best === 1) break;
    }
    if (better === undefined) {
      unmended.push(field);
      continue;
    }
    chosen[field] = better;
    changed.push(field);
  }
  return { fields: chosen, changed, unmended };
}

/** The share of tiles where a field reads its known value. */
export function agreement(
  $: CheerioAPI,
  found: FoundTile[],
  spec: FieldSpec,
  field: CheckedField,
  context: Context,
  fields: Fields = { name: '' },
): number {
  if (found.length === 0) return 0;
  const agreeing = found.filter((entry) => {
    // A `{ field: name }` alternative reads the tile's other fields as the file has them.
    const value = readField($(entry.tile), spec, tileReader($(entry.tile), fields));
    return value !== null && sameValue(value, entry, field, context);
  });
  return agreeing.length / found.length;
}

function knownValue(entry: FoundTile, field: CheckedField): string | number | null {
  if (field === 'brand') return entry.known.brand ?? null;
  return field === 'name' ? entry.known.name : field === 'url' ? entry.known.url : entry.known.price;
}

function sameValue(value: string, entry: FoundTile, field: CheckedField, context: Context): boolean {
  if (field === 'name') return normalise(value) === normalise(entry.known.name);
  if (field === 'brand') return sameBrand(value, entry.known.brand ?? '');
  if (field === 'price') return parsePrice(value, context.locale, context.currency) === entry.known.price;
  try {
    const read = new URL(value, context.pageUrl);
    const known = new URL(entry.known.url!, context.pageUrl);
    return read.pathname.replace(/\/$/, '') === known.pathname.replace(/\/$/, '');
  } catch {
    return false;
  }
}
