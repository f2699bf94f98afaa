import type { Target } from '../jobs/expand.ts';
import { readRenderVerdicts, writeRenderVerdict } from '../store/render-verdicts.ts';
import { verdictKey, type RenderVerdict } from './choose-render.ts';

/** The verdicts of a batch's `render: auto` pages, read once for the batch; a verdict changed is written at once. */
export interface RenderVerdicts {
  get(target: Target): RenderVerdict | undefined;
  set(target: Target, verdict: RenderVerdict): Promise<void>;
}

/**
 * The verdicts of these pages, in one read (a batch holds a few pages, each of many keywords). A
 * verdict that cannot be read counts as none: the page is checked, read both ways, never trusted to
 * a plain fetch unseen. A verdict is written only when it changes, or when the last one is a day
 * old (selector health shows when a page was last checked).
 */
export async function loadRenderVerdicts(
  tableName: string,
  targets: Target[],
  report?: (message: string) => void,
): Promise<RenderVerdicts> {
  const pages = [...new Map(targets.map((target) => [verdictKey(target), target])).values()];
  const known = await readRenderVerdicts<RenderVerdict>(tableName, pages).catch((error: Error) => {
    report?.(`render verdicts not read (their pages are checked): ${error.name}: ${error.message}`);
    return new Map<string, RenderVerdict>();
  });
  return {
    get: (target) => known.get(verdictKey(target)),
    async set(target, verdict) {
      const before = known.get(verdictKey(target));
      known.set(verdictKey(target), verdict);
      const stale = !before || Date.parse(verdict.checkedAt) - Date.parse(before.checkedAt) > 86_400_000;
      if (before && before.mode === verdict.mode && before.why === verdict.why && !stale) return;
      // A verdict not written costs no figure: the page's read stands, and a page still verdicted
      // static distrusts a bad plain read page by page (read again with Chromium) until a check saves one.
      await writeRenderVerdict(tableName, target, verdict).catch((error: Error) =>
        report?.(`render verdict for ${verdictKey(target)} not saved: ${error.name}: ${error.message}`),
      );
    },
  };
}
