import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Decides whether the scraper may reach an address: only http(s), and never an address inside this
 * network (loopback, private ranges, link-local with the cloud metadata service, and their IPv6
 * forms). Names are resolved first, so a public name pointing at a private address is refused too,
 * and the addresses that were checked are the only ones a connection may then use (no second,
 * different answer from DNS in between). A local run allows its demo shop by exact host and port.
 *
 * Two levels use the same rules: a URL (`guard(url)`, before a fetch or for a redirect hop) and a
 * connection (`guard.connection(host, port)`, in the browser's guarding proxy and the static
 * fetch's connector, where every socket is checked whatever API opened it).
 */
export interface RequestGuard {
  (url: string): Promise<GuardVerdict>;
  connection(host: string, port: number): Promise<ConnectionVerdict>;
}
export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };
/** `addresses` are what the connection must use; null means connect as asked (an allowed origin or an IP literal). */
export type ConnectionVerdict = { allowed: true; addresses: string[] | null } | { allowed: false; reason: string };

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2002::', 16],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Schemes that never reach the network: inline data and blank pages. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** How long a name's checked addresses are reused; connections are pinned to them meanwhile. */
const RESOLVE_TTL_MS = 60_000;

export interface GuardOptions {
  /** Origins allowed even though they are private (the local demo shop), e.g. http://127.0.0.1:4010. */
  allowedOrigins?: Iterable<string>;
  resolve?: (hostname: string) => Promise<string[]>;
}

export function createRequestGuard(options: GuardOptions = {}): RequestGuard {
  const allowedOrigins = [...(options.allowedOrigins ?? [])].map((origin) => new URL(origin));
  const allowed = new Set(allowedOrigins.map((origin) => origin.origin));
  const allowedEndpoints = new Set(
    allowedOrigins.map((origin) => endpointKey(origin.hostname, Number(origin.port || defaultPort(origin.protocol)))),
  );
  const resolve = options.resolve ?? resolveAll;
  const cache = new Map<string, { at: number; addresses: Promise<string[]> }>();
  const resolveCached = (host: string): Promise<string[]> => {
    const hit = cache.get(host);
    if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.addresses;
    const addresses = resolve(host).catch(() => []);
    cache.set(host, { at: Date.now(), addresses });
    return addresses;
  };

  const connection = async (rawHost: string, port: number): Promise<ConnectionVerdict> => {
    const host = rawHost.replace(/^\[|\]$/g, '');
    const shown = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
    if (allowedEndpoints.has(endpointKey(host, port))) return { allowed: true, addresses: null };
    if (isIP(host))
      return isInternalAddress(host)
        ? { allowed: false, reason: `${shown} is an internal address (${host})` }
        : { allowed: true, addresses: null };
    const addresses = await resolveCached(host.toLowerCase());
    if (addresses.length === 0) return { allowed: false, reason: `${host} does not resolve` };
    const internal = addresses.find(isInternalAddress);
    return internal
      ? { allowed: false, reason: `${shown} is an internal address (${internal})` }
      : { allowed: true, addresses };
  };

  const guard = async (raw: string): Promise<GuardVerdict> => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { allowed: false, reason: `not a URL: ${raw.slice(0, 100)}` };
    }
    if (LOCAL_SCHEMES.has(url.protocol)) return { allowed: true };
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { allowed: false, reason: `scheme ${url.protocol} is not http(s)` };
    if (allowed.has(url.origin)) return { allowed: true };
    const verdict = await connection(url.hostname, Number(url.port || defaultPort(url.protocol)));
    // Worded by origin, as a person reads a URL.
    return verdict.allowed
      ? { allowed: true }
      : { allowed: false, reason: verdict.reason.replace(/^\S+ is an internal/, `${url.origin} is an internal`) };
  };
  return Object.assign(guard, { connection });
}

export function isInternalAddress(address: string): boolean {
  const mapped = ipv4MappedToIpv4(address);
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  return isIP(address) === 6 ? BLOCKED.check(address, 'ipv6') : BLOCKED.check(address, 'ipv4');
}

function endpointKey(host: string, port: number): string {
  return `${host.replace(/^\[|\]$/g, '').toLowerCase()}|${port}`;
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' || protocol === 'wss:' ? 443 : 80;
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
