import type { Transport } from '../transport/transport.js';

/**
 * One HTTP request as the transport sends it (already rendered by the build step). Only what goes on the wire:
 * the signal, deadline, call id, attempt and the bytes-may-have-left callback travel in the
 * {@link TransportAttempt} instead.
 */
export interface HttpRequest {
  method: string;
  /** Absolute `https://` URL (or `http://` on loopback / with the transport's opt-in). */
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** `text` (default) decodes the body as UTF-8; `buffer` keeps the bytes. */
  responseType?: 'text' | 'buffer';
}

/** A response of any status: the transport never throws on an HTTP status (deserialize maps it). */
export interface HttpResponse {
  status: number;
  /** Lower-case header names; `set-cookie` is an array. */
  headers: Record<string, string | string[]>;
  /** UTF-8 text, or the bytes when `responseType: 'buffer'` was asked. */
  body: string | Uint8Array;
  /** The URL that was called. */
  url: string;
}

/** The HTTP transport contract: a {@link Transport} of {@link HttpRequest} to {@link HttpResponse}. */
export type HttpSender = Transport<HttpRequest, HttpResponse>;
