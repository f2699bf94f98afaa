import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parsePrice } from '../extract/price.ts';
import { normalise, type FoundTile } from './find-tiles.ts';
import { sameBrand, type CheckedField } from './known-values.ts';
import { isStableAttribute, isStableClass, isStableValue } from './stable-names.ts';

/** A share of the found tiles a selector must agree with to be a candidate at all. */
const AGREEMENT = 0.8;

/**
 * Selectors that pick the tiles: built from what the found tiles share (their tag, stable classes,
 * describing attributes, their parent's), shortest first; each kept only if it matches every found
 * tile itself. Pure.
 */
export function itemCandidates($: CheerioAPI, found: FoundTile[]): string[] {
  const tiles = found.map((entry) => entry.tile);
  const tag = mostCommon(tiles.map((tile) => tile.name));
  const shared = sharedFeatures(tiles);
  const parents = tiles.map((tile) => tile.parent).filter((parent): parent is Element => parent?.type === 'tag');
  const parentFeatures = parents.length === tiles.length ? sharedFeatures(parents).map((f) => f) : [];
  const candidates = [
    ...shared,
    ...shared.map((feature) => `${tag}${feature}`),
    ...(shared.length >= 2 ? [`${shared[0]}${shared[1]}`] : []),
    ...parentFeatures.map((feature) => `${feature} > ${tag}`),
    ...parentFeatures.flatMap((feature) => shared.map((own) => `${feature} > ${own}`)),
    // Structure alone, when every name is generated: the tiles' tag under their parent's tag.
    ...(parents.length === tiles.length && new Set(parents.map((parent) => parent.name)).size === 1
      ? [`${parents[0]!.name} > ${tag}`]
      : []),
  ];
  return unique(candidates).filter((selector) => matchesEvery($, selector, tiles));
}

/** Selectors for a field inside each tile, from the elements that hold its known value there. */
export function fieldCandidates(
  $: CheerioAPI,
  found: FoundTile[],
  field: CheckedField,
  context: { pageUrl: string; locale: string; currency: string },
): string[] {
  const holders = found.map((entry) => ({ entry, elements: holdersOf($, entry, field, context) }));
  const withValue = holders.filter((holder) => holder.elements.length > 0);
  if (withValue.length < Math.max(2, found.length * AGREEMENT)) return [];
  const suffix = field === 'url' ? '@href' : '';
  const options = new Map<string, number>();
  for (const holder of withValue) {
    const seen = new Set<string>();
    for (const element of holder.elements)
      for (const selector of [...describe(element), ...positional(element, holder.entry.tile)])
        if (!seen.has(selector)) seen.add(selector);
    for (const selector of seen) options.set(selector, (options.get(selector) ?? 0) + 1);
  }
  const agreed = [...options.entries()].filter(([, count]) => count >= withValue.length * AGREEMENT).map(([s]) => s);
  // A selector reads its first match in the tile: keep those whose first match holds the value.
  return (
    agreed
      .filter((selector) => firstMatchAgrees($, found, selector, field, context) >= found.length * AGREEMENT)
      // A class or attribute before a bare tag: a tag alone also matches other parts of an old layout.
      .sort((a, b) => Number(/^[a-z0-9]+$/.test(a)) - Number(/^[a-z0-9]+$/.test(b)) || a.length - b.length)
      .map((selector) => `${selector}${suffix}`)
  );
}

/** How many found tiles a field selector's first match reads the known value from. */
export function firstMatchAgrees(
  $: CheerioAPI,
  found: FoundTile[],
  selector: string,
  field: CheckedField,
  context: { pageUrl: string; locale: string; currency: string },
): number {
  return found.filter((entry) => {
    const first = $(entry.tile).find(selector).first();
    return first.length > 0 && holdsValue($, first[0] as Element, entry, field, context);
  }).length;
}

function holdersOf(
  $: CheerioAPI,
  entry: FoundTile,
  field: CheckedField,
  context: { pageUrl: string; locale: string; currency: string },
): Element[] {
  if (field === 'name') return [entry.nameElement];
  if (field === 'brand' && !entry.known.brand) return [];
  const inside = $(entry.tile).find('*').toArray() as Element[];
  return inside.filter((element) => holdsValue($, element, entry, field, context));
}

function holdsValue(
  $: CheerioAPI,
  element: Element,
  entry: FoundTile,
  field: CheckedField,
  context: { pageUrl: string; locale: string; currency: string },
): boolean {
  const node = $(element);
  if (field === 'name') return normalise(node.text()) === normalise(entry.known.name);
  if (field === 'brand') {
    if (node.children().length > 0) return false;
    return sameBrand(node.text(), entry.known.brand ?? '');
  }
  if (field === 'url') {
    if (!entry.known.url || element.name !== 'a') return false;
    return samePath(node.attr('href'), entry.known.url, context.pageUrl);
  }
  if (entry.known.price === null) return false;
  // The smallest element whose text is the price (not a whole block holding it among others).
  if (
    node
      .children()
      .toArray()
      .some((child) => normalise($(child).text()) === normalise(node.text()))
  )
    return false;
  return parsePrice(node.text(), context.locale, context.currency) === entry.known.price;
}

function samePath(href: string | undefined, known: string, base: string): boolean {
  if (!href) return false;
  try {
    const a = new URL(href, base);
    const b = new URL(known, base);
    return a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Ways to name one element inside its tile: its stable classes, attributes, then its tag. */
export function describe(element: Element): string[] {
  const features = featuresOf(element);
  return [...features, ...features.map((feature) => `${element.name}${feature}`), element.name];
}

/**
 * Where an element sits among its parent's children of its tag (`span:nth-of-type(2)`): the last
 * resort of a field on a page whose every class is generated; proven like any other.
 */
export function positional(element: Element, tile: Element): string[] {
  const parent = element.parent;
  if (!parent || parent.type !== 'tag' || element === tile) return [];
  const same = (parent as Element).children.filter(
    (child): child is Element => child.type === 'tag' && child.name === element.name,
  );
  const index = same.indexOf(element);
  // Counted from either end: a badge before the fields shifts them from the start, not from the end.
  const places = [
    `${element.name}:nth-of-type(${index + 1})`,
    `${element.name}:nth-last-of-type(${same.length - index})`,
  ];
  // Anchored to the tile when it is the tile's own child: a nested element of the same tag comes first otherwise.
  if (parent === tile) return places.map((place) => `:scope > ${place}`);
  // Nested: named by its parent's tag too (`a > span`), which a badge beside it does not share.
  return [`${(parent as Element).name} > ${element.name}`, ...(same.length > 1 ? places : [])];
}

/** The stable classes and describing attributes every one of the elements has. */
function sharedFeatures(elements: Element[]): string[] {
  const all = elements.map((element) => new Set(featuresOf(element)));
  return [...all[0]!].filter((feature) => all.every((set) => set.has(feature)));
}

function featuresOf(element: Element): string[] {
  const classes = (element.attribs.class ?? '').split(/\s+/).filter((name) => name && isStableClass(name));
  const attributes = Object.entries(element.attribs).flatMap(([name, value]) => {
    if (!isStableAttribute(name)) return [];
    return isStableValue(value) && !/\d{3,}/.test(value) ? [`[${name}="${value}"]`, `[${name}]`] : [`[${name}]`];
  });
  return [...classes.map((name) => `.${name}`), ...attributes];
}

function matchesEvery($: CheerioAPI, selector: string, tiles: Element[]): boolean {
  let matched: Cheerio<AnyNode>;
  try {
    matched = $(selector);
  } catch {
    return false;
  }
  const set = new Set(matched.toArray());
  return tiles.every((tile) => set.has(tile));
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
