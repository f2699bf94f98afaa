import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';

export interface Canaries {
  /** A TCP listener that counts connections; returns `host:port` as a URL writes it. */
  tcp(name: string, host: '127.0.0.1' | '::1'): Promise<string>;
  /** A UDP socket that counts datagrams; returns `host:port` as a URL writes it. */
  udp(name: string, host: '127.0.0.1' | '::1'): Promise<string>;
  /** Connections or datagrams each canary received. */
  hits(name: string): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Listeners on loopback standing for what must never be reached: the Lambda Runtime API on
 * 127.0.0.1:9001, the metadata service, an admin console. Each counts what got through.
 */
export function createCanaries(): Canaries {
  const counts = new Map<string, number>();
  const servers: Server[] = [];
  const sockets: UdpSocket[] = [];
  const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const shown = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return {
    async tcp(name, host) {
      const server = createServer((socket) => {
        count(name);
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      servers.push(server);
      return shown(host, (server.address() as { port: number }).port);
    },
    async udp(name, host) {
      const socket = createSocket(host === '::1' ? 'udp6' : 'udp4');
      socket.on('message', () => count(name));
      await new Promise<void>((resolve) => socket.bind(0, host, resolve));
      sockets.push(socket);
      return shown(host, socket.address().port);
    },
    hits: (name) => counts.get(name) ?? 0,
    reset: () => counts.clear(),
    async close() {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      for (const socket of sockets) socket.close();
    },
  };
}
