import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoShop, type DemoShop } from '../../../scripts/demo-shop/server.ts';
import { unreadableNewMarkets } from '../../../scripts/maintain/probe-new-markets.ts';
import { loadBundledSelectors } from '../../support/bundled-selectors.ts';

/**
 * `selectors push` puts no market live that cannot be read: a market new to the live version is
 * asked for its first page first (the demo shop has jp, not it); markets already live are not.
 */
let shop: DemoShop;
/** An address where nothing listens: a port taken and given back. */
let nowhere: string;
beforeAll(async () => {
  shop = await startDemoShop({ date: '2026-11-23' });
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  nowhere = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.close();
});
afterAll(async () => {
  await shop?.close();
});

const withMarkets = async (...markets: string[]) => {
  const { sites } = await loadBundledSelectors();
  const us = sites.find((site) => site.market === 'us')!;
  const added = markets.map((market) => ({ ...us, market, baseUrl: us.baseUrl.replace(/\/us$/, `/${market}`) }));
  return [...sites, ...added];
};
const LIVE = new Set(['demo-shop/de', 'demo-shop/fr', 'demo-shop/uk', 'demo-shop/us']);

describe('a push of a market new to the live version', () => {
  it('asks only the new markets, where the site runs, and names the one the site does not have', async () => {
    const refused = await unreadableNewMarkets(await withMarkets('it', 'jp'), LIVE, { 'demo-shop': shop.url });
    expect(refused).toEqual([
      `demo-shop/it: its first page ${shop.url}/it/search?q=mascara answered HTTP 404 (a market the site does not have, or a wrong baseUrl?)`,
    ]);
  });

  it('a market already live is not asked again, even where nothing answers', async () => {
    expect(await unreadableNewMarkets(await withMarkets(), LIVE, { 'demo-shop': nowhere })).toEqual([]);
  });

  it('a site that does not answer at all is named with why', async () => {
    const [line] = await unreadableNewMarkets(await withMarkets('jp'), LIVE, { 'demo-shop': nowhere });
    expect(line).toBe(
      `demo-shop/jp: its first page ${nowhere}/jp/search?q=mascara could not be reached (ECONNREFUSED)`,
    );
  });
});
