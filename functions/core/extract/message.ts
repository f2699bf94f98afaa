import type { PageStatus } from './types.ts';

/**
 * What an observation says about how extraction ended, for a live read (with what the browser
 * steps could not do) and for archived HTML extracted again alike.
 */
export function extractionMessage(status: PageStatus, url: string, notes: string[] = []): string | null {
  const detail = notes.length ? `; ${notes.join('; ')}` : '';
  if (status === 'selector_miss') return `Item selector matched nothing at ${url} (has the site changed?)${detail}`;
  if (status === 'blocked') return `Bot wall at ${url}`;
  return notes.length ? notes.join('; ') : null;
}
