import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { alternativesOf, splitFieldShorthand, type FieldSpec, type Fields } from '../selectors/schema.ts';
import { compilePattern } from '../selectors/pattern.ts';
import { parsePrice } from './price.ts';
import type { Tile } from './types.ts';

export interface FieldContext {
  /** The address the HTML came from; relative product links resolve against it. */
  pageUrl: string;
  locale: string;
  currency: string;
}

/**
 * A field value is cut here: names, prices and links are far shorter, and a hostile page cannot
 * make one tile (or the observation holding 60 of them) as large as it likes.
 */
export const MAX_FIELD_CHARS = 2_000;

/** Another field of the same tile, by name (for `{ field, match }` alternatives). */
export type OtherField = (name: string) => string | null;

/**
 * Reads one field inside a tile: the text of the first match or an attribute; of alternatives, the
 * first that gives a value (each narrowed by its own `match`, or by the field's); of a join, every
 * part that has one; then narrowed by `match` and decoded.
 */
export function readField(
  scope: Cheerio<AnyNode>,
  spec: FieldSpec,
  otherField: OtherField = () => null,
): string | null {
  if (typeof spec === 'string') return readOne(scope, spec);
  if (spec.join) {
    const parts = spec.join.map((select) => readOne(scope, select)).filter((part) => part !== null);
    return narrow(parts.length ? parts.join(spec.separator ?? ' ').slice(0, MAX_FIELD_CHARS) : null, spec);
  }
  for (const one of alternativesOf(spec)) {
    const value =
      typeof one === 'string'
        ? narrow(readOne(scope, one), spec)
        : narrow(one.field ? otherField(one.field) : readOne(scope, one.select!), one.match ? one : spec);
    if (value) return value;
  }
  return null;
}

/** A value narrowed by a pattern (its first group, if it has one) and decoded; untouched without one. */
function narrow(value: string | null, by: { match?: string | undefined; decode?: 'url' | undefined }): string | null {
  if (value === null || !by.match) return value;
  const found = compilePattern(by.match).firstMatch(value);
  return found !== null && by.decode === 'url' ? decodeUrl(found) : found;
}

/** One selector's value in a tile: null when the element is absent or its value empty. */
function readOne(scope: Cheerio<AnyNode>, select: string): string | null {
  const { selector, attribute } = splitFieldShorthand(select);
  const element = selector ? scope.find(selector).first() : scope.first();
  if (element.length === 0) return null;
  const raw = attribute ? element.attr(attribute) : textOf(element);
  const value = raw
    ?.slice(0, MAX_FIELD_CHARS * 4)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_FIELD_CHARS);
  return value || null;
}

/** `https%3A%2F%2Fshop…` → `https://shop…`; a value that does not decode is kept as it is. */
function decodeUrl(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Visible text only: scripts and styles inside a tile are not part of a product name. */
function textOf(element: Cheerio<AnyNode>): string {
  const copy = element.clone();
  copy.find('script, style, noscript').remove();
  return copy.text();
}

export function readTile(tile: Cheerio<AnyNode>, fields: Fields, context: FieldContext, sponsored: boolean): Tile {
  const read = tileReader(tile, fields);
  const extra: Record<string, string | null> = {};
  for (const key of Object.keys(fields)) {
    if (key !== 'name' && key !== 'brand' && key !== 'url' && key !== 'price') extra[key] = read(key);
  }
  const priceText = read('price');
  return {
    name: read('name'),
    brand: read('brand'),
    url: absoluteUrl(read('url'), context.pageUrl),
    price: parsePrice(priceText, context.locale, context.currency),
    priceText,
    sponsored,
    extra,
  };
}

/** Each field of one tile read once, by name (a field another one takes its value from is not read twice). */
export function tileReader(tile: Cheerio<AnyNode>, fields: Fields): (name: string) => string | null {
  const values = new Map<string, string | null>();
  const read = (name: string): string | null => {
    const spec = fields[name];
    if (spec === undefined) return null;
    if (!values.has(name)) {
      values.set(name, null); // a loop the schema refuses would read null, not recurse
      values.set(name, readField(tile, spec, read));
    }
    return values.get(name)!;
  };
  return read;
}

export function absoluteUrl(href: string | null, pageUrl: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}
