import { z } from 'zod';
import type { HttpEvent } from '../core/http/event.ts';
import type { LoadedSite } from '../core/selectors/load.ts';

/** One of the configured names (a site, a market), or a message listing them. */
export const known = (values: string[], what: string) =>
  z.string().refine((value) => values.includes(value), {
    error: (issue) =>
      `unknown ${what} "${String(issue.input)}" (configured: ${[...new Set(values)].sort().join(', ')})`,
  });

/** A site the selector files configure. */
export const knownSite = (sites: LoadedSite[]) =>
  known(
    sites.map((entry) => entry.site),
    'site',
  );

/** A market the selector files configure (of `site`, when given). */
export const knownMarket = (sites: LoadedSite[], site?: string) =>
  known(
    sites.filter((entry) => site === undefined || entry.site === site).map((entry) => entry.market),
    site === undefined ? 'market' : `market of ${site}`,
  );

export const formatSchema = z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' }).optional();

/** JSON unless a browser asked for a page (or ?format= says otherwise). */
export function formatOf(event: HttpEvent, asked: 'json' | 'csv' | 'html' | undefined): 'json' | 'csv' | 'html' {
  if (asked) return asked;
  return (event.headers.accept ?? '').includes('text/html') ? 'html' : 'json';
}

/** Which part of a large market's search rows (1 is the first): the page and its JSON come in parts. */
export const partSchema = z.coerce.number({ error: 'expected a part number' }).int().min(1).max(10_000).default(1);
