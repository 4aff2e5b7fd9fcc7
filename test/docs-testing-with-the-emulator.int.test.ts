import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEmulator, emulatorEnvLines, type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { docSnippets } from '@mailup-kit/testkit/doc-snippets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// docs/testing-with-the-emulator.md runs: each fenced block with a `title=` is extracted from the page and run by its
// interpreter against a fresh emulator, with only the JSON line (emulator.json) or its --env lines (emulator.env) in
// the current directory — no store access, no REST provisioning. A block whose interpreter or library this machine
// lacks is skipped with one printed line naming the Debian package (.ci/run installs them).
const DOC = fileURLToPath(new URL('../docs/testing-with-the-emulator.md', import.meta.url));

interface Interpreter {
  command: string;
  args: string[];
}

/** The first of `candidates` that runs `probe` (exit 0), else undefined after printing why the block is skipped. */
function needs(what: string, install: string, candidates: Interpreter[], probe: string[]): Interpreter | undefined {
  for (const candidate of candidates) {
    const run = spawnSync(candidate.command, [...candidate.args, ...probe], { encoding: 'utf8', timeout: 20_000 });
    if (run.status === 0) return candidate;
  }
  console.warn(
    `skipping the ${what} snippets of docs/testing-with-the-emulator.md: needs ${install} (.ci/run installs it)`,
  );
  return undefined;
}

// Debian's python3 first: a python3 earlier on the PATH (pyenv, a venv) may lack Debian's requests and zeep.
const pythons = [process.env.MAILUP_PYTHON3, '/usr/bin/python3', 'python3']
  .filter((p): p is string => typeof p === 'string' && p !== '')
  .map((command) => ({ command, args: [] }));
const pythonRequests = needs('Python requests', 'python3-requests', pythons, ['-c', 'import requests']);
const pythonZeep = needs('Python zeep', 'python3-zeep', pythons, ['-c', 'import zeep']);
const pythonPlain = needs('Python smtplib', 'python3', pythons, ['-c', 'import smtplib, ssl']);
const php = [{ command: process.env.MAILUP_PHP || 'php', args: [] }];
const phpSoap = needs('PHP SoapClient', 'php-cli php-soap', php, ['-r', 'exit(class_exists("SoapClient") ? 0 : 1);']);
const phpMailer = needs('PHPMailer', 'php-cli libphp-phpmailer', php, [
  '-r',
  'exit(is_file("/usr/share/php/libphp-phpmailer/autoload.php") ? 0 : 1);',
]);
const shell = needs('curl', 'curl', [{ command: 'sh', args: [] }], ['-c', 'command -v curl']);

let emulator: RunningEmulator;
let dir: string;
const snippets = docSnippets(readFileSync(DOC, 'utf8'));

beforeAll(async () => {
  // The command lines' default seed (an account with content: the SMS snippet needs a list's ListSecret).
  emulator = await startEmulator({ account: { seed: 'sample' } });
  dir = mkdtempSync(join(tmpdir(), 'mailup-doc-snippets-'));
  const description = describeEmulator(emulator);
  writeFileSync(join(dir, 'emulator.json'), `${JSON.stringify(description)}\n`);
  writeFileSync(join(dir, 'emulator.env'), emulatorEnvLines(description));
});
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes the snippet into the directory of the JSON line and runs it there; its stdout (fails on exit ≠ 0). */
function run(interpreter: Interpreter, title: string): Promise<string> {
  const code = snippets.get(title);
  if (code === undefined) throw new Error(`docs/testing-with-the-emulator.md has no block titled ${title}`);
  writeFileSync(join(dir, title), code);
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter.command, [...interpreter.args, title], { cwd: dir, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('error', reject);
    child.on('exit', (status) =>
      status === 0 ? resolve(out) : reject(new Error(`${title} exited with ${status}:\n${err}\n${out}`)),
    );
  });
}

const mailWithSubject = (subject: string) => emulator.store.outbox.mail.find((m) => m.subject === subject);

describe('docs/testing-with-the-emulator.md', () => {
  it('has every snippet the page promises, each titled', () => {
    expect([...snippets.keys()].sort()).toEqual([
      'browser.js',
      'curl.sh',
      'php-phpmailer.php',
      'php-soapclient.php',
      'python-requests.py',
      'python-smtplib.py',
      'python-zeep.py',
    ]);
  });

  it.skipIf(!shell)('curl: health, a Send API message, an SMS, the inbox and the journal count', async () => {
    const out = await run(shell!, 'curl.sh');
    const [health, sent, sms, inbox, count] = out.trim().split('\n');
    expect(JSON.parse(health ?? '')).toMatchObject({ ok: true });
    expect(JSON.parse(sent ?? '')).toMatchObject({ Code: '0' });
    expect(JSON.parse(sms ?? '')).toMatchObject({ Code: '0' });
    expect(emulator.store.outbox.sms.map((m) => m.content)).toContain('Hi from curl');
    expect(JSON.parse(inbox ?? '').mail[0].subject).toBe('Hello from curl');
    expect(JSON.parse(count ?? '').count).toBeGreaterThan(0);
    expect(mailWithSubject('Hello from curl')?.channel).toBe('send-api');
  });

  it.skipIf(!pythonRequests)('Python requests: a password grant, then the lists over REST', async () => {
    const out = await run(pythonRequests!, 'python-requests.py');
    const names = [...emulator.store.account(emulator.store.seeded.id).lists.values()].map((l) => l.name);
    expect(out.trim()).toBe(`[${names.map((n) => `'${n}'`).join(', ')}]`);
  });

  it.skipIf(!pythonPlain)('Python smtplib: STARTTLS verified against the CA, AUTH, X-SMTPAPI parsed', async () => {
    expect((await run(pythonPlain!, 'python-smtplib.py')).trim()).toBe('sent');
    const mail = mailWithSubject('Hello from smtplib');
    expect(mail?.channel).toBe('smtp');
    expect(mail?.xSmtpApi).toMatchObject({ CampaignName: 'python' });
  });

  it.skipIf(!pythonZeep)('Python zeep: the WSDL, then Login answers errorCode 0 and an access key', async () => {
    const out = await run(pythonZeep!, 'python-zeep.py');
    expect(out).toContain('<errorCode>0</errorCode>');
    expect(out).toMatch(/<accessKey>[0-9a-f-]{36}<\/accessKey>/);
  });

  it.skipIf(!phpSoap)('PHP SoapClient: the WSDL, then Login answers errorCode 0 and an access key', async () => {
    const out = await run(phpSoap!, 'php-soapclient.php');
    expect(out).toContain('<errorCode>0</errorCode>');
    expect(out).toMatch(/<accessKey>[0-9a-f-]{36}<\/accessKey>/);
  });

  it.skipIf(!phpMailer)('PHPMailer: STARTTLS verified against the CA, AUTH, the message in the inbox', async () => {
    expect((await run(phpMailer!, 'php-phpmailer.php')).trim()).toBe('sent');
    expect(mailWithSubject('Hello from PHPMailer')?.text?.trim()).toBe('Hi from PHP');
  });
});
