import type { MailUpError } from '../errors/mailup-error.js';
import { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './vendor-code.js';

/** The frontend pages with a numeric answer. */
export const FRONTEND_PAGES = ['xmlSubscribe', 'Xmlchksubscriber', 'Xmlunsubscribe', 'xmlUpdSubscriber'] as const;

/** One of {@link FRONTEND_PAGES}. */
export type FrontendPage = (typeof FRONTEND_PAGES)[number];

const IP_NOT_REGISTERED: VendorCode = { code: -1011, meaning: 'IP not registered', kind: 'ip-not-allowed' };

/**
 * The numeric answers of each frontend page (REFERENCE §4.2–4.5, artifacts/frontend/return-codes.tsv). The same
 * number means different things on different pages. Xmlchksubscriber answers are statuses, not errors. `-1011`
 * is documented for xmlSubscribe; the other IP-restricted pages are assumed to answer it too (REFERENCE §4).
 */
export const FRONTEND_RETURN_CODES: Readonly<Record<FrontendPage, readonly VendorCode[]>> = Object.freeze({
  xmlSubscribe: [
    { code: 0, meaning: 'success' },
    { code: 1, meaning: 'generic error', kind: 'permanent' },
    { code: 2, meaning: 'invalid email address or mobile number', kind: 'validation' },
    { code: 3, meaning: 'recipient already subscribed', kind: 'conflict' },
    IP_NOT_REGISTERED,
  ],
  Xmlchksubscriber: [
    { code: 1, meaning: 'generic error or not subscribed', status: 'not-subscribed' },
    { code: 2, meaning: 'subscribed (OPT-IN)', status: 'subscribed' },
    { code: 3, meaning: 'unsubscribed (OPT-OUT)', status: 'unsubscribed' },
    { code: 4, meaning: 'pending confirmation (PENDING)', status: 'pending' },
    IP_NOT_REGISTERED,
  ],
  Xmlunsubscribe: [
    { code: 0, meaning: 'unsubscribed' },
    { code: 1, meaning: 'generic error', kind: 'permanent' },
    { code: 3, meaning: 'unknown recipient or already unsubscribed', kind: 'not-found' },
    IP_NOT_REGISTERED,
  ],
  xmlUpdSubscriber: [
    { code: 0, meaning: 'updated' },
    { code: 1, meaning: 'generic error', kind: 'permanent' },
    IP_NOT_REGISTERED,
  ],
});

/** The page key for a page name or path, case-insensitive, with or without `.aspx` (`/frontend/xmlsubscribe.aspx`). */
export function frontendPage(name: string): FrontendPage | undefined {
  const base = (
    name
      .split(/[/?]/)
      .filter(Boolean)
      .find((part) => /\.aspx$/i.test(part)) ?? name
  )
    .replace(/\.aspx$/i, '')
    .toLowerCase();
  return FRONTEND_PAGES.find((page) => page.toLowerCase() === base);
}

/** A frontend page's answer once parsed: the code and, for status pages, the status. */
export interface FrontendAnswer {
  page: FrontendPage;
  code: number;
  meaning: string;
  status?: string;
}

/**
 * Reads a frontend page's bare numeric body (`"0"`, `"3\r\n"`, `"-1011"`) and returns the answer, or throws the
 * MailUpError the page's table gives (unknown numbers and non-numeric bodies are `permanent`).
 */
export function frontendAnswer(page: FrontendPage, body: string, context: VendorErrorContext = {}): FrontendAnswer {
  const text = body.trim();
  const table = FRONTEND_RETURN_CODES[page];
  if (!/^-?\d+$/.test(text)) {
    throw vendorCodeError('frontend', `${page}.aspx`, Number.NaN, undefined, context, {
      body: text.slice(0, 100),
    });
  }
  const code = Number(text);
  const row = findCode(table, code);
  if (!row || row.kind) throw frontendError(page, code, context) as MailUpError;
  return { page, code, meaning: row.meaning, ...(row.status ? { status: row.status } : {}) };
}

/** The error for a page's code, or `undefined` when that code is a success or a status on that page. */
export function frontendError(
  page: FrontendPage,
  code: number,
  context: VendorErrorContext = {},
): MailUpError | undefined {
  const row = findCode(FRONTEND_RETURN_CODES[page], code);
  if (row && !row.kind) return undefined;
  return vendorCodeError('frontend', `${page}.aspx`, code, row, context);
}
