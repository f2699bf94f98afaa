import { rm, stat, readdir } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../../functions/core/browser/launch.ts';
import { createBrowserPool } from '../../functions/core/browser/pool.ts';
import type { Classifier } from '../../functions/core/extract/classify.ts';
import { extractPage } from '../../functions/core/extract/extract.ts';
import { fetchStatic } from '../../functions/core/page/fetch-static.ts';
import type { BenchPage } from './pages.ts';
import { renderFloor } from './render.ts';
import { median, percentile, round, timedPool } from './stats.ts';

export interface PerPage {
  pages: number;
  concurrency: number;
  wallMs: number;
  /** Wall time × concurrency / pages: what one page costs a browser kept busy. */
  perPageMs: number;
  medianMs: number;
  p90Ms: number;
  pagesPerSecond: number;
}

export function summarize(durations: number[], wallMs: number, concurrency: number): PerPage {
  return {
    pages: durations.length,
    concurrency,
    wallMs: round(wallMs),
    perPageMs: round((wallMs * concurrency) / durations.length),
    medianMs: round(median(durations)),
    p90Ms: round(percentile(durations, 90)),
    pagesPerSecond: round(durations.length / (wallMs / 1000), 2),
  };
}

export async function floor(
  browser: Browser,
  pages: BenchPage[],
  concurrency: number,
  blockResources = true,
): Promise<{ figures: PerPage; htmls: Map<string, string> }> {
  const htmls = new Map<string, string>();
  const { durations, wallMs } = await timedPool(pages, concurrency, async (page) => {
    htmls.set(page.url, await renderFloor(browser, page.url, page.readySelector, blockResources));
  });
  return { figures: summarize(durations, wallMs, concurrency), htmls };
}

/** Item names extracted from each page, to check that blocking changes nothing we read. */
export function extractedNames(pages: BenchPage[], htmls: Map<string, string>, classify: Classifier): string[] {
  return pages.map((page) => {
    const result = extractPage({
      html: htmls.get(page.url) ?? '',
      pageUrl: page.url,
      site: page.site,
      page: page.page,
      classify,
    });
    return result.kind === 'placement'
      ? ''
      : result.tiles.map((tile) => `${tile.brand}|${tile.name}|${tile.price}`).join(';');
  });
}

export async function staticPath(pages: BenchPage[], concurrency: number, classify: Classifier): Promise<PerPage> {
  const { durations, wallMs } = await timedPool(pages, concurrency, async (page) => {
    const capture = await fetchStatic(page.url, {
      locale: page.site.locale,
      timeoutMs: 10_000,
      userAgent: 'shelfwatch-bench',
    });
    extractPage({ html: capture.html, pageUrl: page.url, site: page.site, page: page.page, classify });
  });
  return summarize(durations, wallMs, concurrency);
}

export async function chromePathWithExtraction(
  browser: Browser,
  pages: BenchPage[],
  concurrency: number,
  classify: Classifier,
): Promise<PerPage> {
  const { durations, wallMs } = await timedPool(pages, concurrency, async (page) => {
    const html = await renderFloor(browser, page.url, page.readySelector, true);
    extractPage({ html, pageUrl: page.url, site: page.site, page: page.page, classify });
  });
  return summarize(durations, wallMs, concurrency);
}

/** Resident memory of this process's Chromium processes, in MB. */
export function browserRssMb(): number {
  let kb = 0;
  for (const entry of readdirSyncSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const name = /Name:\s+(.+)/.exec(status)?.[1] ?? '';
      if (ppid === process.pid && /chrom|headless/i.test(name)) kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // ended while we looked
    }
  }
  return round(kb / 1024);
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export async function folderMb(dir: string): Promise<number> {
  let bytes = 0;
  try {
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile())
        bytes += (await stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
    }
  } catch {
    return 0;
  }
  return round(bytes / 1024 / 1024, 2);
}

/** The browsers' profile folders in /tmp: the disk they write as pages go by. */
export async function puppeteerProfilesMb(): Promise<number> {
  let total = 0;
  for (const entry of await readdir(os.tmpdir())) {
    if (entry.startsWith('puppeteer_dev_chrome_profile-')) total += await folderMb(path.join(os.tmpdir(), entry));
  }
  return round(total, 2);
}

export interface ColdStart {
  unpackMs: number;
  launchMs: number;
  firstPageMs: number;
  totalMs: number;
  batchMs: number;
  share: number;
  secondInvocationLaunches: number;
  secondUnpackMs: number;
}

/** Unpack + launch + first page from nothing, against a 50-page batch; then a warm second invocation. */
export async function coldStart(
  pages: Array<Pick<BenchPage, 'url' | 'readySelector'>>,
  concurrency: number,
  /** A saved real page names its retailer's servers: only its own origin is loaded. */
  sameOriginOnly = false,
): Promise<ColdStart> {
  const usesSparticuz = !process.env.CHROME_PATH;
  const chromium = usesSparticuz ? (await import('@sparticuz/chromium')).default : null;
  if (chromium) await rm('/tmp/chromium', { force: true });
  let started = performance.now();
  if (chromium) await chromium.executablePath();
  const unpackMs = performance.now() - started;
  started = performance.now();
  const pool = createBrowserPool(() => launchBrowser());
  const lease = await pool.lease();
  const browser = lease.browser;
  const launchMs = performance.now() - started;
  const [first, ...rest] = pages;
  started = performance.now();
  await renderFloor(browser, first!.url, first!.readySelector, true, sameOriginOnly);
  const firstPageMs = performance.now() - started;
  const batch = await timedPool(rest.slice(0, 49), concurrency, (page) =>
    renderFloor(browser, page.url, page.readySelector, true, sameOriginOnly).then(() => undefined),
  );
  started = performance.now();
  if (chromium) await chromium.executablePath();
  const secondUnpackMs = performance.now() - started;
  lease.release();
  (await pool.lease()).release();
  const totalMs = unpackMs + launchMs + firstPageMs;
  const result = {
    unpackMs: round(unpackMs),
    launchMs: round(launchMs),
    firstPageMs: round(firstPageMs),
    totalMs: round(totalMs),
    batchMs: round(batch.wallMs + firstPageMs),
    share: round(totalMs / (totalMs + batch.wallMs), 3),
    secondInvocationLaunches: pool.launches() - 1,
    secondUnpackMs: round(secondUnpackMs),
  };
  await pool.close();
  return result;
}
