import type { ListingResult, RankedTile } from '../extract/types.ts';
import { normalise } from './find-tiles.ts';
import { sameBrand } from './known-values.ts';
import type { ListingPage, SuggestInput } from './suggest-fix.ts';

/** A declared field must read the good day's value on this share of the products found again. */
const FIELD_AGREEMENT = 0.8;

type Before = Pick<RankedTile, 'name' | 'url' | 'price'> & {
  brand?: string | null;
  sponsored?: boolean;
  extra?: Record<string, string | null>;
};

/**
 * What a candidate would get wrong on the broken day, field by field, against the good day: every
 * field the page declares (sponsored included) must read, on the products found again, what the
 * good day read of them; a sponsored selector that now matches nothing where the good day had
 * sponsored tiles is wrong whatever else agrees (every organic rank would move). Empty: it
 * reproduces the good day's figures. Pure.
 */
export function figureProblems(
  input: Pick<SuggestInput, 'known' | 'goodFigures' | 'site'>,
  page: ListingPage,
  broken: ListingResult,
  goodRead: ListingResult | null,
): string[] {
  const problems: string[] = [];
  const sponsoredBefore = input.goodFigures.filter((figure) => figure.sponsored).length;
  if (page.sponsored && sponsoredBefore > 0 && !broken.tiles.some((tile) => tile.sponsored))
    problems.push(
      `the sponsored selector ${page.sponsored} matches nothing on the page now, where the last good day had ${sponsoredBefore} sponsored tile(s): every organic rank would move`,
    );
  const before = new Map<string, Before>();
  for (const tile of goodRead?.tiles ?? input.known) before.set(normalise(tile.name ?? ''), tile);
  const pairs = broken.tiles.flatMap((now) => {
    const then = before.get(normalise(now.name ?? ''));
    return then ? [{ then, now }] : [];
  });
  const declared = Object.keys(page.fields ?? {}).filter((field) => field !== 'name');
  const check = (field: string, value: (tile: Before) => unknown, same: (a: never, b: never) => boolean) => {
    const comparable = pairs.filter(({ then }) => value(then) !== null && value(then) !== undefined);
    if (comparable.length < 2) return;
    const differing = comparable.filter(({ then, now }) => !same(value(then) as never, value(now) as never));
    if (differing.length <= comparable.length * (1 - FIELD_AGREEMENT)) return;
    const { then, now } = differing[0]!;
    problems.push(
      `${field} reads the good day's value on ${comparable.length - differing.length} of ${comparable.length} products found again (e.g. ${JSON.stringify(value(then))} then, ${JSON.stringify(value(now) ?? null)} now)`,
    );
  };
  for (const field of declared) {
    if (field === 'brand')
      check(
        field,
        (tile) => tile.brand,
        (a: string, b: string | null) => !!b && sameBrand(a, b),
      );
    else if (field === 'price')
      check(
        field,
        (tile) => tile.price,
        (a: number, b: number | null) => a === b,
      );
    else if (field === 'url')
      check(
        field,
        (tile) => tile.url,
        (a: string, b: string | null) => samePath(a, b, input),
      );
    else
      check(
        field,
        (tile) => tile.extra?.[field],
        (a: string, b: string | null) => b !== null && normalise(a) === normalise(b),
      );
  }
  if (page.sponsored)
    check(
      'sponsored',
      (tile) => tile.sponsored,
      (a: boolean, b: boolean) => a === b,
    );
  return problems;
}

function samePath(a: string, b: string | null, input: Pick<SuggestInput, 'site'>): boolean {
  if (b === null) return false;
  try {
    const path = (url: string) => new URL(url, input.site.baseUrl).pathname.replace(/\/$/, '');
    return path(a) === path(b);
  } catch {
    return false;
  }
}
