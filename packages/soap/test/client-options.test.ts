import { describe, expect, it } from 'vitest';
import { activateWebService, ImportClient, SoapClient } from '../src/index.js';

describe('options refused before anything is sent', () => {
  it('the Import service over plain http needs the explicit opt-in', () => {
    expect(() => new ImportClient({ consoleUrl: 'http://abcd.emailsp.net', user: 'a1234', password: 'p' })).toThrow(
      expect.objectContaining({ kind: 'validation', message: expect.stringMatching(/allowInsecureHttp/) }),
    );
  });

  it('the Import opt-in is said once in the log', () => {
    const lines: string[] = [];
    const log = (_f: unknown, ...rest: unknown[]): void => {
      lines.push(String(rest[0]));
    };
    const client = new ImportClient({
      consoleUrl: 'http://abcd.emailsp.net',
      user: 'a1234',
      password: 'p',
      allowInsecureHttp: true,
      logger: { debug: log, info: log, warn: log, error: log },
    });
    client.close();
    expect(lines.filter((l) => l.includes('plain HTTP'))).toHaveLength(1);
  });

  it('WSActivation over plain http needs the opt-in too', async () => {
    await expect(
      activateWebService({ consoleUrl: 'http://abcd.emailsp.net', user: 'a1234', password: 'p', service: 'FrontEnd' }),
    ).rejects.toMatchObject({ kind: 'validation' });
  });

  it.each([
    [{ user: '', password: 'p' }, /user/],
    [{ user: 'a1234', password: '' }, /password/],
    [{ user: 'someone', password: 'p' }, /consoleId/],
    [{ user: 'a1234', password: 'p', deprecatedLogin: { url: 'https://abcd.emailsp.net/' } }, /bare console host/],
    [{ user: 'a1234', password: 'p', baseUrl: 'not a url' }, /absolute URL/],
  ])('SoapClient(%o) is refused', (options, message) => {
    expect(() => new SoapClient(options as never)).toThrow(
      expect.objectContaining({ kind: 'validation', message: expect.stringMatching(message) }),
    );
  });

  it('session methods are not callable directly', async () => {
    const soap = new SoapClient({ user: 'a1234', password: 'p', baseUrl: 'http://127.0.0.1:9' });
    await expect(soap.send.call('LoginFromId', { consoleId: 1 })).rejects.toMatchObject({ kind: 'validation' });
    await soap.close();
  });
});
