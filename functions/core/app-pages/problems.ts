import { describePage } from '../jobs/describe.ts';
import type { MarketScorecard } from '../scorecard/types.ts';
import { esc, proofLinks, statusBadge } from './fragments.ts';

/** The pages of one site × market that were not read cleanly: why, since when a selector is broken, the last good day, a fix found. */
export function problemsSection(card: MarketScorecard): string {
  if (card.problems.length === 0) return '';
  const items = card.problems.map((problem) => {
    const keyword = problem.keyword ? ` “${esc(problem.keyword)}”` : '';
    const since = problem.brokenSince ? ` — <strong>selector broken since ${esc(problem.brokenSince)}</strong>` : '';
    const lastGood =
      problem.lastGood !== undefined
        ? ` <span class="muted">(last read cleanly: ${problem.lastGood ? esc(problem.lastGood) : 'not in the last 60 days'})</span>`
        : '';
    const message = problem.message ? `<br><span class="muted">${esc(problem.message)}</span>` : '';
    const fix = problem.fix
      ? `<br><strong>A fix was found</strong> (recovers ${problem.fix.recovered} of ${problem.fix.known} products on ${esc(problem.fix.provenOn)}): run <code>${esc(problem.fix.command)}</code>`
      : '';
    return `<li>${statusBadge(problem.status)} ${esc(describePage(problem))}${keyword}${since}${lastGood}${message}${fix} ${proofLinks(problem.evidence)}</li>`;
  });
  return `<h3 id="problems">Needs attention</h3><ul class="plain">${items.join('')}</ul>`;
}
