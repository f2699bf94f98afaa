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
  function select(selector, root) {
    try { return Array.from((root || document).querySelectorAll(selector)); } catch (error) { return []; }
  }
  const targets = groups.map(function (group) {
    const items = select(group.items);
    return (group.field ? items.map(function (item) { return item.matches(group.field) ? item : select(group.field, item)[0]; }) : items)
      .filter(function (element) { return element && (element.getBoundingClientRect().width > 0 || element.getBoundingClientRect().height > 0); });
  });
  // The legend goes above the page, in its flow: it pushes the page down instead of covering tiles.
  const legend = document.createElement('div');
  legend.setAttribute('data-shelfwatch-outline', '');
  legend.style.cssText = 'position:relative;display:flex;flex-wrap:wrap;gap:4px 14px;background:#fff;border-bottom:2px solid #999;padding:6px 8px;font:12px/18px sans-serif;color:#111;z-index:2147483647';
  groups.forEach(function (group, index) {
    const row = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.style.cssText = 'display:inline-block;width:10px;height:10px;margin-right:6px;background:' + group.color;
    row.append(swatch, group.label + ' (' + targets[index].length + ')');
    legend.append(row);
  });
  document.body.prepend(legend);
  const layer = document.createElement('div');
  layer.setAttribute('data-shelfwatch-outline', '');
  layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none';
  document.body.append(layer);
  function box(rect, color, width, inset, label) {
    const outline = document.createElement('div');
    outline.style.cssText = 'position:absolute;left:' + (rect.left + scrollX) + 'px;top:' + (rect.top + scrollY) + 'px;width:' + rect.width + 'px;height:' + rect.height + 'px;outline:' + width + 'px solid ' + color + ';outline-offset:-' + (width + inset) + 'px';
    if (label) {
      const tag = document.createElement('span');
      tag.textContent = label;
      tag.style.cssText = 'position:absolute;left:0;top:0;background:' + color + ';color:#fff;font:bold 12px/16px sans-serif;padding:0 4px';
      outline.append(tag);
    }
    layer.append(outline);
  }
  // Each field a little further inside its element than the last, so outlines do not hide each other.
  groups.forEach(function (group, index) {
    targets[index].forEach(function (element, number) {
      box(element.getBoundingClientRect(), group.color, group.numbered ? 3 : 1, group.numbered ? 0 : (index % 4) * 2, group.numbered ? String(number + 1) : null);
    });
  });
  return targets.map(function (list) { return list.length; });
}`;

/** Where the outlined matches are on the page (document pixels), or null when nothing was drawn. */
export async function outlinedRegion(page: Page): Promise<{ top: number; bottom: number; height: number } | null> {
  return page.evaluate(`(function () {
    const boxes = Array.from(document.querySelectorAll('[data-shelfwatch-outline] > div')).map(function (box) { return box.getBoundingClientRect(); });
    const height = document.documentElement.scrollHeight;
    if (!boxes.length) return null;
    return { top: Math.min.apply(null, boxes.map(function (b) { return b.top + scrollY; })), bottom: Math.max.apply(null, boxes.map(function (b) { return b.bottom + scrollY; })), height: height };
  })()`) as Promise<{ top: number; bottom: number; height: number } | null>;
}

/**
 * When the item selector matches nothing: repeated elements that look like tiles (at least four
 * siblings of the same tag and class, with text), largest first, as selectors to look at.
 */
export async function tileLikeGroups(page: Page): Promise<Array<{ selector: string; count: number }>> {
  return page.evaluate(`(function () {
    const found = new Map();
    function signature(element) {
      const classes = Array.from(element.classList).filter(function (c) { return /^[a-zA-Z][\\w-]*$/.test(c); }).slice(0, 2);
      return element.tagName.toLowerCase() + classes.map(function (c) { return '.' + c; }).join('');
    }
    document.querySelectorAll('body *').forEach(function (parent) {
      if (parent.closest('[data-shelfwatch-outline]')) return;
      const counts = new Map();
      Array.from(parent.children).forEach(function (child) {
        if ((child.textContent || '').trim().length < 3) return;
        const key = signature(child);
        counts.set(key, (counts.get(key) || 0) + 1);
      });
      counts.forEach(function (count, key) {
        if (count < 4 || !key.includes('.')) return;
        const selector = signature(parent) + ' > ' + key;
        found.set(selector, Math.max(found.get(selector) || 0, count));
      });
    });
    return Array.from(found, function (entry) { return { selector: entry[0], count: entry[1] }; })
      .sort(function (a, b) { return b.count - a.count; }).slice(0, 3);
  })()`) as Promise<Array<{ selector: string; count: number }>>;
}
