import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a refused upload may keep arriving (and be discarded) after the 413, before the socket is destroyed. */
const LINGER_MS = 1_000;

/** The declared `Content-Length`, or undefined when absent (chunked) or not a plain number. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * Reads a request body, giving up as soon as it crosses `max` bytes (a streamed upload is not read to its end).
 * After `'too-large'` the rest of the upload is discarded while the answer goes out.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume(); // discard, without buffering, until the connection closes
      resolve('too-large');
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/**
 * Makes the connection close once `res` is answered, without a TCP reset: Node would destroy the socket right after
 * the answer while the client is still uploading, and the reset can swallow the answer before the client reads it.
 * Instead the write side is half-closed, incoming bytes are discarded, and the socket is destroyed when the client
 * closes or after a short linger.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  res.shouldKeepAlive = false;
  res.setHeader('connection', 'close');
  socket.destroySoon = () => {
    socket.end();
    socket.once('end', () => socket.destroy());
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  req.resume();
}
