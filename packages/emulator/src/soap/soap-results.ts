/** Escapes text for the inner result document. */
export function x(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The inner document of a Send/Manage/Report string result: `<MethodResult><errorCode>…` (the root is named after
 * the result, as MailUp's LoginResult / LogoutResult; INFERRED for the data methods, whose root is NOT FOUND).
 */
export function resultDoc(method: string, body: string, code = 0, description = ''): string {
  return `<${method}Result><errorCode>${code}</errorCode><errorDescription>${x(description)}</errorDescription>${body}</${method}Result>`;
}

/** The inner document of an Import (or WSActivation) result: `<mailupMessage><mailupBody><ReturnCode>…`. */
export function importDoc(code: number, body = ''): string {
  return `<mailupMessage><mailupBody><ReturnCode>${code}</ReturnCode>${body}</mailupBody></mailupMessage>`;
}

/** `dd/MM/yyyy HH:mm:ss` (MailUp's SOAP dates), UTC. */
export function soapDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
