import { describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { Logger } from '../src/logger.js';
import { redactForm, redactHeaders, redactString, redactUrl, redactValue } from '../src/redaction/redact.js';
import { redactingLogger } from '../src/redaction/redacting-logger.js';
import { REDACTED, SECRET_NAMES, SecretNames } from '../src/redaction/secret-names.js';

describe('secret names', () => {
  it('every listed name is secret, in any case and with - or _', () => {
    const names = new SecretNames();
    for (const name of SECRET_NAMES) {
      expect(names.isSecret(name)).toBe(true);
      expect(names.isSecret(name.toUpperCase())).toBe(true);
    }
    for (const name of [
      'clientSecret',
      'Client-Secret',
      'REFRESH_TOKEN',
      'accessToken',
      'listSecret',
      'smtpPassword',
      'ListSecret',
      'Secret',
    ]) {
      expect(names.isSecret(name)).toBe(true);
    }
    for (const name of [
      'username',
      'user',
      'email',
      'idList',
      'listGUID',
      'ErrorCode',
      'expires_in',
      'token_type',
      'Content',
    ]) {
      expect(names.isSecret(name)).toBe(false);
    }
    expect(new SecretNames(['x-custom']).isSecret('X-Custom')).toBe(true);
  });
});

describe('redaction', () => {
  it('URLs: query parameters and user-info', () => {
    expect(redactUrl('http://h/frontend/WSActivation.aspx?usr=a51234&pwd=p%40ss&nl_url=h&ws_name=FrontEnd')).toBe(
      `http://h/frontend/WSActivation.aspx?usr=a51234&pwd=${REDACTED}&nl_url=h&ws_name=FrontEnd`,
    );
    expect(redactUrl('https://u:hunter2@h/x?code=abc#frag')).toBe(`https://u:${REDACTED}@h/x?code=${REDACTED}#frag`);
    expect(redactUrl('https://h/cb?state=1&code=XYZ')).toBe(`https://h/cb?state=1&code=${REDACTED}`);
  });

  it('an XML document carried entity-escaped in a SOAP string result: secret elements, by the same names', () => {
    const answer =
      '<LoginFromIdResult>&lt;LoginResult&gt;&lt;errorCode&gt;0&lt;/errorCode&gt;' +
      '&lt;accessKey&gt;k3y-v4lue&lt;/accessKey&gt;&lt;ns:Pass_Word&gt;pw&lt;/ns:Pass_Word&gt;&lt;/LoginResult&gt;</LoginFromIdResult>';
    expect(redactString(answer)).toBe(
      '<LoginFromIdResult>&lt;LoginResult&gt;&lt;errorCode&gt;0&lt;/errorCode&gt;' +
        `&lt;accessKey&gt;${REDACTED}&lt;/accessKey&gt;&lt;ns:Pass_Word&gt;${REDACTED}&lt;/ns:Pass_Word&gt;&lt;/LoginResult&gt;</LoginFromIdResult>`,
    );
  });

  it('form bodies', () => {
    expect(redactForm('grant_type=refresh_token&refresh_token=R1&client_id=c&client_secret=S1')).toBe(
      `grant_type=refresh_token&refresh_token=${REDACTED}&client_id=c&client_secret=${REDACTED}`,
    );
  });

  it('JSON and XML strings, header lines and bearer tokens', () => {
    expect(redactString('{"ListGuid":"g","ListSecret":"s\\"x","Recipient":"+39"}')).toBe(
      `{"ListGuid":"g","ListSecret":"${REDACTED}","Recipient":"+39"}`,
    );
    expect(redactString('<Authentication><User>a1</User><Password>p</Password></Authentication>')).toBe(
      `<Authentication><User>a1</User><Password>${REDACTED}</Password></Authentication>`,
    );
    expect(redactString('Authorization: Bearer abc.def\ncookie: sid=1')).toBe(
      `Authorization: ${REDACTED}\ncookie: ${REDACTED}`,
    );
    expect(redactString('sent Bearer abc.def-ghi to x')).toBe(`sent Bearer ${REDACTED} to x`);
    expect(redactString('GET Console/User/Lists: HTTP 401 Authorization error: Access token is expired')).toBe(
      'GET Console/User/Lists: HTTP 401 Authorization error: Access token is expired',
    );
  });

  it('header maps keep non-secret headers', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer x', 'content-type': 'a', 'set-cookie': ['a', 'b'], Cookie: 'c' }),
    ).toEqual({
      Authorization: REDACTED,
      'content-type': 'a',
      'set-cookie': REDACTED,
      Cookie: REDACTED,
    });
  });

  it('objects deeply, through arrays, maps, errors and cycles', () => {
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    expect(
      redactValue({
        user: 'm1',
        nested: [{ access_token: 't', keep: 1 }],
        map: new Map([['client_secret', 's']]),
        error: new Error('call https://h/?pwd=zz failed'),
        bytes: Buffer.from('secret'),
        cyclic,
        empty: { password: '' },
      }),
    ).toEqual({
      user: 'm1',
      nested: [{ access_token: REDACTED, keep: 1 }],
      map: { client_secret: REDACTED },
      error: { name: 'Error', message: `call https://h/?pwd=${REDACTED} failed` },
      bytes: '[6 bytes]',
      cyclic: { password: REDACTED, self: '[…]' },
      empty: { password: '' },
    });
  });

  it('MailUpError redacts its message, request and details on construction', () => {
    const error = new MailUpError({
      kind: 'transient',
      protocol: 'frontend',
      message: 'GET http://h/x?usr=a&pwd=TopSecret failed',
      request: { method: 'GET', url: 'http://h/x?usr=a&pwd=TopSecret' },
      details: { headers: { authorization: 'Basic TopSecret' }, body: 'password=TopSecret' },
      cause: new Error('pwd=TopSecret'),
    });
    for (const text of [error.message, String(error), error.stack ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain('TopSecret');
    }
    expect(error.request?.url).toBe(`http://h/x?usr=a&pwd=${REDACTED}`);
  });

  it('redactingLogger redacts every argument and is idempotent', () => {
    const lines: unknown[][] = [];
    const sink: Logger = {
      debug: (...a) => lines.push(a),
      info: (...a) => lines.push(a),
      warn: (...a) => lines.push(a),
      error: (...a) => lines.push(a),
    };
    const logger = redactingLogger(redactingLogger(sink));
    logger.info({ url: 'https://x/?access_token=AT' }, 'form password=PW');
    logger.error(new Error('token=TK'));
    logger.debug('plain');
    logger.warn({ headers: { Authorization: 'Bearer X' } });
    expect(JSON.stringify(lines)).not.toMatch(/AT"|PW|TK|Bearer X/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toEqual(['plain']);
  });
});
