import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a test receiver answers: 2xx, an error status, never (hang), or not at all (down). */
export type ReceiverMode = 'ok' | 'unavailable' | 'hang' | 'down';

/** One request a receiver got, with its raw body. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP webhook receiver on 127.0.0.1 whose behaviour a test switches. */
export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Requests being held open in `hang` mode. */
  readonly hanging: number;
  setMode(mode: ReceiverMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a receiver. `down` closes the listening socket (connections are refused) and a later
 * mode listens again on the same port.
 */
export async function startReceiver(mode: ReceiverMode = 'ok'): Promise<Receiver> {
  let current: ReceiverMode = mode;
  const received: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  let server: Server | null = null;
  let port = 0;

  const listen = async () => {
    const s = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (current === 'hang') {
          held.add(response);
          response.on('close', () => held.delete(response));
          return;
        }
        if (current === 'unavailable') {
          response.writeHead(503).end('down for maintenance');
          return;
        }
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    if (!s) return;
    server = null;
    for (const response of held) response.destroy();
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  if (mode !== 'down') await listen();
  else {
    await listen();
    await stop();
  }
  return {
    url: `http://127.0.0.1:${port}/hooks/orgbridge?tenant=t1`,
    received,
    get hanging() {
      return held.size;
    },
    async setMode(next) {
      current = next;
      if (next === 'down') await stop();
      else if (!server) await listen();
    },
    close: stop,
  };
}
