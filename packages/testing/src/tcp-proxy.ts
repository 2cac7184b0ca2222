import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, say), so a test can cut the
 * network between a client and that server and mend it again: `cut()` resets every open
 * connection and refuses new ones, as a dropped link or a restarting host does; `mend()` lets
 * connections through again. The server itself keeps running.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port swapped for the proxy's. */
  proxied(url: string): string;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let severed = false;
  const server = net.createServer((client) => {
    if (severed) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const proxy: TcpProxy = {
    port,
    proxied(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut() {
      severed = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    mend() {
      severed = false;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
