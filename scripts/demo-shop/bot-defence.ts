import type { IncomingMessage } from 'node:http';

/**
 * The demo shop's bot defence (fault "bot"), as big retailers run one: a visitor whose address is
 * on its list (a `burned` share of all addresses, the same ones every time), or who gives itself
 * away (a headless user agent, no Accept-Language), gets the robot check, with Retry-After when
 * asked. Through a proxy each session leaves from an address of its own, so a new session may pass.
 */
export interface BotDefence {
  burned: number;
  addresses: string[];
}

export function turnsAway(request: IncomingMessage, defence: BotDefence): string | null {
  const agent = request.headers['user-agent'] ?? '';
  if (/headless|shelfwatch|bot\b/i.test(agent)) return 'a headless user agent';
  if (!request.headers['accept-language']) return 'no Accept-Language';
  const address = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return defence.addresses.includes(address) || isBurned(address, defence.burned)
    ? `address ${address} is on the list`
    : null;
}

/** Whether an address is on the list: a stable hash of it below the burned share. Pure. */
export function isBurned(address: string, burned: number): boolean {
  let hash = 0x811c9dc5;
  for (let index = 0; index < address.length; index++) {
    hash ^= address.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 1000) / 1000 < burned;
}
