import type { EmulatorResponse } from '../types.js';

/** MailUp's REST error body: `ErrorCode` is the HTTP status as a string. */
export interface RestErrorBody {
  ErrorCode: string;
  ErrorDescription: string;
  ErrorName: string | null;
  ErrorStack: null;
}

/** Builds a REST error answer exactly as MailUp shapes it (HTTP status equal to `ErrorCode`). */
export function restErrorResponse(status: number, description: string, name: string | null): EmulatorResponse {
  const body: RestErrorBody = {
    ErrorCode: String(status),
    ErrorDescription: description,
    ErrorName: name,
    ErrorStack: null,
  };
  return { status, json: body };
}

/** The 401 MailUp returns for an expired access token (REFERENCE §6.3, seed 001). */
export const EXPIRED_TOKEN_DESCRIPTION = 'Authorization error: Access token is expired';
/** The 401 for a token the server does not know or has revoked (wording INFERRED). */
export const INVALID_TOKEN_DESCRIPTION = 'Authorization error: Access token is invalid';
/** The 403 MailUp returns until the user accepts the terms of service. */
export const CONTRACT_NOT_SIGNED_DESCRIPTION =
  'Authorization error: Contract not signed, please login in console and accept terms of service.';
