import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { decodeSelectorText } from './decode-text.ts';
import { problemsFromZod, type SelectorProblem } from './problems.ts';
import { siteFileSchema, trackingFileSchema, type SiteFile, type TrackingFile } from './schema.ts';

export const TRACKING_FILE = 'tracking.yaml';

export interface LoadedSite extends SiteFile {
  /** Where it came from, as shown in messages (relative to the working directory). */
  file: string;
}

export interface SelectorSet {
  sites: LoadedSite[];
  tracking: TrackingFile | null;
  /** Files that failed validation; they are skipped, the others still load. */
  problems: SelectorProblem[];
}

/**
 * Reads `<dir>/tracking.yaml` and every `<dir>/<site>/<market>.yaml`. One bad file is reported and
 * skipped so a typo in one market never stops the others.
 */
export async function loadSelectorDir(dir: string): Promise<SelectorSet> {
  const problems: SelectorProblem[] = [];
  const sites: LoadedSite[] = [];
  const trackingPath = path.join(dir, TRACKING_FILE);
  const tracking = await readAndParse(trackingPath, trackingFileSchema, problems);
  if (tracking === null && !problems.some((p) => p.file === display(trackingPath))) {
    problems.push({ file: display(trackingPath), field: '', message: 'missing: it says which brands are ours' });
  }

  for (const file of await listSiteFiles(dir)) {
    const site = await readAndParse(file, siteFileSchema, problems);
    if (site === null) continue;
    const placement = checkPlacement(file, site);
    if (placement) {
      problems.push(placement);
      continue;
    }
    const duplicate = sites.find((other) => other.site === site.site && other.market === site.market);
    if (duplicate) {
      problems.push({
        file: display(file),
        field: 'market',
        message: `"${site.market}" is already defined by ${duplicate.file}`,
      });
      continue;
    }
    sites.push({ ...site, file: display(file) });
  }
  return { sites, tracking, problems };
}

/** Parses one site file (its bytes, or text already decoded); used by the loader and by tools that take a single file. */
export function parseSiteFile(
  file: string,
  content: string | Uint8Array,
): { site: LoadedSite | null; problems: SelectorProblem[] } {
  const problems: SelectorProblem[] = [];
  const site = parseContent(file, content, siteFileSchema, problems);
  return { site: site ? { ...site, file: display(file) } : null, problems };
}

export function parseTrackingFile(
  file: string,
  content: string | Uint8Array,
): { tracking: TrackingFile | null; problems: SelectorProblem[] } {
  const problems: SelectorProblem[] = [];
  return { tracking: parseContent(file, content, trackingFileSchema, problems), problems };
}

async function listSiteFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read the selector folder ${display(dir)}: ${error.code === 'ENOENT' ? 'no such folder' : error.message}`,
    );
  });
  const files: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const siteDir = path.join(dir, entry.name);
    const names = (await readdir(siteDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
    files.push(...names.map((name) => path.join(siteDir, name)));
  }
  return files;
}

/** The path says which site and market a file is for; a file whose content disagrees is a mistake. */
function checkPlacement(file: string, site: SiteFile): SelectorProblem | null {
  const folder = path.basename(path.dirname(file));
  const market = path.basename(file).replace(/\.ya?ml$/, '');
  if (site.site !== folder)
    return {
      file: display(file),
      field: 'site',
      message: `expected "${folder}" (the folder name), got "${site.site}"`,
    };
  if (site.market !== market)
    return {
      file: display(file),
      field: 'market',
      message: `expected "${market}" (the file name), got "${site.market}"`,
    };
  return null;
}

async function readAndParse<S extends z.ZodType>(
  file: string,
  schema: S,
  problems: SelectorProblem[],
): Promise<z.output<S> | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    problems.push({ file: display(file), field: '', message: `cannot be read: ${(error as Error).message}` });
    return null;
  }
  return parseContent(file, bytes, schema, problems);
}

/**
 * Bytes (or text) → YAML → schema. Whatever goes wrong, from an encoding to a YAML alias bomb to
 * an exception in a parser, is this file's problem: named and reported, never a crash of the run.
 */
function parseContent<S extends z.ZodType>(
  file: string,
  content: string | Uint8Array,
  schema: S,
  problems: SelectorProblem[],
): z.output<S> | null {
  const decoded = typeof content === 'string' ? { text: content } : decodeSelectorText(content);
  if ('error' in decoded) {
    problems.push({ file: display(file), field: '', message: decoded.error });
    return null;
  }
  try {
    return parseText(file, decoded.text, schema, problems);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    const bomb = /alias/i.test(message) ? ' (a YAML alias bomb?)' : '';
    problems.push({
      file: display(file),
      field: '',
      message: `cannot be read as YAML: ${message.split('\n')[0]}${bomb}`,
    });
    return null;
  }
}

function parseText<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  problems: SelectorProblem[],
): z.output<S> | null {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const where = error.linePos?.[0] ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ file: display(file), field: where, message: `not valid YAML: ${message}` });
    }
    return null;
  }
  // Aliases are expanded here; more than a few dozen is an attack on memory, and toJS refuses it.
  const result = schema.safeParse(document.toJS({ maxAliasCount: 50 }), { reportInput: true });
  if (!result.success) {
    problems.push(...problemsFromZod(display(file), result.error));
    return null;
  }
  return result.data;
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
