import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Decides whether the scraper may fetch a URL: only http(s), and never an address inside this
 * network (loopback, private ranges, link-local with the cloud metadata service, and their IPv6
 * forms). Names are resolved first, so a public name pointing at a private address is refused too.
 * A local run allows its demo shop by exact origin.
 */
export type RequestGuard = (url: string) => Promise<GuardVerdict>;
export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2002::', 16]] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Schemes that never reach the network: inline data and blank pages. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export interface GuardOptions {
  /** Origins allowed even though they are private (the local demo shop), e.g. http://127.0.0.1:4010. */
  allowedOrigins?: Iterable<string>;
  resolve?: (hostname: string) => Promise<string[]>;
}

export function createRequestGuard(options: GuardOptions = {}): RequestGuard {
  const allowed = new Set([...(options.allowedOrigins ?? [])].map((origin) => new URL(origin).origin));
  const resolve = options.resolve ?? resolveAll;
  const cache = new Map<string, Promise<string[]>>();
  return async (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { allowed: false, reason: `not a URL: ${raw.slice(0, 100)}` };
    }
    if (LOCAL_SCHEMES.has(url.protocol)) return { allowed: true };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { allowed: false, reason: `scheme ${url.protocol} is not http(s)` };
    if (allowed.has(url.origin)) return { allowed: true };
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      if (!cache.has(host)) cache.set(host, resolve(host).catch(() => []));
      addresses = await cache.get(host)!;
      if (addresses.length === 0) return { allowed: false, reason: `${host} does not resolve` };
    }
    const internal = addresses.find(isInternalAddress);
    return internal ? { allowed: false, reason: `${url.origin} is an internal address (${internal})` } : { allowed: true };
  };
}

export function isInternalAddress(address: string): boolean {
  const mapped = ipv4MappedToIpv4(address);
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  return isIP(address) === 6 ? BLOCKED.check(address, 'ipv6') : BLOCKED.check(address, 'ipv4');
}

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` are 127.0.0.1. */
function ipv4MappedToIpv4(address: string): string | null {
  const match = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(.+)$/i.exec(address);
  if (!match || isIP(address) !== 6) return null;
  const tail = match[1]!;
  if (isIP(tail) === 4) return tail;
  const parts = tail.split(':');
  if (parts.length !== 2) return null;
  const [high, low] = parts.map((part) => Number.parseInt(part, 16));
  if (high === undefined || low === undefined || Number.isNaN(high) || Number.isNaN(low)) return null;
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

async function resolveAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}
