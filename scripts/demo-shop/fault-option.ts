import type { Fault } from './faults.ts';

/** The faults `--fault` can switch on: the ones that need nothing but where. */
export const OPTION_FAULTS = ['layout', 'captcha', 'http500', 'slow', 'bot', 'shuffle'] as const;

/**
 * `--fault <kind>[:<market>[:<path>]]`, e.g. `layout:us:/us/search` (a redesign of the us search
 * pages), `captcha:fr` (a bot wall on every fr page), `slow` (every page 2 s late), `bot` (a bot defence that
 * shows the robot check to half of all client addresses, and to any headless visitor). The faults
 * that need more (a target address, HTML) are switched on with POST /__faults. Pure; throws a
 * message that says what is accepted.
 */
export function parseFaultOption(text: string): Fault {
  const [kind, market, ...rest] = text.split(':');
  const path = rest.join(':');
  if (!OPTION_FAULTS.includes(kind as (typeof OPTION_FAULTS)[number]))
    throw new Error(
      `--fault ${text}: expected <kind>[:<market>[:<path>]] with kind ${OPTION_FAULTS.join(', ')} (others: POST /__faults)`,
    );
  if (market !== undefined && !/^[a-z]{0,8}$/.test(market))
    throw new Error(`--fault ${text}: "${market}" is not a market such as fr (empty for every market)`);
  if (path && !path.startsWith('/'))
    throw new Error(`--fault ${text}: the path must start with "/", such as /us/search`);
  return {
    type: kind as Fault['type'],
    ...(market ? { market } : {}),
    ...(path ? { path } : {}),
  };
}
