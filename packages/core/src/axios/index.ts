/**
 * `@mailup-kit/core/axios`: the axios adapter ({@link axiosTransport}), for users who already configure axios
 * (interceptors, their own agents). Needs `axios` installed (an optional peer dependency of core); the default
 * transport, core/node's `HttpTransport`, does not use axios.
 */
export { AxiosTransport, type AxiosTransportOptions, axiosTransport } from './axios-transport.js';
