import { z } from 'zod';
import type { HttpEvent } from '../core/http/event.ts';

/** One of the configured names (a site, a market), or a message listing them. */
export const known = (values: string[], what: string) =>
  z.string().refine((value) => values.includes(value), {
    error: (issue) =>
      `unknown ${what} "${String(issue.input)}" (configured: ${[...new Set(values)].sort().join(', ')})`,
  });

export const formatSchema = z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' }).optional();

/** JSON unless a browser asked for a page (or ?format= says otherwise). */
export function formatOf(event: HttpEvent, asked: 'json' | 'csv' | 'html' | undefined): 'json' | 'csv' | 'html' {
  if (asked) return asked;
  return (event.headers.accept ?? '').includes('text/html') ? 'html' : 'json';
}

/** Which part of a large market's search rows (1 is the first): the page and its JSON come in parts. */
export const partSchema = z.coerce.number({ error: 'expected a part number' }).int().min(1).max(10_000).default(1);
