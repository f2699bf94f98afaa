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

/** A set of selector files by path under their folder: `tracking.yaml`, `<site>/<market>.yaml`. */
export type SelectorFiles = Record<string, string | Uint8Array>;

/**
 * Reads `<dir>/tracking.yaml` and every `<dir>/<site>/<market>.yaml`. One bad file is reported and
 * skipped so a typo in one market never stops the others.
 */
export async function loadSelectorDir(dir: string): Promise<SelectorSet> {
  const unreadable: SelectorProblem[] = [];
  const set = loadSelectorFiles(await readSelectorFiles(dir, unreadable), dir);
  return { ...set, problems: [...unreadable, ...set.problems] };
}

/**
 * The selector files of a folder, as they are (bytes: their encoding is checked when they load).
 * A file that cannot be read is a problem of its own in `unreadable`, and left out.
 */
export async function readSelectorFiles(dir: string, unreadable: SelectorProblem[] = []): Promise<SelectorFiles> {
  const files: SelectorFiles = {};
  const read = async (file: string) =>
    readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT')
        unreadable.push({ file: display(file), field: '', message: `cannot be read: ${error.message}` });
      return null;
    });
  const tracking = await read(path.join(dir, TRACKING_FILE));
  if (tracking) files[TRACKING_FILE] = tracking;
  for (const file of await listSiteFiles(dir)) {
    const bytes = await read(file);
    if (bytes) files[path.relative(dir, file).split(path.sep).join('/')] = bytes;
  }
  return files;
}

/**
 * Validates a set of selector files (a folder's, or a version stored in the stack) and loads the
 * good ones; `root` is where they are said to be in messages (`selectors`, `selectors@v3`).
 */
export function loadSelectorFiles(files: SelectorFiles, root: string): SelectorSet {
  const problems: SelectorProblem[] = [];
  const sites: LoadedSite[] = [];
  const trackingPath = path.join(root, TRACKING_FILE);
  const trackingContent = files[TRACKING_FILE];
  const tracking =
    trackingContent === undefined ? null : parseContent(trackingPath, trackingContent, trackingFileSchema, problems);
  if (trackingContent === undefined) {
    // (A tracking file that exists but cannot be read was reported by the reader.)
    problems.push({ file: display(trackingPath), field: '', message: 'missing: it says which brands are ours' });
  }

  for (const name of Object.keys(files)
    .filter((name) => name !== TRACKING_FILE)
    .sort()) {
    const file = path.join(root, name);
    if (!/^[^/]+\/[^/]+\.ya?ml$/.test(name)) {
      problems.push({ file: display(file), field: '', message: 'not a selector file: expected <site>/<market>.yaml' });
      continue;
    }
    const site = parseContent(file, files[name]!, siteFileSchema, problems);
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
