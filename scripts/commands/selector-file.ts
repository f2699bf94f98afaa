import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTrackingFile, TRACKING_FILE, type LoadedSite } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import type { PageSpec } from '../../functions/core/selectors/schema.ts';
import { UsageError } from './command.ts';

/** What commands that take one selector file share: picking its page, finding its tracking file, reading files. */

/** The tracking file of a selector file's folder tree: <dir>/tracking.yaml beside <dir>/<site>/<market>.yaml. */
export function trackingBeside(selectorFile: string): string {
  return path.join(path.dirname(path.dirname(selectorFile)), TRACKING_FILE);
}

export function choosePage(site: LoadedSite, wanted: string | undefined): PageSpec {
  const names = site.pages.map((page) => page.name ?? page.kind);
  if (wanted === undefined) {
    if (site.pages.length === 1 && site.pages[0]) return site.pages[0];
    throw new UsageError(`${site.file} has ${site.pages.length} pages; choose one with --page (${names.join(', ')})`);
  }
  const byName = site.pages.find((page) => (page.name ?? page.kind) === wanted);
  const byKind = site.pages.filter((page) => page.kind === wanted);
  const page = byName ?? (byKind.length === 1 ? byKind[0] : undefined);
  if (!page) throw new UsageError(`${site.file} has no page "${wanted}" (pages: ${names.join(', ')})`);
  return page;
}

export async function readTracking(file: string, explicit: boolean) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    if (explicit) throw new UsageError(`cannot read the tracking file ${file}`);
    console.error(`note: no ${file}; every tile is classified "other"`);
    return null;
  }
  const { tracking, problems } = parseTrackingFile(file, bytes);
  for (const problem of problems) console.error(formatProblem(problem));
  return tracking;
}

export async function readText(file: string): Promise<string> {
  return (await readBytes(file)).toString('utf8');
}

/** A file's bytes: what a selector or tracking file is parsed from, so its encoding is checked. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
