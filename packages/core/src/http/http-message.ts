/** One HTTP request as the transport sends it (already serialized by the pipeline). */
export interface HttpRequest {
  method: string;
  /** Absolute `https://` URL (or `http://` on loopback / with the transport's opt-in). */
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Overrides the transport's default timeout for this call (whole exchange, ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** `text` (default) decodes the body as UTF-8; `buffer` keeps the bytes. */
  responseType?: 'text' | 'buffer';
  /** Operation name for errors and logs. */
  operation?: string;
  /** Call id and attempt, copied into error request summaries. */
  callId?: string;
  attempt?: number;
  /** Called once, as soon as bytes of this request may have reached the server. */
  onBytesMayHaveLeft?: () => void;
}

/** A response of any status: the transport never throws on an HTTP status (deserialize maps it). */
export interface HttpResponse {
  status: number;
  /** Lower-case header names; `set-cookie` is an array. */
  headers: Record<string, string | string[]>;
  /** UTF-8 text, or the bytes when `responseType: 'buffer'` was asked. */
  body: string | Buffer;
  /** The URL that was called. */
  url: string;
}

/** What every transport implementation offers; the pipeline's transport step depends only on this. */
export interface HttpSender {
  send(request: HttpRequest): Promise<HttpResponse>;
}
