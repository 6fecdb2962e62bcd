import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const POOL = ['--user-pool-id', 'us-west-2_ccccccccc'];
let stateDir: string;
let cli: (...argv: string[]) => ReturnType<typeof runCli>;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'ctk-senders-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  cli = (...argv) => runCli([...argv, '--state-dir', stateDir, '--code', '424242'], { cwd: root });
});
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true });
  delete process.env.POWERTOOLS_LOG_LEVEL;
});

/** The outbox's text files, oldest first. */
const outbox = () => {
  const dir = join(stateDir, 'outbox');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
};

describe('Option: --email-sender, on the demo pool with a Custom email sender (us-west-2_ccccccccc)', () => {
  it('delivers the email the example sender sent through the local SES, from the brand the client metadata names', {
    timeout: 60_000,
  }, async () => {
    // Act
    const { stdout, stderr, exitCode } = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
      '--client-metadata',
      'brand=globex',
    );

    // Assess
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 0 });
    expect(stderr).toMatch(
      /CustomEmailSender_UpdateUserAttribute \(asynchronous; the code encrypted with the pool's KMS key\) → Custom email sender custom-email-sender, \d+ ms: sent 1 email through SES/,
    );
    expect(stderr).toContain(
      'EMAIL to diego.new@example.com (sent through SES by the sender, from Globex <no-reply@globex.example>, reply to Globex <aide@globex.example>)',
    );
    expect(stderr).toContain('Subject: Globex: confirm your new email address');
    expect(stderr).not.toContain('CustomMessage_UpdateUserAttribute');
    const [email] = outbox();
    expect(email).toMatch(/^From: Globex <no-reply@globex\.example>\nTo: diego\.new@example\.com\n/);
    expect(email).toContain('424242');
  });

  it('sends sign-up and password-reset codes through the sender too, and the code it sent confirms', {
    timeout: 60_000,
  }, async () => {
    // Act
    const signUp = await cli(
      'sign-up',
      '--client-id',
      '3c8e5a1k7m2p9r4t6v0x2z5b8d',
      '--username',
      'maya@example.com',
      '--password',
      'Passw0rd!x',
    );
    const confirm = await cli(
      'confirm-sign-up',
      '--client-id',
      '3c8e5a1k7m2p9r4t6v0x2z5b8d',
      '--username',
      'maya@example.com',
      '--confirmation-code',
      '424242',
    );
    const reset = await cli(
      'forgot-password',
      '--client-id',
      '3c8e5a1k7m2p9r4t6v0x2z5b8d',
      '--username',
      'zoe@example.com',
    );

    // Assess
    expect([signUp.exitCode, confirm.exitCode, reset.exitCode]).toEqual([0, 0, 0]);
    expect(signUp.stderr).toContain('CustomEmailSender_SignUp');
    expect(reset.stderr).toContain('CustomEmailSender_ForgotPassword');
    expect(outbox().map((text) => text.split('\n')[0])).toEqual([
      'From: Acme Cloud <no-reply@acme.example>',
      'From: Globex <no-reply@globex.example>',
    ]);
  });

  it('runs the sender --email-sender names, with the local KMS, SES and the pool key in its environment', {
    timeout: 60_000,
  }, async () => {
    // Prepare: a sender that reports what it was given, without sending.
    const file = join(stateDir, 'sender.mjs');
    writeFileSync(
      file,
      'export const handler = async (event) => { console.log(JSON.stringify({ seen: event.triggerSource, kms: Boolean(process.env.AWS_ENDPOINT_URL_KMS), ses: Boolean(process.env.AWS_ENDPOINT_URL_SESV2), key: process.env.KEY_ARN })); };\n',
    );

    // Act
    const { stderr, exitCode } = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
      '--email-sender',
      file,
    );

    // Assess
    expect(exitCode).toBe(0);
    expect(stderr).toContain(
      '{"seen":"CustomEmailSender_UpdateUserAttribute","kms":true,"ses":true,"key":"arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c"}',
    );
    expect(stderr).toContain(
      'the Custom email sender returned without sending: no email reaches diego.new@example.com',
    );
  });

  it('refuses an --email-sender file that does not exist', async () => {
    const { stderr, exitCode } = await cli(
      'admin-get-user',
      ...POOL,
      '--username',
      'diego@example.com',
      '--email-sender',
      'handlers/missing.ts',
    );
    expect(exitCode).not.toBe(0);
    expect(stderr).toContain('cannot load the Custom email sender handlers/missing.ts');
  });
});
