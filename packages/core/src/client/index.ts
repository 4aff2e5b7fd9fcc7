export type { ClientConfig, ClientTlsOptions, TransportSettings } from './client-config.js';
export { applyPlugins, type ClientPlugin, definePlugin, type PluginMiddleware } from './client-plugin.js';
export {
  type ClientCallOptions,
  callOptionsOf,
  DeferredInput,
  deferInput,
  ProtocolClient,
  type ProtocolClientOptions,
} from './protocol-client.js';
