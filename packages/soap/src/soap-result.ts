import type { MailUpError, RequestSummary } from '@mailup-kit/core';
import { importReturnCodeError, soapResultError } from '@mailup-kit/core/catalogue';
import { type DecodedXml, decodeInnerXml, type InnerXmlLimits, rootOf, textOf } from './inner-xml.js';

/** A decoded string result of MailUpSend / MailUpManage / MailUpReport. */
export interface SoapResult {
  /** `errorCode` (0 on success). */
  errorCode: number;
  errorDescription: string;
  /** Name of the document's root: `<Method>Result`, or `mailupMessage` (the other observed shape). */
  root: string;
  /**
   * The root's content (`mailupBody` for a `mailupMessage` document): ids, GUIDs and codes are strings, repeated
   * elements arrays, attributes under `@_`.
   */
  data: DecodedXml;
}

/**
 * The result of a typed SOAP call: `data` typed by the operation's result schema (numeric ids as numbers, repeated
 * elements as arrays, dates as `Date`), `raw` the whole decoded document for fields the schema does not name.
 */
export interface SoapCallResult<T> {
  /** `errorCode` (0 on success: a non-zero code is thrown as a typed MailUpError). */
  errorCode: number;
  errorDescription: string;
  /** Name of the document's root: `<Method>Result`, or `mailupMessage`. */
  root: string;
  /** The documented fields, typed. */
  data: T;
  /** The root's content as decoded XML (every field as text, attributes under `@_`). */
  raw: DecodedXml;
}

/** The result of a typed WSMailUpImport call: `body` typed by the operation's schema, `raw` the whole `mailupBody`. */
export interface ImportCallResult<T> {
  /** `ReturnCode`: ≥ 0 is success or an id (group id, process id); a negative code is thrown as a typed error. */
  returnCode: number;
  /** The documented fields of `mailupBody`, typed. */
  body: T;
  /** The content of `mailupBody` as decoded XML. */
  raw: DecodedXml;
}

/** A decoded WSMailUpImport (or WSActivation) result: `mailupMessage/mailupBody`. */
export interface ImportResult {
  /** `ReturnCode`: ≥ 0 is success or an id (group id, process id). */
  returnCode: number;
  /** The content of `mailupBody`. */
  body: DecodedXml;
}

function codeOf(value: string): number {
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : Number.NaN;
}

/**
 * Decodes a Send/Manage/Report string result and throws the typed error of a non-zero `errorCode` (through core's
 * SOAP catalogue). Both observed roots are accepted: `<LoginResult>…` (named after the result) and
 * `<mailupMessage><mailupBody>…` (which some methods answer, mostly on failure, with `errorCode` or `ReturnCode`).
 */
export function soapResult(
  xml: string,
  operation: string,
  request?: RequestSummary,
  limits?: InnerXmlLimits,
): SoapResult {
  const doc = decodeInnerXml(xml, operation, limits);
  const root = rootOf(doc);
  const data =
    root.name === 'mailupMessage'
      ? (rootOf({ mailupBody: root.value.mailupBody ?? {} }).value as DecodedXml)
      : root.value;
  const rawCode = textOf(data.errorCode ?? data.ReturnCode ?? '0');
  const code = codeOf(rawCode || '0');
  const errorDescription = textOf(data.errorDescription ?? data.ErrorDescription ?? '');
  if (Number.isNaN(code)) {
    const error = soapResultError(-1000, `errorCode "${rawCode.slice(0, 20)}" is not a number`, { operation, request });
    throw error as MailUpError;
  }
  // ReturnCode ≥ 0 in a mailupMessage document is an id or a success, like the Import service's.
  const failed = data.errorCode !== undefined ? code !== 0 : code < 0;
  if (failed) throw soapResultError(code, errorDescription, { operation, request }) as MailUpError;
  return { errorCode: 0, errorDescription, root: root.name, data };
}

/**
 * Decodes a WSMailUpImport result (`mailupMessage/mailupBody/ReturnCode`) and throws the typed error of a negative
 * code through core's Import catalogue.
 */
export function importResult(
  xml: string,
  operation: string,
  request?: RequestSummary,
  limits?: InnerXmlLimits,
): ImportResult {
  const doc = decodeInnerXml(xml, operation, limits);
  const root = rootOf(doc);
  const body = (
    root.name === 'mailupMessage' ? rootOf({ b: root.value.mailupBody ?? {} }).value : root.value
  ) as DecodedXml;
  const code = codeOf(textOf(body.ReturnCode ?? ''));
  if (Number.isNaN(code)) {
    throw importReturnCodeError(-1000, { operation, request }) as MailUpError;
  }
  const error = importReturnCodeError(code, { operation, request });
  if (error) throw error;
  return { returnCode: code, body };
}
