import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ListingResult } from '../../functions/core/extract/types.ts';
import { candidatePage, read as readWith, suggestFix } from '../../functions/core/heal/suggest-fix.ts';
import { renderTable } from '../format/table.ts';
import { demoCases, realPageCases, type CheckCase } from './check-cases.ts';

/**
 * `npm run suggest:check`: every redesign the demo shop has and each redesign of every saved real
 * page, with the selector file left as it was; does the first candidate `suggest` offers read the
 * redesigned page as the good day read (count, order, and every declared field: names, brands,
 * addresses, prices, sponsored flags, extra fields), and is anything offered that
 * fails its own proof or changes a figure on the good day? Prints a table and met/missed.
 */
interface Row {
  name: string;
  verdict: 'fixed' | 'partly' | 'no fix offered';
  detail: string;
  /** The first candidate, checked again here: does it fail what it claims? */
  offeredButFails: boolean;
  changesGoodDay: boolean;
}

const rootDir = process.cwd();
const realDir = path.resolve(rootDir, '../shared/realpages');
const cases: CheckCase[] = [...(await demoCases(rootDir))];
if (existsSync(realDir)) cases.push(...(await realPageCases(realDir, path.join(rootDir, 'test/fixtures/realpages'))));
else console.warn(`no real pages at ${realDir}: only the demo shop's cases are checked`);

/**
 * Every declared field of every tile (its address by path), with rank, sponsored flag and owner: a
 * fix must give them all. A value the good day could not read is not compared (a fix may find it).
 */
const figures = (result: ListingResult, as: ListingResult = result) =>
  JSON.stringify(
    result.tiles.map((t, i) => {
      const then = as.tiles[i];
      const kept = <T>(value: T, before: unknown) => (before === null || before === undefined ? null : value);
      return [
        t.name,
        t.organicRank,
        t.price,
        t.sponsored,
        t.owner,
        kept(t.brand, then?.brand),
        kept(urlPath(t.url), then?.url),
        Object.fromEntries(Object.entries(t.extra).map(([k, v]) => [k, kept(v, then?.extra[k])])),
      ];
    }),
  );
const urlPath = (url: string | null) => (url ? new URL(url).pathname : null);
const rows: Row[] = cases.map(({ name, input, expected }) => {
  const suggestion = suggestFix(input);
  if (suggestion.kind === 'none')
    return {
      name,
      verdict: 'no fix offered',
      detail: suggestion.reason.slice(0, 70),
      offeredButFails: false,
      changesGoodDay: false,
    };
  const page = candidatePage(input.page, suggestion.best);
  const read = (html: { html: string; url: string }) => readWith(input, page, html);
  const broken = read(input.broken);
  const good = input.good ? read(input.good) : null;
  const sameAsGoodDay = figures(broken, expected) === figures(expected);
  const names = (r: ListingResult) => JSON.stringify(r.tiles.map((t) => t.name));
  return {
    name,
    verdict: sameAsGoodDay ? 'fixed' : 'partly',
    detail: `${suggestion.best.item}${suggestion.best.changed.length ? ` + ${suggestion.best.changed.join(', ')}` : ''}${suggestion.best.sponsored ? ', sponsored' : ''} · ${broken.tiles.length}/${expected.tiles.length} tiles${sameAsGoodDay ? '' : names(broken) === names(expected) ? ' (names ok, a figure differs)' : ''}`,
    offeredButFails: broken.status !== 'ok' || suggestion.best.recovered < Math.ceil(input.known.length * 0.8),
    changesGoodDay: good !== null && figures(good, expected) !== figures(expected),
  };
});

console.log(
  renderTable(rows, [
    { header: 'case', value: (r) => r.name, max: 58 },
    { header: 'first candidate', value: (r) => r.verdict },
    { header: 'what', value: (r) => r.detail, max: 90 },
  ]),
);
const fixed = rows.filter((r) => r.verdict === 'fixed').length;
const share = fixed / rows.length;
const offeredFailing = rows.filter((r) => r.offeredButFails).length;
const changing = rows.filter((r) => r.changesGoodDay).length;
const line = (what: string, value: string, target: string, met: boolean) =>
  console.log(`${what.padEnd(58)} ${value.padEnd(12)} ${target.padEnd(8)} ${met ? 'met' : 'MISSED'}`);
console.log('');
line(
  'cases fixed by the first candidate',
  `${fixed}/${rows.length} = ${(share * 100).toFixed(0)} %`,
  '≥ 90 %',
  share >= 0.9,
);
line('offered candidates that fail their own proof', String(offeredFailing), '0', offeredFailing === 0);
line("proposed fixes that change a figure on the good day's archive", String(changing), '0', changing === 0);
