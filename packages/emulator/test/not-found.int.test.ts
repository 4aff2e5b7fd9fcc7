import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';

describe('unknown paths and methods', () => {
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    base = emulator.urls.http;
  });
  afterAll(() => emulator.close());

  it.each([
    `${CONSOLE}/No/Such/Resource`,
    '/api/v1.1/rest/consoleservice.svc/console/nothing',
    '/API/v1.1/Rest/MailStatisticsService.svc/Message/Nothing',
    '/API/v1/Rest/ConsoleService.svc/Console/User/Lists',
    '/API/v1.1/Rest',
  ])('an unknown REST path %s is 404 with MailUp’s JSON error body', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      ErrorCode: '404',
      ErrorDescription: 'Endpoint not found.',
      ErrorName: 'NotFound',
      ErrorStack: null,
    });
  });

  it('a known REST path with the wrong method is 405 with an Allow header and MailUp’s JSON error body', async () => {
    const response = await fetch(`${base}${CONSOLE}/User/Lists`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      ErrorCode: '405',
      ErrorDescription: 'Method not allowed.',
      ErrorName: 'MethodNotAllowed',
      ErrorStack: null,
    });
  });

  it('an unknown path outside REST is a plain-text 404', async () => {
    const response = await fetch(`${base}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('not found');
  });

  it('a wrong method outside REST is a plain-text 405 with an Allow header', async () => {
    const response = await fetch(`${base}/Authorization/OAuth/LogOn`, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('a path that only starts like the REST base (/API/v1.10/…) is not REST', async () => {
    const response = await fetch(`${base}/API/v1.10/Rest/x`);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});
