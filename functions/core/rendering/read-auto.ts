import type { PageResult } from '../extract/types.ts';
import type { PageOutcome } from '../page/types.ts';
import type { Target } from '../jobs/expand.ts';
import { renderPlan, trustedStaticRead, type RenderVerdict } from './choose-render.ts';
import { compareReads } from './compare-reads.ts';
import type { RenderVerdicts } from './render-verdicts.ts';

/**
 * A `render: auto` page (docs/selector-files.md, "Chromium only where it changes the answer"): read with a plain fetch while its
 * checks show that a fetch reads what Chromium reads, else with Chromium.
 *
 * - check (no verdict yet, or the job the sample picks): Chromium's read is the figure (with its
 *   screenshot); a plain fetch is compared with it, and the verdict follows the comparison.
 * - static: a plain read stands only if it is ok and not far short of the last check's items;
 *   anything else is read again with Chromium at once, and the page goes to Chromium until a
 *   check says otherwise. What can slip between checks is a page that changed since its last
 *   check and still reads ok plainly; the next check (a tenth of the page's jobs each run) catches it.
 * - chrome: read with Chromium.
 */
export async function readAuto<Read extends { outcome: PageOutcome }>(
  job: { runId: string; target: Target; pageKeywords?: readonly string[] },
  verdicts: RenderVerdicts,
  /** The page read one way, with its site's retries (pipeline/read-attempts.ts). */
  read: (render: 'static' | 'chrome') => Promise<Read>,
): Promise<Read> {
  const verdict = verdicts.get(job.target);
  const plan = renderPlan(verdict, job.runId, job.target, job.pageKeywords);
  const decide = (mode: RenderVerdict['mode'], why: string, chrome: PageOutcome) =>
    verdicts.set(job.target, {
      mode,
      why,
      checkedAt: new Date().toISOString(),
      runId: job.runId,
      items: itemsOf(chrome.result),
    });
  if (plan === 'chrome') return by('chrome', await read('chrome'));
  if (plan === 'static') {
    const plain = await read('static');
    const distrust = trustedStaticRead(plain.outcome.status, itemsOf(plain.outcome.result), verdict!);
    if (!distrust) return by('static', plain);
    const chrome = await read('chrome');
    if (chrome.outcome.status === 'ok') await decide('chrome', distrust, chrome.outcome);
    return by('chrome', chrome, { same: false, why: `${distrust}; read again with Chromium` });
  }
  const chrome = await read('chrome');
  // A Chromium read that is not ok (blocked, failed) is nothing to compare with: the verdict stays.
  if (chrome.outcome.status !== 'ok') return by('chrome', chrome);
  const plain = await read('static');
  const agreement = compareReads(chrome.outcome, plain.outcome);
  await decide(
    agreement.same ? 'static' : 'chrome',
    agreement.same ? 'a plain fetch read the same' : agreement.why,
    chrome.outcome,
  );
  return by('chrome', chrome, agreement.same ? { same: true } : agreement);
}

function by<Read extends { outcome: PageOutcome }>(
  renderedBy: 'static' | 'chrome',
  read: Read,
  renderCheck?: { same: boolean; why?: string },
): Read {
  return { ...read, outcome: { ...read.outcome, renderedBy, ...(renderCheck ? { renderCheck } : {}) } };
}

function itemsOf(result: PageResult | null): number {
  if (!result) return 0;
  return result.kind === 'placement'
    ? result.slots.reduce((sum, slot) => sum + slot.items.length, 0)
    : result.tiles.length;
}
