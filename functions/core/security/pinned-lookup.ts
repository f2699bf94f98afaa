import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A DNS lookup that answers with addresses already checked by the guard, whatever name it is asked
 * for: the socket connects to exactly what was checked, so a second DNS answer (rebinding) between
 * the check and the connection cannot point it inside.
 */
export function pinnedLookup(addresses: string[]): Lookup {
  return (_hostname, options, callback) => {
    const family = typeof options === 'number' ? options : options?.family;
    const wanted = family === 4 || family === 6 ? addresses.filter((address) => isIP(address) === family) : addresses;
    const entries = wanted.map((address) => ({ address, family: isIP(address) }));
    if (entries.length === 0) {
      callback(
        Object.assign(new Error(`no IPv${family} address among ${addresses.join(', ')}`), { code: 'ENOTFOUND' }),
        '',
        0,
      );
      return;
    }
    if (typeof options === 'object' && options?.all) callback(null, entries);
    else callback(null, entries[0]!.address, entries[0]!.family);
  };
}
