/**
 * `@mailup-kit/soap`: MailUp's SOAP web services — MailUpSend, MailUpManage and MailUpReport with shared 60-minute
 * access keys ({@link SoapClient}), WSMailUpImport ({@link ImportClient}) and WSActivation
 * ({@link activateWebService}) — on core's client template, with envelopes rendered from the operation table over core's
 * HTTP transport and every result typed by its operation's result schema.
 */
export {
  ACCESS_KEY_LIFETIME_MS,
  AccessKeySession,
  type AccessKeySessionOptions,
  type LoginAnswer,
} from './access-key-session.js';
export {
  ImportClient,
  type ImportClientOptions,
  type ImportList,
  type ImportProcessDetails,
  type ImportProcessOutcome,
  type ImportRequest,
} from './import-client.js';
export {
  arrayOf,
  type DecodedValue,
  type DecodedXml,
  decodeInnerXml,
  decodeXmlText,
  type InnerXmlLimits,
  REPEATED_ELEMENTS,
  rootOf,
  textOf,
} from './inner-xml.js';
export type { SoapOptions } from './operation-inputs.js';
export {
  type Decoded,
  type DecodedField,
  decodeResult,
  type ResultFieldSpec,
  type ResultScalar,
  type ResultScalarSpec,
  type ResultSchema,
} from './result-schema.js';
export {
  findOperation,
  type ImportInputs,
  type ImportResults,
  type ManageInputs,
  type ManageResults,
  operationsOf,
  type ReportInputs,
  type ReportResults,
  type SendInputs,
  type SendResults,
  SOAP_OPERATIONS,
  SOAP_ROWS,
  SOAP_SERVICES,
  type SoapOperationRow,
  type SoapParam,
  type SoapParamType,
  type SoapRow,
  type SoapRowsOf,
  type SoapServiceFacts,
  type SoapServiceName,
} from './service-table.js';
export { MAX_ARGUMENT_CHARS, orderedArgs } from './soap-args.js';
export {
  DEFAULT_SOAP_BASE_URL,
  type KeyedService,
  type ServiceCaller,
  SoapClient,
  type SoapClientOptions,
  type SoapGroup,
  type SoapList,
  type SoapReturn,
} from './soap-client.js';
export { escapeSoapText, type RenderedEnvelope, renderEnvelope, soapAction } from './soap-envelope.js';
export {
  type ImportCallResult,
  type ImportResult,
  importResult,
  type SoapCallResult,
  type SoapResult,
  soapResult,
} from './soap-result.js';
export {
  faultFacts,
  type ImportAuthentication,
  SoapTransport,
  type SoapTransportOptions,
  type SoapVersion,
  type SoapWireRequest,
  type SoapWireResponse,
} from './soap-transport.js';
export {
  type ActivatableService,
  type ActivateWebServiceOptions,
  activateWebService,
  type WebServiceActivation,
} from './wsactivation.js';
export { type GenerateWsdlOptions, generateWsdl } from './wsdl.js';
export {
  buildImportXml,
  IMPORT_TYPE,
  type ImportRecipient,
  type ImportType,
  MOBILE_INPUT_TYPE,
  type MobileInputType,
} from './xml-doc.js';
