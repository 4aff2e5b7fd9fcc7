import { generate } from 'selfsigned';

/** The TLS material of the emulator's SMTP server: a throw-away CA and a server certificate it signed. */
export interface SmtpCertificate {
  /** PEM of the CA: what a client passes as `tls.ca` to verify the server (never switch verification off). */
  ca: string;
  /** PEM of the server certificate (for 127.0.0.1, ::1, localhost and MailUp's relay host names). */
  cert: string;
  /** PEM of the server's private key. */
  key: string;
}

/** Host names the server certificate is valid for, besides the loopback addresses. */
export const SMTP_CERT_NAMES = ['localhost', 'in.smtpok.com', 'fast.smtpok.com'] as const;

/**
 * Generates a fresh CA and a server certificate signed by it (pure JS, EC P-256, valid 2 days), at every start:
 * no key is ever written to disk or shipped in the package.
 */
export async function generateSmtpCertificate(): Promise<SmtpCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 2 * 24 * 3_600_000);
  const ca = await generate([{ name: 'commonName', value: 'mailup-kit emulator CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...SMTP_CERT_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { ca: ca.cert, cert: server.cert, key: server.private };
}
