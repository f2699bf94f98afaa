import type { Page } from 'puppeteer-core';

/** Elements to outline on the page: an item selector (numbered), or a field inside each item. */
export interface OutlineGroup {
  label: string;
  color: string;
  /** The item selector; with `field`, the field's first match inside each item is outlined instead. */
  items: string;
  field?: string | undefined;
  numbered: boolean;
}

export const OUTLINE_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#008080',
  '#9a6324',
  '#800000',
  '#808000',
  '#000075',
];

/**
 * Draws a box around every match (and its number, for items) over the page itself, plus a legend,
 * so a screenshot shows exactly what each selector picked. Returns how many boxes each group drew.
 * A selector the browser cannot run (a cheerio-only pseudo-class) draws nothing.
 */
export async function outlineMatches(page: Page, groups: OutlineGroup[]): Promise<number[]> {
  // Sent as source text: a function object would carry the TypeScript loader's helpers (__name) into the page.
  return page.evaluate(`(${DRAW_OUTLINES})(${JSON.stringify(groups)})`) as Promise<number[]>;
}

/** Runs in the page: plain JavaScript. */
const DRAW_OUTLINES = `function drawOutlines(groups) {
  const layer = document.createElement('div');
  layer.setAttribute('data-shelfwatch-outline', '');
  layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none';
  document.body.append(layer);
  function box(rect, color, width, label) {
    const outline = document.createElement('div');
    outline.style.cssText = 'position:absolute;left:' + (rect.left + scrollX) + 'px;top:' + (rect.top + scrollY) + 'px;width:' + rect.width + 'px;height:' + rect.height + 'px;outline:' + width + 'px solid ' + color + ';outline-offset:-' + width + 'px';
    if (label) {
      const tag = document.createElement('span');
      tag.textContent = label;
      tag.style.cssText = 'position:absolute;left:0;top:0;background:' + color + ';color:#fff;font:bold 12px/16px sans-serif;padding:0 4px';
      outline.append(tag);
    }
    layer.append(outline);
  }
  function select(selector, root) {
    try { return Array.from((root || document).querySelectorAll(selector)); } catch (error) { return []; }
  }
  const drawn = groups.map(function (group) {
    const items = select(group.items);
    const targets = group.field ? items.map(function (item) { return select(group.field, item)[0]; }).filter(Boolean) : items;
    let count = 0;
    targets.forEach(function (element, index) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) return;
      box(rect, group.color, group.numbered ? 3 : 1, group.numbered ? String(index + 1) : null);
      count += 1;
    });
    return count;
  });
  const legend = document.createElement('div');
  legend.style.cssText = 'position:absolute;left:' + Math.max(8, innerWidth - 300) + 'px;top:8px;max-width:280px;background:#fff;border:1px solid #999;padding:6px 8px;font:12px/18px sans-serif;color:#111;z-index:2147483647';
  groups.forEach(function (group, index) {
    const row = document.createElement('div');
    const swatch = document.createElement('span');
    swatch.style.cssText = 'display:inline-block;width:10px;height:10px;margin-right:6px;background:' + group.color;
    row.append(swatch, group.label + ' (' + drawn[index] + ')');
    legend.append(row);
  });
  layer.append(legend);
  return drawn;
}`;
