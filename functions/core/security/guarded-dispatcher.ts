import { Agent, buildConnector } from 'undici';
import { ConnectionRefusedError } from './errors.ts';
import { pinnedLookup } from './pinned-lookup.ts';
import type { RequestGuard } from './request-guard.ts';

const agents = new WeakMap<RequestGuard, Agent>();

/**
 * An HTTP agent for the static path whose every socket is checked by the guard at connect time and
 * pinned to the addresses the guard checked, so neither a redirect nor a second DNS answer can reach
 * an internal address. One agent (and its keep-alive pool) per guard.
 */
export function guardedDispatcher(guard: RequestGuard): Agent {
  let agent = agents.get(guard);
  if (!agent) {
    const direct = buildConnector({ timeout: 10_000 });
    const connect: buildConnector.connector = (options, callback) => {
      const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
      guard.connection(options.hostname, port).then(
        (verdict) => {
          if (!verdict.allowed)
            return callback(
              new ConnectionRefusedError(`Refused to connect to ${options.hostname}:${port}: ${verdict.reason}`),
              null,
            );
          const connector = verdict.addresses
            ? buildConnector({ timeout: 10_000, lookup: pinnedLookup(verdict.addresses) as never })
            : direct;
          connector(options, callback);
        },
        (error: Error) => callback(error, null),
      );
    };
    agent = new Agent({ connect });
    agents.set(guard, agent);
  }
  return agent;
}
