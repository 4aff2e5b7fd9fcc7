export {
  answerCode,
  IP_HINT,
  pageError,
  type SubscribeOutcome,
  type SubscriberStatus,
  type UnsubscribeOutcome,
} from './frontend-answers.js';
export {
  FRONTEND_OPERATION_NAMES,
  FrontendClient,
  type FrontendClientOptions,
  type FrontendResult,
  type ListRef,
  type Recipient,
  type SubscribeFormResult,
  type SubscribeInput,
  type UpdateSubscriberInput,
} from './frontend-client.js';
export {
  FRONTEND_OPERATIONS,
  type FrontendMethod,
  type FrontendOperationName,
  type FrontendRow,
  type PageParameters,
  serializePage,
} from './frontend-operations.js';
export { MAX_VALUE_LENGTH } from './frontend-validate.js';
export { escapeHtml, renderSubscribeForm, type SubscribeFormOptions } from './subscribe-form.js';
