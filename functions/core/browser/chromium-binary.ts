import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

type Chromium = typeof import('@sparticuz/chromium').default;

/**
 * require(), not import(): on Lambda the package comes from the layer (/opt/nodejs/node_modules),
 * which Node finds through NODE_PATH, and only require() honours NODE_PATH.
 */
export function loadChromium(): Chromium {
  const loaded = packageRequire()('@sparticuz/chromium') as Chromium | { default: Chromium };
  return 'default' in loaded ? loaded.default : loaded;
}

function packageRequire(): NodeJS.Require {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

/** A lock older than this belongs to an unpack that died (unpacking takes about a second). */
const STALE_LOCK_MS = 120_000;

let unpacked: Promise<string> | undefined;

/**
 * The path of @sparticuz/chromium's binary, unpacked into the temp folder once. The package treats
 * "the file exists" as "it is unpacked", so a second process starting while the first is still
 * writing spawns a half-written binary (`spawn ETXTBSY`): parallel test workers, two CLIs, a test
 * beside `npm start`. Here one process unpacks at a time, under a lock folder, and a marker written
 * after the unpack says it finished; a binary without its marker is a torn unpack and is redone.
 */
export function chromiumExecutable(): Promise<string> {
  unpacked ??= unpackOnce().catch((error: unknown) => {
    unpacked = undefined;
    throw error;
  });
  return unpacked;
}

async function unpackOnce(): Promise<string> {
  const chromium = loadChromium();
  const tmp = tmpdir();
  const marker = path.join(tmp, '.shelfwatch-chromium-ready');
  const binary = path.join(tmp, 'chromium');
  const version = packageVersion();
  const ready = () => existsSync(binary) && existsSync(marker) && readFileSync(marker, 'utf8') === version;
  if (ready()) return binary;
  const lock = path.join(tmp, '.shelfwatch-chromium-lock');
  for (;;) {
    if (takeLock(lock)) break;
    if (ready()) return binary;
    await sleep(100);
  }
  try {
    if (ready()) return binary;
    // Left by an unpack that was killed halfway, or by another version of the package.
    for (const part of [binary, marker, path.join(tmp, 'fonts')]) rmSync(part, { recursive: true, force: true });
    const executable = await chromium.executablePath();
    writeFileSync(marker, version);
    return executable;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the folder holds the lock. A lock whose owner is gone is taken over. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (lockIsStale(lock)) {
    rmSync(lock, { recursive: true, force: true });
    return takeLock(lock);
  }
  return false;
}

function lockIsStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    const owner = Number(readFileSync(path.join(lock, 'owner'), 'utf8'));
    if (!Number.isInteger(owner) || owner <= 0) return false; // being written this very moment
    process.kill(owner, 0);
    return false;
  } catch (error) {
    // ESRCH: the owner died. ENOENT: the lock went away meanwhile; try again.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH';
  }
}

function packageVersion(): string {
  const entry = packageRequire().resolve('@sparticuz/chromium');
  let dir = path.dirname(entry);
  while (
    !existsSync(path.join(dir, 'package.json')) ||
    !readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"@sparticuz/chromium"')
  ) {
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
