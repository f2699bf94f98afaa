import type { Target } from './expand.ts';

/** A page as people name it: `search`, `category mascara`, `placement home` (a page named after its kind says it once). */
export function describePage(target: Pick<Target, 'kind' | 'page'>): string {
  return target.page === target.kind ? target.kind : `${target.kind} ${target.page}`;
}

/** A target as people name it: `search “brow gel”`, `category mascara`; with `where`, its site and market first. */
export function describeTarget(
  target: Pick<Target, 'kind' | 'page'> & { keyword?: string | null | undefined; site?: string; market?: string },
): string {
  const page = `${describePage(target)}${target.keyword ? ` “${target.keyword}”` : ''}`;
  return target.site && target.market ? `${target.site}/${target.market} ${page}` : page;
}
