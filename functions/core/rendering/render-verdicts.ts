import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { renderVerdictKey } from '../store/keys.ts';
import type { Target } from '../jobs/expand.ts';
import { verdictKey, type RenderVerdict } from './choose-render.ts';

/** The verdicts of a batch's `render: auto` pages, read once for the batch; a verdict changed is written at once. */
export interface RenderVerdicts {
  get(target: Target): RenderVerdict | undefined;
  set(target: Target, verdict: RenderVerdict): Promise<void>;
}

/**
 * The verdicts of these pages, in one BatchGetItem (a batch holds a few pages, each of many
 * keywords). A verdict that cannot be read counts as none: the page is checked, read both ways,
 * never trusted to a plain fetch unseen. A verdict is written only when it changes, or when the
 * last one is a day old (selector health shows when a page was last checked).
 */
export async function loadRenderVerdicts(
  tableName: string,
  targets: Target[],
  report?: (message: string) => void,
): Promise<RenderVerdicts> {
  const pages = new Map(targets.map((target) => [verdictKey(target), target]));
  const known = new Map<string, RenderVerdict>();
  const keys = [...pages.values()]
    .slice(0, 100)
    .map((target) => renderVerdictKey(target.site, target.market, target.kind, target.page));
  if (keys.length > 0) {
    const response = await dynamo()
      .send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }))
      .catch((error: Error) => {
        report?.(`render verdicts not read (their pages are checked): ${error.name}: ${error.message}`);
        return null;
      });
    for (const item of response?.Responses?.[tableName] ?? []) {
      const [, site, market] = String(item.pk).split('#');
      const [, kind, page] = String(item.sk).split('#');
      known.set(`${site}#${market}#${kind}#${page}`, item.verdict as RenderVerdict);
    }
  }
  return {
    get: (target) => known.get(verdictKey(target)),
    async set(target, verdict) {
      const before = known.get(verdictKey(target));
      known.set(verdictKey(target), verdict);
      const stale = !before || Date.parse(verdict.checkedAt) - Date.parse(before.checkedAt) > 86_400_000;
      if (before && before.mode === verdict.mode && before.why === verdict.why && !stale) return;
      // A verdict not written costs no figure: the page's read stands, and a page still verdicted
      // static distrusts a bad plain read page by page (read again with Chromium) until a check saves one.
      await dynamo()
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: renderVerdictKey(target.site, target.market, target.kind, target.page),
            UpdateExpression: 'SET verdict = :verdict',
            ExpressionAttributeValues: { ':verdict': verdict },
          }),
        )
        .catch((error: Error) =>
          report?.(`render verdict for ${verdictKey(target)} not saved: ${error.name}: ${error.message}`),
        );
    },
  };
}
