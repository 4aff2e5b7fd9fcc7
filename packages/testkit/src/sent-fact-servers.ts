import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** Three local endpoints, one per `MailUpError.sent` state, for a client's integration test over real sockets. */
export interface SentFactServers {
  /** A port nothing listens on: the connection is refused ⇒ `sent: 'no'`. */
  readonly refused: string;
  /** A server that resets the connection once the request arrived ⇒ `sent: 'maybe'`. */
  readonly reset: string;
  /** A server answering every request `500` with a body ⇒ `sent: 'yes'`. */
  readonly answered: string;
  /** How many requests reached the reset and answering servers. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Starts the three endpoints on 127.0.0.1 (origins like `http://127.0.0.1:PORT`, no trailing slash). `body` is what
 * the answering server sends with its 500 (default a SOAP-free plain text).
 *
 * @example
 * ```ts
 * const servers = await sentFactServers();
 * const error = await client.call(...).catch((e) => e); // against servers.refused
 * expect(error.sent).toBe('no');
 * await servers.close();
 * ```
 */
export async function sentFactServers(body = 'internal error', contentType = 'text/plain'): Promise<SentFactServers> {
  let requests = 0;
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const reset = http.createServer((req) => {
    requests++;
    req.socket.resetAndDestroy();
  });
  const answered = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.writeHead(500, { 'content-type': contentType }).end(body));
  });
  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const resetUrl = await listen(reset);
  const answeredUrl = await listen(answered);
  return {
    refused: `http://127.0.0.1:${closedPort}`,
    reset: resetUrl,
    answered: answeredUrl,
    requests: () => requests,
    async close() {
      for (const server of [reset, answered]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
