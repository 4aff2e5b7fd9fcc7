import http from 'node:http';

/** A bare `node:http` GET client over one keep-alive agent: the baseline benchmarks compare a protocol client with. */
export interface RawHttp {
  get(url: string, headers?: Record<string, string>): Promise<{ status: number; data: string }>;
  close(): void;
}

/**
 * `node:http` keep-alive and nothing else (no retry, quota, redaction, deadline or HTTP library): the "raw GET of
 * the same URL" a benchmark's overhead ratio divides by, now that the transport is undici and no longer axios.
 */
export function rawHttp(): RawHttp {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  return {
    get: (url, headers) =>
      new Promise((resolve, reject) => {
        const req = http.get(url, { agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, data: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}
