import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import type { Target } from '../jobs/expand.ts';
import { renderVerdictKey } from './keys.ts';

type VerdictPage = Pick<Target, 'site' | 'market' | 'kind' | 'page'>;

/** BatchGetItem reads at most this many keys in one request. */
const BATCH_GET_KEYS = 100;

/** The stored `render: auto` verdicts of these pages (at most a batch get's worth), by `site#market#kind#page`. */
export async function readRenderVerdicts<V>(tableName: string, pages: VerdictPage[]): Promise<Map<string, V>> {
  const known = new Map<string, V>();
  const keys = pages
    .slice(0, BATCH_GET_KEYS)
    .map((page) => renderVerdictKey(page.site, page.market, page.kind, page.page));
  if (keys.length === 0) return known;
  const response = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
  for (const item of response.Responses?.[tableName] ?? []) {
    const [, site, market] = String(item.pk).split('#');
    const [, kind, page] = String(item.sk).split('#');
    known.set(`${site}#${market}#${kind}#${page}`, item.verdict as V);
  }
  return known;
}

export async function writeRenderVerdict(tableName: string, page: VerdictPage, verdict: unknown): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: renderVerdictKey(page.site, page.market, page.kind, page.page),
      UpdateExpression: 'SET verdict = :verdict',
      ExpressionAttributeValues: { ':verdict': verdict },
    }),
  );
}
