import * as cheerio from 'cheerio/slim';
import type { AnyNode, Element, Text } from 'domhandler';
import { readField, tileReader } from '../../functions/core/extract/fields.ts';
import {
  alternativesOf,
  splitFieldShorthand,
  type FieldSpec,
  type Fields,
  type PageSpec,
  type SiteFile,
} from '../../functions/core/selectors/schema.ts';

/** One selector of a page spec and what it matched in one page's HTML. */
export interface Probe {
  /** Where it sits in the file: "item", "fields.name", "slots.hero", "slots.hero.fields.name", "blockedIf". */
  path: string;
  selector: string;
  /** "items" and "slots" are outlined and numbered on the screenshot; fields are outlined; page-level ones are not. */
  role: 'items' | 'field' | 'page';
  /** Elements matched (items, page-level), or items in which the field found a value. */
  matches: number;
  /** For fields: the CSS to outline inside each item (null: nothing to outline). */
  outline?: string | null;
  /** For fields: how many items there were to look in. */
  of?: number;
  /** The first value a field read, or the first match's text. */
  sample: string | null;
  /** For fields: the value read in each item, in order (null where the field found nothing). */
  values?: Array<string | null>;
  /** A zero that is worth a look (a page-level marker such as blockedIf or noResults is expected to be absent). */
  warn: boolean;
}

/**
 * Every selector a page spec uses, run against the page's HTML with the engine extraction uses
 * (cheerio), so the counts are what a scan would see. Pure.
 */
export function probeSelectors(html: string, site: SiteFile, page: PageSpec): Probe[] {
  const $ = cheerio.load(html);
  const count = (selector: string) => $(selector).length;
  const firstText = (selector: string) => clean(spacedText($(selector).first().toArray()));
  const probes: Probe[] = [];
  const itemGroup = (path: string, item: string, fields: Fields, optional = false) => {
    const items = $(item).toArray();
    probes.push({
      path,
      selector: item,
      role: 'items',
      matches: items.length,
      sample: items.length ? clean(spacedText([items[0]!])) : null,
      warn: items.length === 0 && !optional,
    });
    const readers = items.map((node) => tileReader($(node), fields));
    for (const [name, spec] of Object.entries(fields)) {
      const values = readers.map((read) => read(name));
      const found = values.filter((value) => value !== null);
      probes.push({
        path: `${path === 'item' ? '' : `${path}.`}fields.${name}`,
        selector: fieldSelector(spec),
        outline: fieldOutline(spec),
        role: 'field',
        matches: found.length,
        of: items.length,
        sample: found[0] ?? null,
        values,
        warn: items.length > 0 && found.length === 0,
      });
    }
  };
  if (page.kind === 'placement') {
    for (const [slot, spec] of Object.entries(page.slots))
      itemGroup(`slots.${slot}`, spec.item, spec.fields ?? page.fields ?? site.fields ?? { name: '' }, spec.optional);
  } else {
    itemGroup('item', page.item, page.fields ?? site.fields ?? { name: '' });
    if (page.sponsored) {
      const sponsored = $(page.item).filter(
        (_index, node) => $(node).is(page.sponsored!) || $(node).find(page.sponsored!).length > 0,
      ).length;
      probes.push({
        path: 'sponsored',
        selector: page.sponsored,
        role: 'page',
        matches: sponsored,
        of: count(page.item),
        sample: null,
        warn: false,
      });
    }
    if (page.noResults)
      probes.push({
        path: 'noResults',
        selector: page.noResults,
        role: 'page',
        matches: count(page.noResults),
        sample: firstText(page.noResults),
        warn: false,
      });
    if (page.kind === 'category' && page.next) {
      const next = readField($.root(), page.next);
      probes.push({
        path: 'next',
        selector: fieldSelector(page.next),
        role: 'page',
        matches: next ? 1 : 0,
        sample: next,
        warn: false,
      });
    }
  }
  if (site.blockedIf)
    probes.push({
      path: 'blockedIf',
      selector: site.blockedIf,
      role: 'page',
      matches: count(site.blockedIf),
      sample: firstText(site.blockedIf),
      warn: count(site.blockedIf) > 0,
    });
  return probes;
}

/** A field as the table shows it: its alternatives, each as written (`field:name` for another field's value). */
function fieldSelector(spec: FieldSpec): string {
  return alternativesOf(spec)
    .map((one) => (typeof one === 'string' ? one : (one.select ?? `field:${one.field}`)))
    .join(', ');
}

/**
 * What to outline inside each item: the CSS part of every alternative ("a.link@href" → "a.link"),
 * as one selector list; null when the field reads only the item itself or another field.
 */
function fieldOutline(spec: FieldSpec): string | null {
  const css = alternativesOf(spec)
    .map((one) => (typeof one === 'string' ? one : (one.select ?? '')))
    .map((select) => splitFieldShorthand(select).selector)
    .filter((selector) => selector !== '');
  return css.length ? [...new Set(css)].join(', ') : null;
}

/** Text with a space between elements, so an item reads "Sponsored Formula 9 Mascara Aurora Lab £30.99". */
function spacedText(nodes: AnyNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return (node as Text).data;
      const element = node as Element;
      return 'children' in element && !['script', 'style', 'noscript'].includes(element.name)
        ? spacedText(element.children)
        : '';
    })
    .join(' ');
}

function clean(text: string): string | null {
  const value = text.replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, 80) : null;
}
