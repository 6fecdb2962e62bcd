/**
 * Against moto_server, a second, independent implementation of SES v2 and KMS. What moto 5 records for a sent email
 * (GET /moto-api/data.json, `ses.Message`) is `{ id, source, subject, body, destinations }`: the HTML part as the
 * body, and neither the text part, the reply-to, the tags nor the headers, which are checked against the local
 * endpoint instead. moto checks that the sender is a verified identity, as SES does.
 */
import { buildClient, CommitmentPolicy, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { CustomEmailSenderError } from '../../src/email/custom-email-sender.js';
import { customEmailSenderEvent } from '../../src/email/events.js';
import { kmsDecrypter } from '../../src/sender/decrypt.js';
import { localKeyring } from '../../src/sender/local-keyring.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { MOTO_TOOL, startMoto } from '../helpers/moto.js';
import { describeWithTool } from '../helpers/tools.js';
import { brands, credentials, emailAddress, senderAt, sesConfig } from './helpers.js';

type MotoEmail = {
  id: string;
  source: string;
  subject: string;
  body: string;
  destinations: { ToAddresses: string[] };
};

describeWithTool(MOTO_TOOL, 'Against moto_server', () => {
  const logs = useCapturedLogs();
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let keyArn: string;
  beforeAll(async () => {
    moto = await startMoto();
    const kms = new KMSClient(sesConfig(moto.url));
    keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
    kms.destroy();
    // The example brands' domains, and the test brands', verified; any other sender is refused.
    const ses = new SESv2Client(sesConfig(moto.url));
    for (const identity of ['acme.example', 'globex.example'])
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: identity }));
    ses.destroy();
  }, 30_000);
  afterAll(async () => {
    await moto?.close();
  });
  afterEach(() => {
    vi.resetModules();
  });

  const recorded = async (): Promise<MotoEmail[]> =>
    ((await (await fetch(`${moto.url}/moto-api/data.json`)).json()) as { ses: { Message: MotoEmail[] } }).ses
      .Message;

  /** Encrypts as Cognito does: the Encryption SDK with a KMS keyring on the pool's key, against moto's KMS. */
  const encryptWithKms = async (code: string) => {
    const keyring = new KmsKeyringNode({
      generatorKeyId: keyArn,
      clientProvider: ((region: string) => new KMS({ ...sesConfig(moto.url), region })) as never,
    });
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    return (await encrypt(keyring, code)).result.toString('base64');
  };

  it('sends the email, which moto records with its sender, subject, HTML part and recipient', async () => {
    const keyring = localKeyring();
    const to = emailAddress();
    const result = await senderAt(
      moto.url,
      keyring,
    )(
      customEmailSenderEvent('CustomEmailSender_VerifyUserAttribute', {
        code: await keyring.encrypt('482916'),
        userAttributes: { email: to },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', attempts: 1 });
    expect(await recorded()).toContainEqual({
      id: result.messageId,
      source: 'Acme Cloud <no-reply@acme.example>',
      subject: 'Acme [en] VerifyUserAttribute',
      body: '<p>Acme VerifyUserAttribute: <b>482916</b></p>',
      destinations: { ToAddresses: [to] },
    });
  });

  it('throws, without retrying, when moto refuses a sender that is not a verified identity (MessageRejected)', async () => {
    const keyring = localKeyring();
    const handler = senderAt(moto.url, keyring, {
      brands: {
        acme: { ...brands.acme, email: { from: 'Initech <no-reply@initech.example>' } },
        globex: brands.globex,
      },
    });
    const error = (await handler(
      customEmailSenderEvent('CustomEmailSender_SignUp', {
        code: await keyring.encrypt('482916'),
        userAttributes: { email: emailAddress() },
      }),
    ).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(CustomEmailSenderError);
    expect(error.message).toMatch(/^SES rejected the message \(MessageRejected\)/);
    expect(logs).toMatchObject([
      { outcome: 'failed', attempts: 1, error: { name: 'MessageRejected', httpStatusCode: 400 } },
    ]);
  });

  it('decrypts with moto’s KMS what the Encryption SDK encrypted under its key', async () => {
    const decrypter = kmsDecrypter({ keyArn, clientConfig: { endpoint: moto.url, credentials } });
    expect(await decrypter.decrypt(await encryptWithKms('482916'))).toBe('482916');
  });

  it('runs the example handler end to end: KEY_ARN, KMS and SES v2 from the environment, as signed requests', async () => {
    vi.stubEnv('KEY_ARN', keyArn);
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_ENDPOINT_URL_KMS', moto.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', moto.url);
    const { handler } = await import('../../handlers/custom-email-sender.js');
    const to = emailAddress();
    const result = await handler(
      customEmailSenderEvent('CustomEmailSender_UpdateUserAttribute', {
        code: await encryptWithKms('482916'),
        userAttributes: { email: to },
        clientMetadata: { brand: 'globex' },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', wording: 'template' });
    const email = (await recorded()).find((message) => message.destinations.ToAddresses.includes(to));
    expect(email).toMatchObject({
      source: 'Globex <no-reply@globex.example>',
      subject: 'Globex : confirmez votre nouvelle adresse e-mail',
    });
    expect(email?.body).toContain('482916');
  });
});
