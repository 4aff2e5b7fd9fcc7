import type { HttpRequest, HttpResponse, HttpSender } from '@mailup-kit/core';
import { transportAttempt } from '@mailup-kit/core/pipeline';
import { CookieJar } from 'tough-cookie';
import { invalid } from './validate.js';

/** A response with the URL it finally came from (after redirects). */
export interface SessionResponse extends HttpResponse {
  finalUrl: string;
}

/**
 * An HTTP session with a cookie jar (tough-cookie) that follows redirects: what a browser does on MailUp's LogOn
 * form. It lets the authorization code flow run headlessly (tests against the emulator, automation).
 *
 * @example
 * ```ts
 * const session = new CookieSession(new HttpTransport({ protocol: 'oauth' }));
 * await session.request({ method: 'GET', url: logOnUrl });
 * ```
 */
export class CookieSession {
  readonly jar: CookieJar;

  constructor(
    private readonly transport: HttpSender,
    options: { jar?: CookieJar; maxRedirects?: number } = {},
  ) {
    this.jar = options.jar ?? new CookieJar();
    this.maxRedirects = options.maxRedirects ?? 10;
  }

  private readonly maxRedirects: number;

  /** Sends `request` with the jar's cookies, stores the answer's cookies, follows redirects (a 303/302 after POST becomes GET). */
  async request(request: HttpRequest, options: { signal?: AbortSignal } = {}): Promise<SessionResponse> {
    let current: HttpRequest = request;
    for (let hop = 0; hop <= this.maxRedirects; hop++) {
      const cookie = await this.jar.getCookieString(current.url);
      const headers: Record<string, string> = { ...current.headers };
      if (cookie) headers.cookie = cookie;
      const response = await this.transport.send(
        { ...current, headers },
        transportAttempt({ operation: 'CookieSession', signal: options.signal, attempt: hop + 1 }),
      );
      const setCookie = response.headers['set-cookie'];
      for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
        await this.jar.setCookie(line, current.url, { ignoreError: true });
      }
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
        return { ...response, finalUrl: current.url };
      }
      const next = new URL(location, current.url).toString();
      const keep = response.status === 307 || response.status === 308;
      current = keep
        ? { ...current, url: next }
        : { method: 'GET', url: next, headers: { accept: current.headers?.accept ?? '*/*' } };
    }
    throw invalid('CookieSession', `more than ${this.maxRedirects} redirects`);
  }

  /** GETs the LogOn page, fills the form with the given credentials and follows every redirect. */
  async submitLogOnForm(logOnUrl: string, username: string, password: string): Promise<SessionResponse> {
    const page = await this.request({ method: 'GET', url: logOnUrl, headers: { accept: 'text/html' } });
    const html = String(page.body);
    const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1] ?? new URL(logOnUrl).pathname;
    const form = new URLSearchParams();
    for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)) {
      form.set(decodeEntities(match[1] ?? ''), decodeEntities(match[2] ?? ''));
    }
    form.set('username', username);
    form.set('password', password);
    return this.request({
      method: 'POST',
      url: new URL(decodeEntities(action), page.finalUrl).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: form.toString(),
    });
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}
