import http from 'node:http';
import type net from 'node:net';
import { freePort } from './processes';

/**
 * What stands in front of a service's replicas, as a load balancer does in a cluster: one URL,
 * requests spread round-robin over the replicas, a replica that refuses the connection (dead)
 * passed over for the next. A request cut off inside a replica that dies answers 502, which the
 * client treats as no answer (and sends again: keyed requests and changes are safe to repeat).
 */
export class Balancer {
  private next = 0;
  private readonly server: http.Server;

  private constructor(
    private readonly upstreams: string[],
    readonly url: string,
  ) {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  static async start(upstreams: string[]): Promise<Balancer> {
    const port = await freePort();
    const balancer = new Balancer(upstreams, `http://127.0.0.1:${port}`);
    await new Promise<void>((resolve) => balancer.server.listen(port, '127.0.0.1', resolve));
    return balancer;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { upstreams } = this;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const first = this.next++;
    for (let attempt = 0; attempt < upstreams.length; attempt++) {
      const upstream = new URL(upstreams[(first + attempt) % upstreams.length]!);
      const outcome = await new Promise<'sent' | 'refused' | 'cut'>((resolve) => {
        const forwarded = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', () => resolve('sent'));
            answer.on('error', () => resolve('cut'));
          },
        );
        forwarded.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'cut'));
        forwarded.end(body);
      });
      if (outcome === 'sent') return;
      if (outcome === 'cut') {
        if (res.headersSent) (res.socket as net.Socket | null)?.destroy();
        else res.writeHead(502).end();
        return;
      }
    }
    res.writeHead(503).end();
  }
}
