import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsProgram, OPENSSL } from './programs.js';

/**
 * A throwaway self-signed certificate made by openssl, or `{ missing }` (the reason) when the machine has no openssl
 * — then one line naming the program and how to install it is printed ({@link needsProgram}), so the TLS suites that
 * skip on it say why.
 */
export function makeTestCert(
  subjectAltName: string,
  suite = 'the TLS and proxy tests',
): { key: Buffer; cert: Buffer } | { missing: string } {
  const openssl = needsProgram(OPENSSL, suite);
  if (!openssl) return { missing: 'no openssl on this machine' };
  const dir = mkdtempSync(join(tmpdir(), 'mailup-tls-'));
  try {
    execFileSync(
      openssl,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=mailup-kit test',
        '-addext',
        `subjectAltName=${subjectAltName}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (error) {
    return { missing: `openssl could not make a test certificate (${String(error)})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
