import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';
import { createClassifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import type { Observation } from '../../functions/core/store/model.ts';
import { observationItem } from '../../functions/core/store/observations/item.ts';
import { writeItems } from '../../functions/core/store/write-items.ts';
import { parseSiteFile } from '../../functions/core/selectors/load.ts';
import { renderFloor } from './render.ts';
import { median, percentile, round } from './stats.ts';

/**
 * Extraction + writes against the browser's own time, on the largest real retailer page: the page
 * is served locally with the same latency and rendered like any other.
 */
export async function extractionShare(browser: Browser, rootDir: string, tableName: string, latencyMs: number) {
  const name = 'bestbuy-us_search_keyboard';
  const html = await readFile(path.resolve(rootDir, '../shared/realpages', `${name}.html`), 'utf8').catch(() => null);
  if (html === null) return null;
  const { site } = parseSiteFile(
    name,
    await readFile(path.join(rootDir, 'test/fixtures/realpages', `${name}.yaml`), 'utf8'),
  );
  // The saved page only: its script and asset files were not saved with it, so they answer 404.
  const server = createServer((request, response) => {
    void sleep(latencyMs).then(() => {
      if (request.url?.startsWith('/site/searchpage.jsp'))
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/site/searchpage.jsp?st=keyboard`;
  const classify = createClassifier(null);
  const renders: number[] = [];
  const extracts: number[] = [];
  const writes: number[] = [];
  for (let round_ = 0; round_ < 7; round_++) {
    let started = performance.now();
    const rendered = await renderFloor(browser, url, 'li.sku-item', true, true);
    renders.push(performance.now() - started);
    started = performance.now();
    const result = extractPage({ html: rendered, pageUrl: url, site: site!, page: site!.pages[0]!, classify });
    extracts.push(performance.now() - started);
    const observation = {
      site: 'bestbuy',
      market: 'us',
      page: 'search',
      kind: 'search',
      keyword: `keyboard-${round_}`,
      date: '2026-11-23',
      runId: 'bench',
      status: result.status,
      message: null,
      pageUrl: url,
      summary: result.summary,
      tiles: result.kind === 'placement' ? [] : result.tiles,
      evidence: { html: [], screenshot: null },
      observedAt: new Date().toISOString(),
    } as Observation;
    started = performance.now();
    await writeItems([observationItem(observation)], { tableName });
    writes.push(performance.now() - started);
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const page = median(renders);
  return {
    page: name,
    htmlMb: round(html.length / 1024 / 1024, 2),
    renderMs: round(page),
    extractMs: round(median(extracts)),
    writeMs: round(median(writes)),
    share: round((median(extracts) + median(writes)) / (page + median(extracts) + median(writes)), 3),
  };
}

export type ExtractionShare = NonNullable<Awaited<ReturnType<typeof extractionShare>>>;
