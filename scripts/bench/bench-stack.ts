import { startLocalStack, type LocalStack } from '../local/stack.ts';

/** The local stack as the benchmark measures it: in memory, the demo shop as the site, the scrape function's tabs set. */
export function startBenchStack(
  rootDir: string,
  selectorsDir: string,
  shopUrl: string,
  concurrency: number,
): Promise<LocalStack> {
  return startLocalStack({
    rootDir,
    dataDir: null,
    selectorsDir,
    siteOrigins: { 'demo-shop': shopUrl },
    env: { SCRAPE_CONCURRENCY: String(concurrency) },
  });
}
