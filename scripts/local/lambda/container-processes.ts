import { readdirSync, readFileSync } from 'node:fs';

/**
 * The processes an execution environment started (its Chromium): on Lambda they live in its
 * sandbox and count against its memory. Here they are found by its own temp folder, which their
 * command lines name (the unpacked browser, its profile). Linux only: elsewhere, none are found.
 */
export function processesOf(tmpDir: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(tmpDir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Their memory in MB: each one's proportional share (PSS), so pages Chromium's processes share count once. */
export function memoryOfMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kb += Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
