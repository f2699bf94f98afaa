import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { splitFieldShorthand, type FieldSpec, type Fields } from '../selectors/schema.ts';
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

/**
 * Reads one field inside a tile: the text of the first match or an attribute; of alternatives, the
 * first that gives a value; of a join, every part that has one; then narrowed by `match` and decoded.
 */
export function readField(scope: Cheerio<AnyNode>, spec: FieldSpec): string | null {
  if (typeof spec === 'string') return readOne(scope, spec);
  const narrow = (value: string | null) => {
    if (value === null || !spec.match) return value;
    const found = compilePattern(spec.match).firstMatch(value);
    return found !== null && spec.decode === 'url' ? decodeUrl(found) : found;
  };
  if (spec.join) {
    const parts = spec.join.map((select) => readOne(scope, select)).filter((part) => part !== null);
    return narrow(parts.length ? parts.join(spec.separator ?? ' ').slice(0, MAX_FIELD_CHARS) : null);
  }
  for (const select of [spec.select!].flat()) {
    const value = narrow(readOne(scope, select));
    if (value) return value;
  }
  return null;
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
  const extra: Record<string, string | null> = {};
  for (const [key, spec] of Object.entries(fields)) {
    if (key !== 'name' && key !== 'brand' && key !== 'url' && key !== 'price') extra[key] = readField(tile, spec);
  }
  const priceText = fields.price ? readField(tile, fields.price) : null;
  return {
    name: fields.name ? readField(tile, fields.name) : null,
    brand: fields.brand ? readField(tile, fields.brand) : null,
    url: fields.url ? absoluteUrl(readField(tile, fields.url), context.pageUrl) : null,
    price: parsePrice(priceText, context.locale, context.currency),
    priceText,
    sponsored,
    extra,
  };
}

export function absoluteUrl(href: string | null, pageUrl: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}
