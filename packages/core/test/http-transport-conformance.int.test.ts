import { httpTransportConformance } from '@mailup-kit/testkit/http-transport-conformance';
import { axiosTransport } from '../src/axios/index.js';
import { HttpTransport } from '../src/node/http-transport.js';

// The guarantees of every HTTP transport, run against the default (undici) and the axios adapter alike.
httpTransportConformance('HttpTransport (undici)', (options) => new HttpTransport(options));
httpTransportConformance('axiosTransport', (options) => axiosTransport(undefined, options), { httpsProxy: false });
