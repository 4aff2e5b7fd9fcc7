export { makeTestCert } from '@mailup-kit/testkit/tls-cert';
