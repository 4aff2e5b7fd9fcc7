import type { RunningEmulator } from '@mailup-kit/emulator';

/** How to reach a running emulator's SMTP+ relay as its seeded SMTP+ user, with its CA to verify STARTTLS. */
export interface SmtpPlusTarget {
  user: string;
  password: string;
  host: string;
  port: number;
  /** The emulator's CA in PEM, as the relay takes it (`tls: { ca }`; verification stays on). */
  tls: { ca: string };
  /** A name in the emulator's certificate. */
  servername: string;
}

/** The seeded SMTP+ user of `emulator` and where its SMTP server listens. */
export async function smtpPlusTarget(emulator: RunningEmulator): Promise<SmtpPlusTarget> {
  const url = new URL(emulator.urls.smtp ?? '');
  const data = emulator.store.account(emulator.store.seeded.id);
  const user = [...data.smtpUsers.values()][0];
  if (!user) throw new Error('the seeded account has no SMTP+ user');
  const { ca } = (await emulator.control.action('smtp.ca', {})) as { ca: string };
  return {
    user: user.username,
    password: user.secret,
    host: url.hostname,
    port: Number(url.port),
    tls: { ca },
    servername: 'localhost',
  };
}
