import * as cheerio from 'cheerio/slim';

/**
 * Redesigns a retailer might roll out, applied to a saved page's markup: what `suggest:check`
 * breaks selector files with. Each takes the tile selector the file used and returns new HTML
 * where that selector no longer matches. Pure.
 */
export interface Redesign {
  name: string;
  apply(html: string, item: string): string;
}

const hash = (text: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36).slice(0, 6);
};

/** The tiles' own markers renamed: classes and describing attributes get new names. */
const renamed: Redesign = {
  name: 'renamed classes',
  apply(html, item) {
    const $ = cheerio.load(html);
    $(item).each((_i, node) => {
      const tile = $(node);
      for (const [name, value] of Object.entries(tile.attr() ?? {})) {
        if (name === 'class')
          tile.attr(
            'class',
            value
              .split(/\s+/)
              .map((c) => (c ? `re-${c}` : c))
              .join(' '),
          );
        else if (name.startsWith('data-') && !/sku|asin|id$/.test(name)) {
          tile.removeAttr(name);
          tile.attr(`data-x-${name.slice(5)}`, value);
        }
      }
    });
    return $.html();
  },
};

/** Every tile wrapped in a new container, its own markers renamed too. */
const wrapped: Redesign = {
  name: 'tiles wrapped in new containers',
  apply(html, item) {
    const $ = cheerio.load(renamed.apply(html, item));
    const selector = reSelector(item);
    $(selector).each((_i, node) => {
      $(node).wrap('<div class="grid-cell"></div>');
    });
    return $.html();
  },
};

/** Every class name on the tiles and inside them replaced by a generated one (CSS-in-JS). */
const generated: Redesign = {
  name: 'generated class names',
  apply(html, item) {
    const $ = cheerio.load(html);
    $(item).each((_i, node) => {
      for (const element of [node, ...$(node).find('*').toArray()]) {
        const classes = $(element).attr('class');
        if (classes)
          $(element).attr(
            'class',
            classes
              .split(/\s+/)
              .map((c) => `css-${hash(c)}`)
              .join(' '),
          );
      }
      for (const name of Object.keys($(node).attr() ?? {}))
        if (name.startsWith('data-') && !/sku|asin|id$/.test(name)) $(node).removeAttr(name);
    });
    return $.html();
  },
};

/** The tile's children reordered (the price first), its markers renamed. */
const reordered: Redesign = {
  name: 'reordered fields',
  apply(html, item) {
    const $ = cheerio.load(renamed.apply(html, item));
    $(reSelector(item)).each((_i, node) => {
      const children = $(node).children().toArray();
      for (const child of children.reverse()) $(node).append(child);
    });
    return $.html();
  },
};

export const REDESIGNS: Redesign[] = [renamed, wrapped, generated, reordered];

/** The item selector after `renamed`: its classes prefixed, its data attributes moved. */
function reSelector(item: string): string {
  return item.replace(/\.([\w-]+)/g, '.re-$1').replace(/\[data-([\w-]+)/g, '[data-x-$1');
}
