import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { customEmailSenderEvent } from '../../src/email/events.js';
import { CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES, isCodeEmailSource } from '../../src/email/trigger-sources.js';
import { type KmsEndpoint, startKmsEndpoint } from '../../src/local/kms-endpoint.js';
import { kmsCodeEncrypter } from '../../src/sender/encrypt.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { credentials, emailAddress, useSesEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const ses = useSesEndpoint({
  identities: ['acme.example', 'globex.example'],
  configurationSets: ['transactional'],
});
let kms: KmsEndpoint;
beforeAll(async () => {
  kms = await startKmsEndpoint();
});
afterAll(async () => {
  await kms.close();
});
afterEach(() => {
  vi.resetModules();
});

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const load = () => import('../../handlers/custom-email-sender.js');
/** Lambda's environment, with the local KMS and SES v2 endpoints. */
const stubEnvironment = (extra: Record<string, string> = {}) => {
  for (const [name, value] of Object.entries({
    KEY_ARN,
    AWS_REGION: 'us-west-2',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_SESV2: ses.url,
    ...extra,
  }))
    vi.stubEnv(name, value);
};
const encrypt = (code: string) =>
  kmsCodeEncrypter({ clientConfig: { endpoint: kms.url, credentials, region: 'us-west-2' } })(code, KEY_ARN);

describe('Example handler: handlers/custom-email-sender.ts', () => {
  it('refuses to start without KEY_ARN, and says what to set', async () => {
    vi.stubEnv('KEY_ARN', '');
    await expect(load()).rejects.toThrow(
      "kmsDecrypter: keyArn must be the ARN of the user pool's KMS key (arn:aws:kms:<region>:<account>:key/<id>), got nothing; set KEY_ARN to the key in the user pool LambdaConfig.KMSKeyID",
    );
  });

  it.each(CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES.filter(isCodeEmailSource).map((source) => [source]))(
    'sends nothing, and calls neither KMS nor SES, for %s without a code',
    async (source) => {
      vi.stubEnv('KEY_ARN', KEY_ARN);
      const { handler } = await load();
      expect(await handler(customEmailSenderEvent(source, { code: null }))).toEqual({
        outcome: 'skipped',
        reason: 'no code to send: request.code is null',
      });
      expect(logs).toMatchObject([
        { service: 'custom-email-sender', outcome: 'skipped', triggerSource: source },
      ]);
    },
  );

  it('sends the Custom message example’s email, from the brand’s own address, decrypted with the KMS key', async () => {
    stubEnvironment({ EMAIL_CONFIGURATION_SET: 'transactional' });
    const { handler } = await load();
    const to = emailAddress();
    const result = await handler(
      customEmailSenderEvent('CustomEmailSender_ForgotPassword', {
        code: await encrypt('482916'),
        userAttributes: { email: to, given_name: 'Zoé' },
        clientMetadata: { brand: 'globex' },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', wording: 'template' });
    const email = ses.emails.find((e) => e.to.includes(to));
    expect(email).toMatchObject({
      from: 'Globex <no-reply@globex.example>',
      replyTo: ['Globex <aide@globex.example>'],
      subject: 'Globex : réinitialisez votre mot de passe',
      configurationSetName: 'transactional',
      tags: { brand: 'globex', locale: 'fr', triggerSource: 'CustomEmailSender_ForgotPassword' },
    });
    expect(email?.html).toContain('482916');
    expect(email?.text).toContain('Bonjour Zoé,');
    expect(email?.text).toContain('482916');
  });

  it('sends Acme Cloud’s invitation with the username and the temporary password', async () => {
    stubEnvironment();
    const { handler } = await load();
    const to = emailAddress();
    await handler(
      customEmailSenderEvent('CustomEmailSender_AdminCreateUser', {
        code: await encrypt('Tmp&lt;9x!'),
        userName: 'zoe',
        userAttributes: { email: to },
      }),
    );
    const email = ses.emails.find((e) => e.to.includes(to));
    expect(email).toMatchObject({
      from: 'Acme Cloud <no-reply@acme.example>',
      subject: 'You are invited to Acme Cloud',
    });
    expect(email?.text).toMatch(/Username\nzoe\nTemporary password\nTmp<9x!/);
  });

  it('writes the account takeover notice in the brand’s locale', async () => {
    stubEnvironment();
    const { handler } = await load();
    const to = emailAddress();
    await handler(
      customEmailSenderEvent('CustomEmailSender_AccountTakeOverNotification', {
        code: null,
        userAttributes: { email: to },
        clientMetadata: { brand: 'globex' },
      }),
    );
    const email = ses.emails.find((e) => e.to.includes(to));
    expect(email?.subject).toBe('Globex : nous avons bloqué une connexion à votre compte');
    expect(email?.text).toContain(
      "Ce n'était pas moi (https://auth.example.com/feedback?token=invalid-6f1a7c2e)",
    );
  });
});
