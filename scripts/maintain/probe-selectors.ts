import * as cheerio from 'cheerio/slim';
import type { AnyNode, Element, Text } from 'domhandler';
import { readField } from '../../functions/core/extract/fields.ts';
import {
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
    for (const [name, spec] of Object.entries(fields)) {
      const values = items.map((node) => readField($(node), spec));
      const found = values.filter((value) => value !== null);
      probes.push({
        path: `${path === 'item' ? '' : `${path}.`}fields.${name}`,
        selector: fieldSelector(spec),
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

function fieldSelector(spec: FieldSpec): string {
  if (typeof spec === 'string') return spec;
  return [spec.select ?? spec.join ?? []].flat().join(', ');
}

/** The CSS part of a field ("a.link@href" → "a.link"), empty for an attribute of the item itself. */
export function fieldCss(spec: string): string {
  return splitFieldShorthand(spec).selector;
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
