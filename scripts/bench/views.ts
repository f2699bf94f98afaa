import { dynamo } from '../../functions/core/aws/dynamo.ts';
import { s3 } from '../../functions/core/aws/s3.ts';
import { shiftDay } from '../../functions/core/day.ts';
import { publishDay } from '../../functions/core/views/publish-day.ts';
import type { LocalStack } from '../local/stack.ts';
import { percentile, round } from './stats.ts';
import { syntheticDay } from './synthetic.ts';

/** What one view costs at one day size: its time, the storage reads behind it, its size. */
export interface ViewFigures {
  view: string;
  p50Ms: number;
  p95Ms: number;
  /** S3 GetObjects and DynamoDB reads the API made for one view (its sign-in check reads none). */
  readsPerView: number;
  bytes: number;
}

export interface DaySizeFigures {
  observations: number;
  publishMs: number;
  views: ViewFigures[];
}

const SAMPLES = 40;
const READS = new Set(['GetObjectCommand', 'HeadObjectCommand', 'GetCommand', 'BatchGetCommand', 'QueryCommand']);

/**
 * The day's pages at two sizes: two synthetic days of `size` observations each (a day and the day
 * before), the day's views built once (publishDay, as the alerts sweep does when a run ends), then
 * every view a person opens, timed through the local HTTP API, with the storage reads each makes.
 */
export async function benchViews(
  stack: LocalStack,
  sizes: number[],
  firstDate: string,
  markets: Array<{ site: string; market: string }>,
): Promise<DaySizeFigures[]> {
  const token = await stack.signIn();
  const results: DaySizeFigures[] = [];
  for (const [index, size] of sizes.entries()) {
    const date = shiftDay(firstDate, index * 2 + 1);
    await syntheticDay(stack.tableName, shiftDay(date, -1), size, markets);
    await syntheticDay(stack.tableName, date, size, markets);
    await publishDay(shiftDay(date, -1), stack);
    const started = performance.now();
    await publishDay(date, stack);
    const publishMs = performance.now() - started;
    const { site, market } = markets[0]!;
    const marketRoute = `/scorecards/${date}/${encodeURIComponent(site)}/${encodeURIComponent(market)}`;
    const views: Array<[string, string, Record<string, string>]> = [
      ['summary page', `/scorecards/${date}`, { accept: 'text/html' }],
      ['market page', marketRoute, { accept: 'text/html' }],
      ['day as JSON', `/scorecards/${date}`, {}],
      ['market as CSV', `${marketRoute}?format=csv`, {}],
    ];
    const figures: ViewFigures[] = [];
    for (const [view, route, headers] of views)
      figures.push(await timeView(stack, view, route, { ...headers, authorization: `Bearer ${token}` }));
    results.push({ observations: size, publishMs: round(publishMs), views: figures });
  }
  return results;
}

async function timeView(
  stack: LocalStack,
  view: string,
  route: string,
  headers: Record<string, string>,
): Promise<ViewFigures> {
  const samples: number[] = [];
  let bytes = 0;
  // One untimed request first: a warm Lambda container, JWKS fetched.
  await (await fetch(`${stack.http.url}${route}`, { headers })).arrayBuffer();
  let reads = 0;
  const stop = countReads(() => (reads += 1));
  try {
    for (let sample = 0; sample < SAMPLES; sample++) {
      const begin = performance.now();
      const response = await fetch(`${stack.http.url}${route}`, { headers });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`bench: GET ${route} answered ${response.status}`);
      samples.push(performance.now() - begin);
      bytes = body.byteLength;
    }
  } finally {
    stop();
  }
  return {
    view,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    readsPerView: round(reads / SAMPLES, 2),
    bytes,
  };
}

/** Counts the read requests the API's clients send (they run in this process, as the local stack's functions do). */
function countReads(onRead: () => void): () => void {
  const clients = [dynamo(), s3()] as Array<{ send: (...args: unknown[]) => unknown }>;
  const originals = clients.map((client) => client.send);
  clients.forEach((client, index) => {
    const send = originals[index]!.bind(client);
    client.send = (command: unknown, ...rest: unknown[]) => {
      if (READS.has((command as { constructor: { name: string } }).constructor.name)) onRead();
      return send(command, ...rest);
    };
  });
  return () => clients.forEach((client, index) => (client.send = originals[index]!));
}
