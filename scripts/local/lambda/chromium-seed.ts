import { linkSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * On Lambda every new execution environment of the scrape function unpacks the layer's Chromium
 * (about 200 MB) into its own /tmp. Locally that unpack is done once per machine, into a seed
 * folder, and each new environment's /tmp gets hard links to it: the same files in the same place,
 * counted against its EphemeralStorage as on Lambda, without a second or two of brotli per cold
 * start. The unpack's own lock and marker (functions/core/browser/chromium-binary.ts) keep two
 * processes seeding at once from reading half a binary.
 */
const SEED_DIR = path.join(tmpdir(), 'shelfwatch-chromium-seed');
/** Left by the unpack while it runs: never linked. */
const UNPACK_LOCK = '.shelfwatch-chromium-lock';

let seeded: Promise<string> | undefined;

export function chromiumSeed(): Promise<string> {
  seeded ??= unpackInto(SEED_DIR).catch((error: unknown) => {
    seeded = undefined;
    throw error;
  });
  return seeded;
}

function unpackInto(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const worker = new Worker(new URL('./chromium-seed-worker.ts', import.meta.url), {
    env: { ...process.env, TMPDIR: dir },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(dir));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`unpacking Chromium into ${dir} stopped (exit ${code})`)));
  });
}

/** Hard links of every file in `from` under `to`, folders made as they are met. */
export function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === UNPACK_LOCK) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isFile()) linkSync(source, target);
  }
}
