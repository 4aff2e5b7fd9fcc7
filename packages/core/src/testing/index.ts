// Conformance suites that other packages (and third-party stores) reuse. Each suite adds its export here.
export { describeQuotaStoreConformance, type QuotaStoreSuiteOptions } from './quota-store-suite.js';
export {
  describeTokenStoreConformance,
  type TokenStoreBacking,
  type TokenStoreSuiteOptions,
} from './token-store-suite.js';
