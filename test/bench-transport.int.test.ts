import { describe, expect, it } from 'vitest';
import { measure } from './bench/transport.js';

// Keeps the transport benchmark runnable (it is not run by CI): tiny sizes, an emulator child process, no speed
// assertion.
describe('bench/transport', () => {
  it('measures the REST (curl, node:http, undici floor, axios adapter) and SOAP ratios at tiny sizes', async () => {
    const figures = await measure({ calls: 5, rounds: 1, soapCalls: 3, soapRounds: 1 });
    const keys = [
      'restGetVsNodeHttp',
      'axiosAdapterRatio',
      'soapGetListsVsRawPost',
      'undiciRequestGetMs',
      'undiciDispatchGetMs',
      'restGetVsUndiciDispatch',
    ];
    if (figures.curlAvailable) keys.push('restGetVsCurl', 'undiciDispatchVsCurl');
    if (figures.pythonRequestsAvailable) keys.push('restGetVsPythonRequests', 'pythonRequestsGetMs');
    if (figures.phpSoapAvailable) keys.push('soapGetListsVsPhpSoapClient', 'phpSoapClientGetListsMs');
    for (const key of keys) expect(Number.isFinite(figures[key]) && (figures[key] as number) > 0, key).toBe(true);
  }, 60_000);
});
