import http from 'node:http';
import axios from 'axios';

/** A bare axios GET client over one keep-alive agent: the baseline benchmarks compare a protocol client with. */
export interface RawAxios {
  get(url: string): Promise<{ status: number; data: string }>;
  close(): void;
}

/**
 * The same axios our HTTP transport uses, with none of our pipeline (no retry, quota, redaction or deadline):
 * the "raw GET of the same URL" a benchmark's overhead ratio divides by.
 */
export function rawAxios(): RawAxios {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const client = axios.create({ httpAgent: agent, responseType: 'text', validateStatus: () => true, proxy: false });
  return {
    get: async (url) => {
      const res = await client.get<string>(url);
      return { status: res.status, data: String(res.data) };
    },
    close: () => agent.destroy(),
  };
}
