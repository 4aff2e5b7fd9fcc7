import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway self-signed certificate made by openssl, or undefined (with the reason) when openssl is missing. */
export function makeTestCert(subjectAltName: string): { key: Buffer; cert: Buffer } | { missing: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mailup-tls-'));
  try {
    execFileSync(
      'openssl',
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
