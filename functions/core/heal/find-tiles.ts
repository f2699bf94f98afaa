import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** What was on the page the last time it read cleanly: the products a fix must find again. */
export interface KnownTile {
  name: string;
  url: string | null;
  price: number | null;
  /** The brand as the page showed it, when the file reads one. */
  brand?: string | null;
  /** Whether it was a paid placement. */
  sponsored?: boolean;
}

/** How a text is compared: Unicode-normalised, case and spacing ignored. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** One known product found on the new page: the element holding its name, and its tile. */
export interface FoundTile {
  known: KnownTile;
  /** Index of the known tile in the last good observation. */
  index: number;
  nameElement: Element;
  tile: Element;
}

/**
 * Finds the known products on a page whatever its markup now: for each known name, the smallest
 * element whose text is that name (or holds it, when the name was cut or joined); then its tile,
 * the highest ancestor that holds no other known product. Names found twice (a product shown in
 * two places) keep the first. Pure.
 */
export function findKnownTiles($: CheerioAPI, known: KnownTile[]): FoundTile[] {
  const elements = $('*')
    .toArray()
    .filter(
      (node): node is Element =>
        node.type === 'tag' &&
        !['html', 'head', 'body', 'title', 'script', 'style', 'noscript', 'template'].includes(node.name),
    );
  const texts = new Map<Element, string>(elements.map((element) => [element, normalise($(element).text())]));
  const nameOf = new Map<Element, number>();
  const found: Array<{ index: number; element: Element }> = [];
  known.forEach((tile, index) => {
    const name = normalise(tile.name);
    if (name.length < 3) return;
    // Deepest elements first: the smallest element whose text is (or holds) the name.
    // An element inside (or around) one already taken is the same place: a name shown twice is two tiles.
    const free = (element: Element) =>
      ![...nameOf.keys()].some((taken) => taken === element || contains(taken, element) || contains(element, taken));
    const exact = elements.filter((element) => texts.get(element) === name && free(element));
    const holding = exact.length
      ? exact
      : elements.filter((element) => texts.get(element)!.includes(name) && free(element));
    const smallest = holding.filter(
      (element) => !holding.some((other) => other !== element && contains(element, other)),
    );
    const element = smallest[0];
    if (!element) return;
    nameOf.set(element, index);
    found.push({ index, element });
  });
  const nameElements = found.map((entry) => entry.element);
  return found.map(({ index, element }) => ({
    known: known[index]!,
    index,
    nameElement: element,
    tile: tileOf(element, nameElements),
  }));
}

/** The highest ancestor of a name element that holds no other known name element. */
function tileOf(nameElement: Element, all: Element[]): Element {
  let tile = nameElement;
  for (let parent = tile.parent; parent && parent.type === 'tag'; parent = parent.parent) {
    const others = all.some((other) => other !== nameElement && contains(parent as Element, other));
    if (others) break;
    tile = parent as Element;
  }
  return tile;
}

export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let current = node.parent; current; current = current.parent) if (current === ancestor) return true;
  return false;
}
