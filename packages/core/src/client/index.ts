export type { ClientConfig, TransportSettings } from './client-config.js';
export { applyPlugins, type ClientPlugin, definePlugin, type PluginMiddleware } from './client-plugin.js';
export { type ClientCallOptions, ProtocolClient, type ProtocolClientOptions } from './protocol-client.js';
