export { API_USE_POLICY, MAX_SENDING_BACKLOG } from './api-use-policy.js';
export { findPolicyRow, PolicyRowIndex } from './find-policy-row.js';
export type { PolicyCondition, PolicyLimit, PolicyMatch, PolicyRow } from './policy-row.js';
