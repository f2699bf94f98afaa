import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Who holds a data folder: written by the process whose servers have it open. */
export interface DataLock {
  pid: number;
  command: string;
  startedAt: string;
  /** The holder's API, when it serves one. */
  apiUrl?: string;
  /** Sites it reads elsewhere than their files say (the demo shop on its own port). */
  siteOrigins?: Record<string, string>;
  /** Its user pool's managed login and app client, for `shelfwatch token`. */
  idpUrl?: string;
  clientId?: string;
  /** Where its AWS servers listen and what its table and bucket are: another command talks to them instead. */
  outputs?: LocalOutputs;
}

/** A running local stack's own "outputs", as a deployed stack's CloudFormation outputs name its resources. */
export interface LocalOutputs {
  tableName: string;
  bucketName: string;
  streamName: string;
  endpoints: { dynamodb: string; kinesis: string; s3: string };
}

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

const lockFile = (dataDir: string) => path.join(dataDir, 'shelfwatch.lock');
const appUrlFile = (dataDir: string) => path.join(dataDir, 'last-app-url');

/** The app's address the folder's stack last served on (written with the lock's apiUrl). */
export function lastAppUrl(dataDir: string): string | undefined {
  return existsSync(appUrlFile(dataDir)) ? readFileSync(appUrlFile(dataDir), 'utf8').trim() || undefined : undefined;
}

/** The lock of a live process other than this one, or null (none, or its process is gone). */
export function heldByAnother(dataDir: string): DataLock | null {
  const held = readLock(dataDir);
  return held && held.pid !== process.pid && isAlive(held.pid) ? held : null;
}

/**
 * DynamoDB's LevelDB files can be opened by one process at a time; a second one used to fail with
 * a bare `connect ECONNREFUSED`. The holder writes a lock with its pid; anyone else is told who
 * holds the folder. A lock whose process is gone (a kill -9) is taken over.
 */
export function lockDataFolder(
  dataDir: string,
  holder: Omit<DataLock, 'pid' | 'startedAt'>,
): { update(extra: Partial<DataLock>): void; release(): void } {
  const held = readLock(dataDir);
  if (held && held.pid !== process.pid && isAlive(held.pid)) {
    throw new DataFolderInUseError(
      `the data folder ${dataDir} is in use by shelfwatch ${held.command} (pid ${held.pid}${held.apiUrl ? `, API ${held.apiUrl}` : ''}, since ${held.startedAt}): stop it first (Ctrl-C), or point --data at another folder`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  let lock: DataLock = {
    pid: process.pid,
    command: holder.command,
    startedAt: new Date().toISOString(),
    ...(holder.apiUrl ? { apiUrl: holder.apiUrl } : {}),
  };
  writeFileSync(lockFile(dataDir), JSON.stringify(lock));
  return {
    update(extra) {
      lock = { ...lock, ...extra };
      writeFileSync(lockFile(dataDir), JSON.stringify(lock));
      // Kept after the lock is gone: exported evidence links point where the app last served.
      if (extra.apiUrl) writeFileSync(appUrlFile(dataDir), extra.apiUrl);
    },
    release() {
      if (readLock(dataDir)?.pid === process.pid) rmSync(lockFile(dataDir), { force: true });
    },
  };
}

export function readLock(dataDir: string): DataLock | null {
  if (!existsSync(lockFile(dataDir))) return null;
  try {
    return JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as DataLock;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
