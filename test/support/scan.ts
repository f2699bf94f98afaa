import type { DemoShop } from '../../scripts/demo-shop/server.ts';
import type { LocalStack } from '../../scripts/local/stack.ts';

/** The daily schedule firing on `date` (the demo shop moved to that day); resolves with the run id once it is done. */
export async function scheduledScan(stack: LocalStack, shop: DemoShop, date: string): Promise<string> {
  shop.setDate(date);
  const run = await stack.scheduledScan(new Date(`${date}T06:00:00Z`));
  await stack.waitForRun(run.runId, undefined, 180_000);
  return run.runId;
}
