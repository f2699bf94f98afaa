import { Server } from 'proxy-chain';

export interface UpstreamProxy {
  port: number;
  /** Requests (connections asked for) per session name, in the order sessions first appeared. */
  perSession: Map<string, number>;
  /** Requests refused for wrong or missing credentials. */
  refused: number;
  /** The client address each session leaves from. */
  addressOf: Map<string, string>;
  close(): Promise<void>;
}

/**
 * A provider's rotating proxy, on loopback: Basic credentials `user-session-<name>:<password>`,
 * and each session leaves from an address of its own (127.0.0.<n>), the first ones from
 * `firstAddresses`, so a site sees sessions as different visitors.
 */
export async function startUpstreamProxy(options: {
  password: string;
  firstAddresses: string[];
}): Promise<UpstreamProxy> {
  const perSession = new Map<string, number>();
  const addressOf = new Map<string, string>();
  let refused = 0;
  const server = new Server({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: ({ username, password }) => {
      const session = /^user-session-([\w-]+)$/.exec(username ?? '')?.[1];
      if (!session || password !== options.password) {
        refused += 1;
        return { requestAuthentication: true };
      }
      perSession.set(session, (perSession.get(session) ?? 0) + 1);
      let address = addressOf.get(session);
      if (!address) {
        address = options.firstAddresses[addressOf.size] ?? `127.0.0.${20 + (addressOf.size % 200)}`;
        addressOf.set(session, address);
      }
      return { localAddress: address };
    },
  });
  server.on('requestFailed', () => undefined);
  await server.listen();
  return {
    port: server.port,
    perSession,
    addressOf,
    get refused() {
      return refused;
    },
    close: () => server.close(true),
  };
}
