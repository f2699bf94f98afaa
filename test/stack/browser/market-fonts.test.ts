import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../functions/core/browser/launch.ts';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';

/**
 * Evidence must be readable in every script the markets use. The demo shop's jp (Japanese) and
 * ae (Arabic, right to left) names are drawn one character to a cell, with the market fonts and
 * with them removed (a fontconfig that knows only the bundled Latin font): with them, the cells
 * differ as the characters do; without, they are the same empty box again and again.
 */
let shop: DemoShop;
let withFonts: Browser;
let withoutFonts: Browser;
let controlDir: string;

beforeAll(async () => {
  shop = await startDemoShop({ date: '2026-11-23' });
  withFonts = await launchBrowser();
  controlDir = await mkdtemp(path.join(tmpdir(), 'shelfwatch-nofonts-'));
  await writeFile(
    path.join(controlDir, 'fonts.conf'),
    `<?xml version="1.0"?><fontconfig><dir>${path.join(tmpdir(), 'fonts', 'fonts')}</dir><cachedir>${path.join(controlDir, 'cache')}</cachedir></fontconfig>`,
  );
  withoutFonts = await launchBrowser({ fontconfigPath: controlDir });
}, 60_000);

afterAll(async () => {
  await withFonts?.close();
  await withoutFonts?.close();
  await shop?.close();
  await rm(controlDir, { recursive: true, force: true });
});

/** The product names a market's search page shows, as its shoppers see them. */
async function namesOf(market: string, keyword: string): Promise<string[]> {
  const page = await withFonts.newPage();
  try {
    await page.goto(`${shop.url}/${market}/search?q=${encodeURIComponent(keyword)}`);
    return await page.$$eval('.tile-name', (nodes) => nodes.map((node) => node.textContent ?? ''));
  } finally {
    await page.close();
  }
}

/** How many different pictures the characters make, each drawn alone in a 40 px cell. */
async function distinctGlyphs(browser: Browser, characters: string[], rtl: boolean): Promise<number> {
  const page = await browser.newPage();
  try {
    const cells = characters.map((c) => `<div class="c">${c}</div>`).join('');
    await page.setContent(
      `<html${rtl ? ' dir="rtl"' : ''}><body style="margin:0"><style>.c{width:40px;height:40px;font:26px sans-serif;line-height:40px;text-align:center;overflow:hidden;float:left}</style>${cells}</body></html>`,
    );
    const boxes = await page.$$('.c');
    const hashes = new Set<string>();
    for (const box of boxes)
      hashes.add(
        createHash('sha1')
          .update(await box.screenshot({ type: 'png' }))
          .digest('hex'),
      );
    return hashes.size;
  } finally {
    await page.close();
  }
}

/** The characters of a script in some names: each once. */
const scriptCharacters = (names: string[], script: RegExp) => [
  ...new Set([...names.join('')].filter((c) => script.test(c))),
];

describe('Market fonts: evidence readable in Japanese and Arabic', () => {
  it.each([
    ['jp', 'マスカラ', /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u, false],
    ['ae', 'ماسكارا', /\p{Script=Arabic}/u, true],
  ] as const)(
    '%s: its names are drawn as glyphs, not as boxes',
    async (market, keyword, script, rtl) => {
      const names = await namesOf(market, keyword);
      expect(names.length).toBeGreaterThan(3);
      const characters = scriptCharacters(names, script);
      expect(characters.length).toBeGreaterThanOrEqual(5);
      const drawn = await distinctGlyphs(withFonts, characters, rtl);
      const boxes = await distinctGlyphs(withoutFonts, characters, rtl);
      // Without the fonts every character is the same missing-glyph box.
      expect(boxes).toBeLessThanOrEqual(2);
      expect(drawn).toBeGreaterThanOrEqual(characters.length - 1);
    },
    60_000,
  );

  it('the jp market’s prices and full-width keyword are the shop’s (￥1,980 style; アイブロウ　ジェル finds brow gels)', async () => {
    const page = await withFonts.newPage();
    try {
      await page.goto(`${shop.url}/jp/search?q=${encodeURIComponent('アイブロウ\u3000ジェル')}`);
      const prices = await page.$$eval('.price', (nodes) => nodes.map((node) => node.textContent ?? ''));
      expect(prices.length).toBeGreaterThan(0);
      for (const price of prices) expect(price).toMatch(/^￥\d{1,3}(,\d{3})*$/);
      expect(prices.every((price) => price.endsWith('80'))).toBe(true);
      expect(await page.$eval('html', (html) => html.lang)).toBe('ja');
    } finally {
      await page.close();
    }
  });
});
