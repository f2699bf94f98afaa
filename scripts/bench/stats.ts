/** Small statistics for benchmark figures. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** Runs `task` for every item with at most `concurrency` at once; returns each item's duration (ms) and the wall time. */
export async function timedPool<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const start = performance.now();
        await task(item);
        durations.push(performance.now() - start);
      }
    }),
  );
  return { durations, wallMs: performance.now() - started };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The most `render: auto` can gain over `chrome` on a mix, with free plain reads: the script-drawn
 * pages and one server-rendered page in `checkEvery` (its checks) still take Chromium.
 */
export function autoSpeedupBound(serverRendered: number, scriptDrawn: number, checkEvery: number): number {
  return (serverRendered + scriptDrawn) / (scriptDrawn + serverRendered / checkEvery);
}
