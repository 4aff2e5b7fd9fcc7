/** Prefix of every variable {@link emulatorEnvLines} prints. */
export const EMULATOR_ENV_PREFIX = 'MAILUP_EMULATOR_';

const SAFE_VALUE = /^[A-Za-z0-9_.,:/@%+=-]*$/;

/** `consoleUser` → `CONSOLE_USER`, `WSMailUpImport` → `WS_MAIL_UP_IMPORT`, `0` → `0`. */
function keyPart(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** A value as a shell word: bare when it holds only safe characters, else single-quoted. */
function quote(value: string): string {
  return SAFE_VALUE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function flatten(value: unknown, path: string[], out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) flatten(item, [...path, String(index)], out);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, [...path, keyPart(key)], out);
    return;
  }
  out.push(`${EMULATOR_ENV_PREFIX}${path.join('_')}=${quote(String(value))}`);
}

/**
 * The JSON line as `KEY=value` lines for shells (`source`, `eval`) and `.env` files: every leaf of `description`
 * under its path in UPPER_SNAKE case, prefixed with `MAILUP_EMULATOR_`, array items by index — e.g.
 * `urls.http` → `MAILUP_EMULATOR_URLS_HTTP`, `account.oauth.clientId` → `MAILUP_EMULATOR_ACCOUNT_OAUTH_CLIENT_ID`,
 * `account.lists[0].guid` → `MAILUP_EMULATOR_ACCOUNT_LISTS_0_GUID`. A value with anything but letters, digits and
 * `_.,:/@%+=-` is single-quoted (a `'` inside becomes `'\''`). Each line ends with `\n`.
 */
export function emulatorEnvLines(description: object): string {
  const out: string[] = [];
  flatten(description, [], out);
  return out.map((line) => `${line}\n`).join('');
}
