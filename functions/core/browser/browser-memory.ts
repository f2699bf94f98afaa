import { readFileSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';

/**
 * Resident memory of a browser in MB: its process and the processes it started (one process under
 * --single-process, as on Lambda; a system Chrome's renderers too). Null where /proc cannot tell
 * (not Linux, or the browser is gone): the pool then retires by page count alone.
 */
export function browserRssMb(browser: Browser): number | null {
  const pid = browser.process()?.pid;
  if (!pid) return null;
  const own = rssKb(pid);
  if (own === null) return null;
  let kb = own;
  // Renderers are the zygote's children, not the browser's: two levels down is all of them.
  for (const child of childrenOf(pid)) {
    kb += rssKb(child) ?? 0;
    for (const grandchild of childrenOf(child)) kb += rssKb(grandchild) ?? 0;
  }
  return kb / 1024;
}

function rssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    // Linux lists a process's children per thread; the main thread's are the ones it forked.
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}
