import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { renderTable } from '../format/table.ts';

/** Lambda's limits and our own targets, in bytes. */
export const LIMITS = {
  functionZipTarget: 1024 * 1024,
  directUploadZip: 50 * 1024 * 1024,
  unzippedWithLayers: 250 * 1024 * 1024,
};

export interface SizeRow {
  part: string;
  unzipped: number;
  zipped: number;
  budget: string;
  ok: boolean;
}

/**
 * What a folder weighs zipped the way `sam deploy` zips it: each file deflated, plus the zip's own
 * headers (30 + name bytes per local header, 46 + name per central entry, 22 for the end record).
 */
export async function folderSizes(dir: string): Promise<{ unzipped: number; zipped: number; files: number }> {
  let unzipped = 0;
  let zipped = 22;
  let files = 0;
  for (const file of await listFiles(dir)) {
    const content = await readFile(file);
    const name = Buffer.byteLength(path.relative(dir, file));
    unzipped += content.length;
    zipped += Math.min(deflateRawSync(content, { level: 9 }).length, content.length) + 30 + 46 + 2 * name;
    files += 1;
  }
  return { unzipped, zipped, files };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return (await Promise.all(files.map(async (file) => ((await stat(file)).isFile() ? file : null)))).filter(
    (file): file is string => file !== null,
  );
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function sizeTable(rows: SizeRow[]): string {
  return renderTable(rows, [
    { header: 'part', value: (row) => row.part },
    { header: 'unzipped', value: (row) => mb(row.unzipped), align: 'right' },
    { header: 'zipped', value: (row) => (row.zipped ? mb(row.zipped) : '–'), align: 'right' },
    { header: 'budget', value: (row) => row.budget },
    { header: '', value: (row) => (row.ok ? 'ok' : 'OVER') },
  ]);
}
