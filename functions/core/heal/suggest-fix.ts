import * as cheerio from 'cheerio/slim';
import type { Classifier } from '../extract/classify.ts';
import { extractPage, type SiteRules } from '../extract/extract.ts';
import type { ListingResult, RankedTile } from '../extract/types.ts';
import type { CategoryPageSpec, Fields, FieldSpec, SearchPageSpec } from '../selectors/schema.ts';
import { describe, itemCandidates } from './candidate-selectors.ts';
import { chooseSponsored } from './sponsored-selector.ts';
import { figureProblems } from './figure-proof.ts';
import { chooseFields, type CheckedField } from './choose-fields.ts';
import type { Element } from 'domhandler';
import { findKnownTiles, normalise, type FoundTile, type KnownTile } from './find-tiles.ts';

/** A fix must find at least this share of the known products again, or none is offered. */
export const RECOVERY_THRESHOLD = 0.8;
const MAX_ITEM_CANDIDATES = 8;

export type ListingPage = SearchPageSpec | CategoryPageSpec;

export interface SuggestInput {
  site: SiteRules;
  page: ListingPage;
  classify: Classifier;
  /**
   * The last good observation's products, of every listing page it read (a product that was on its
   * second page may be on the first today: listings churn from day to day), and how many tiles its
   * first page had (what the broken day's archive, a first page, should hold again).
   */
  known: KnownTile[];
  knownCount: number;
  /** The broken day's archived page, and the last good day's (for the proof that nothing regresses). */
  broken: { html: string; url: string };
  good: { html: string; url: string } | null;
  /**
   * What the last good day recorded, tile by tile (its observation): the proof compares with this,
   * not with the file as it is now, which may be the broken one.
   */
  goodFigures: GoodFigure[];
}

export type GoodFigure = Pick<RankedTile, 'name' | 'organicRank' | 'price' | 'sponsored'>;

export interface Candidate {
  item: string;
  /** The page's fields with the mended ones replaced. */
  fields: Fields;
  changed: CheckedField[];
  /** Fields that read the known values no more and could not be mended: said, never hidden. */
  unmended: CheckedField[];
  /** The mended sponsored selector, when the page's no longer told paid tiles apart. */
  sponsored?: string | undefined;
  /** Known products found again on the broken page, of how many. */
  recovered: number;
  tiles: number;
  /** How the last good day's archive reads with it: unchanged, or only with the old selectors kept as alternatives. */
  goodDay: 'unchanged' | 'unchanged with the old selectors kept' | 'no archive';
}

export type Suggestion =
  | { kind: 'fix'; best: Candidate; others: Candidate[]; found: number; known: number }
  | { kind: 'none'; found: number; known: number; reason: string; findings: string[] };

/**
 * Proposes a selector change for a whole listing from what was on it the last time it read
 * cleanly, and proves it before offering it: the broken day's archive must read ok with the
 * known products found again (≥ RECOVERY_THRESHOLD), and the last good day's archive must read
 * exactly as it did (same names, ranks and prices), if need be with the old selectors kept as
 * alternatives. Anything that fails its proof is never offered. Pure: no browser, no network.
 */
export function suggestFix(input: SuggestInput): Suggestion {
  const $ = cheerio.load(input.broken.html);
  // Of a page's worth of known products (its first page's count), this many must be found again.
  const known = Math.min(input.known.length, input.knownCount || input.known.length);
  const needed = Math.ceil(known * RECOVERY_THRESHOLD);
  const found = largestKind(findKnownTiles($, input.known).map(narrowed), needed);
  const none = (reason: string, findings: string[] = []): Suggestion => ({
    kind: 'none',
    found: found.length,
    known,
    reason,
    findings,
  });
  if (found.length < Math.max(2, needed))
    return none(
      `only ${found.length} of the ${known} products the page last showed are on it now (a fix needs ${needed}): the page may show other products, or none`,
      found.map(
        (entry) => `found "${entry.known.name}" in <${entry.tile.name} class="${entry.tile.attribs.class ?? ''}">`,
      ),
    );
  const items = itemCandidates($, found).slice(0, MAX_ITEM_CANDIDATES);
  if (items.length === 0)
    return none('the products were found, but their tiles share no class or attribute a selector could rest on', [
      ...new Set(found.map((entry) => `<${entry.tile.name} class="${entry.tile.attribs.class ?? ''}">`)),
    ]);
  const oldFields = (input.page.fields ?? input.site.fields)!;
  const context = { pageUrl: input.broken.url, locale: input.site.locale, currency: input.site.currency };
  const { fields, changed, unmended } = chooseFields($, found, oldFields, context);
  const marked = chooseSponsored($, found, input.page.sponsored);
  const baseline = input.good && input.goodFigures.length > 0 ? input.goodFigures : null;
  // The good day as the file read it then: what each declared field must read again.
  const goodRead = input.good ? read(input, input.page, input.good) : null;
  const proven: Candidate[] = [];
  const failed: string[] = [];
  for (const item of items) {
    const page = { ...input.page, item, fields, sponsored: marked.sponsored };
    const result = read(input, page, input.broken);
    const recovered = Math.min(recoveredCount(result, input.known), known);
    if (result.status !== 'ok' || recovered < needed) {
      failed.push(`${item}: ${result.status}, ${recovered} of ${known} known products`);
      continue;
    }
    const wrong = figureProblems(input, page, result, goodRead);
    if (wrong.length) {
      failed.push(`${item}: ${wrong.join('; ')}`);
      continue;
    }
    const goodDay = proveGoodDay(input, page, baseline, changed, marked.changed);
    if (!goodDay) {
      failed.push(`${item}: changes what the last good day's archive reads`);
      continue;
    }
    proven.push({
      item: goodDay.page.item,
      fields: goodDay.page.fields!,
      changed,
      unmended,
      sponsored: marked.changed ? goodDay.page.sponsored : undefined,
      recovered,
      tiles: result.tiles.length,
      goodDay: goodDay.verdict,
    });
  }
  if (proven.length === 0) return none('no candidate passed its proof', failed);
  proven.sort(
    (a, b) =>
      b.recovered - a.recovered ||
      Math.abs(a.tiles - input.knownCount) - Math.abs(b.tiles - input.knownCount) ||
      a.item.length - b.item.length,
  );
  return { kind: 'fix', best: proven[0]!, others: proven.slice(1), found: found.length, known };
}

/**
 * A tile wrapped in a bare container (a grid cell with only layout classes) is the element inside
 * it: the wrapper holds nothing a selector could rest on, the wrapped element often does.
 */
function narrowed(entry: FoundTile): FoundTile {
  let tile = entry.tile;
  for (;;) {
    const children = tile.children.filter((child): child is Element => child.type === 'tag');
    const [only] = children;
    if (children.length !== 1 || !only || only === entry.nameElement || hasStableMark(tile) || !hasStableMark(only))
      break;
    tile = only;
  }
  return tile === entry.tile ? entry : { ...entry, tile };
}

function hasStableMark(element: Element): boolean {
  return describe(element).length > 1;
}

/**
 * The found tiles of the listing itself: a product also shown elsewhere on the page (a carousel,
 * "recently viewed") is found there first sometimes; tiles of one listing share their tag and
 * their parent's, so the largest such group is the listing.
 */
function largestKind(found: FoundTile[], needed: number): FoundTile[] {
  const kindOf = (entry: FoundTile) => {
    const parent = entry.tile.parent as Element | null;
    return `${entry.tile.name}<${parent?.type === 'tag' ? `${parent.name}.${parent.attribs.class ?? ''}` : ''}`;
  };
  const groups = new Map<string, FoundTile[]>();
  for (const entry of found) groups.set(kindOf(entry), [...(groups.get(kindOf(entry)) ?? []), entry]);
  const largest = [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  // No one kind holds enough of them: keep them all, and let the selectors say whether they can be told apart.
  return largest.length >= needed ? largest : found;
}

/** The page as a candidate would have it. */
export function candidatePage(page: ListingPage, candidate: Candidate): ListingPage {
  return { ...page, item: candidate.item, fields: candidate.fields, sponsored: candidate.sponsored ?? page.sponsored };
}

/** One archived page read with a page spec of the input's site. Pure. */
export function read(
  input: Pick<SuggestInput, 'site' | 'classify'>,
  page: ListingPage,
  html: { html: string; url: string },
): ListingResult {
  return extractPage({
    site: input.site,
    page,
    classify: input.classify,
    html: html.html,
    pageUrl: html.url,
  }) as ListingResult;
}

function recoveredCount(result: ListingResult, known: KnownTile[]): number {
  const names = new Set(result.tiles.map((tile) => normalise(tile.name ?? '')));
  return known.filter((tile) => names.has(normalise(tile.name))).length;
}

/** The last good day read with a candidate: unchanged as is, or with the old selectors kept beside the new; null when neither. */
function proveGoodDay(
  input: SuggestInput,
  page: ListingPage,
  baseline: GoodFigure[] | null,
  changed: CheckedField[],
  sponsoredChanged: boolean,
): { page: ListingPage; verdict: Candidate['goodDay'] } | null {
  if (!input.good || !baseline) return { page, verdict: 'no archive' };
  if (sameFigures(read(input, page, input.good), baseline)) return { page, verdict: 'unchanged' };
  const oldFields = (input.page.fields ?? input.site.fields)!;
  const both: ListingPage = {
    ...page,
    item: `${page.item}, ${input.page.item}`,
    sponsored: sponsoredChanged && input.page.sponsored ? `${page.sponsored}, ${input.page.sponsored}` : page.sponsored,
    fields: Object.fromEntries(
      Object.entries(page.fields!).map(([name, spec]) => [
        name,
        changed.includes(name as CheckedField) ? alternatives(spec, oldFields[name]!) : spec,
      ]),
    ),
  };
  if (!sameFigures(read(input, both, input.good), baseline)) return null;
  if (read(input, both, input.broken).status !== 'ok') return null;
  return { page: both, verdict: 'unchanged with the old selectors kept' };
}

/** The old selector first: it reads the old layout as it did and finds nothing on the new one, where the new takes over. */
function alternatives(fresh: FieldSpec, old: FieldSpec): FieldSpec {
  const list = (spec: FieldSpec) => (typeof spec === 'string' ? [spec] : spec.select ? [spec.select].flat() : []);
  if (typeof old !== 'string' && (old.join || old.match)) return fresh;
  return { select: [...list(old), ...list(fresh)] } as FieldSpec;
}

/**
 * The good day's archive read with a candidate gives what that day recorded: the same names,
 * ranks, prices and sponsored flags, tile by tile (the archive is its first listing page, so the
 * record's first tiles).
 */
function sameFigures(read: ListingResult, recorded: GoodFigure[]): boolean {
  if (read.status !== 'ok' || read.tiles.length === 0) return false;
  const figures = (tiles: GoodFigure[]) =>
    JSON.stringify(tiles.map((t) => [t.name, t.organicRank, t.price, t.sponsored]));
  const length = Math.min(read.tiles.length, recorded.length);
  return (
    figures(read.tiles.slice(0, length)) === figures(recorded.slice(0, length)) &&
    read.tiles.length >= Math.min(recorded.length, 1)
  );
}
