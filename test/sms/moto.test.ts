/**
 * Against moto_server, a second, independent implementation of SNS and KMS. What moto 5 records for an SMS publish
 * (GET /moto-api/data.json, `sns.SMS`) is `{ message, message_id, phone_number }` only: the message attributes (sender
 * ID, origination number, SMS type, max price) are not kept, so those are checked against the local endpoint instead.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { CodeDecryptionError, kmsDecrypter, localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { MOTO_TOOL, startMoto } from '../helpers/moto.js';
import { describeWithTool } from '../helpers/tools.js';
import { credentials, phoneNumber, senderAt, snsConfig } from './helpers.js';

type MotoSms = { message: string; message_id: string; phone_number: string };

describeWithTool(MOTO_TOOL, 'Against moto_server', () => {
  const logs = useCapturedLogs();
  let moto: Awaited<ReturnType<typeof startMoto>>;
  const keys: string[] = [];
  beforeAll(async () => {
    moto = await startMoto();
    const kms = new KMSClient(snsConfig(moto.url));
    for (let n = 0; n < 2; n++)
      keys.push((await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string);
    kms.destroy();
  }, 30_000);
  afterAll(async () => {
    await moto?.close();
  });
  afterEach(() => {
    vi.resetModules();
  });

  const recorded = async (): Promise<MotoSms[]> =>
    ((await (await fetch(`${moto.url}/moto-api/data.json`)).json()) as { sns: { SMS: MotoSms[] } }).sns.SMS;

  /** Encrypts as Cognito does: the Encryption SDK with a KMS keyring on the pool's key. */
  const encryptWithKms = async (keyArn: string, code: string) => {
    const sdk = await import('@aws-crypto/client-node');
    const keyring = new sdk.KmsKeyringNode({
      generatorKeyId: keyArn,
      clientProvider: ((region: string) => new sdk.KMS({ ...snsConfig(moto.url), region })) as never,
    });
    const { encrypt } = sdk.buildClient(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    return (await encrypt(keyring, code)).result.toString('base64');
  };

  it('publishes the SMS, which moto records with the phone number and the text', async () => {
    const keyring = localKeyring();
    const phone = phoneNumber();
    const handler = senderAt(moto.url, keyring);
    const result = await handler(
      customSmsSenderEvent('CustomSMSSender_VerifyUserAttribute', {
        code: await keyring.encrypt('482916'),
        userAttributes: { phone_number: phone },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', attempts: 1 });
    expect(await recorded()).toContainEqual({
      message: 'Acme [en] VerifyUserAttribute: 482916',
      message_id: result.messageId,
      phone_number: phone,
    });
  });

  it('logs and does not retry a number moto refuses as not E.164 (InvalidParameter)', async () => {
    // "+5" passes the kit's check (+ and 1–15 digits) but not moto's, which wants at least two digits.
    const keyring = localKeyring();
    const handler = senderAt(moto.url, keyring);
    const result = await handler(
      customSmsSenderEvent('CustomSMSSender_SignUp', {
        code: await keyring.encrypt('482916'),
        userAttributes: { phone_number: '+5' },
      }),
    );
    expect(result).toMatchObject({ outcome: 'rejected', attempts: 1 });
    expect(logs).toMatchObject([
      { outcome: 'rejected', error: { name: 'InvalidParameterException', httpStatusCode: 400 } },
    ]);
  });

  it('decrypts with the KMS key what the Encryption SDK encrypted with it', async () => {
    const ciphertext = await encryptWithKms(keys[0] as string, '482916');
    const decrypter = kmsDecrypter({ keyArn: keys[0], clientConfig: { endpoint: moto.url, credentials } });
    expect(await decrypter.decrypt(ciphertext)).toBe('482916');
  });

  it('rejects a code encrypted with another KMS key', async () => {
    const ciphertext = await encryptWithKms(keys[1] as string, '482916');
    const decrypter = kmsDecrypter({ keyArn: keys[0], clientConfig: { endpoint: moto.url, credentials } });
    await expect(decrypter.decrypt(ciphertext)).rejects.toThrow(CodeDecryptionError);
  });

  it('runs the example handler end to end: KEY_ARN, KMS and SNS from the environment', async () => {
    vi.stubEnv('KEY_ARN', keys[0] as string);
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_ENDPOINT_URL_KMS', moto.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', moto.url);
    const { handler } = await import('../../handlers/custom-sms-sender.js');
    const phone = phoneNumber();
    const result = await handler(
      customSmsSenderEvent('CustomSMSSender_UpdateUserAttribute', {
        code: await encryptWithKms(keys[0] as string, '482916'),
        userAttributes: { phone_number: phone },
        clientMetadata: { brand: 'globex' },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', wording: 'template' });
    expect((await recorded()).find((sms) => sms.phone_number === phone)?.message).toBe(
      'Globex : 482916 est votre code pour confirmer votre nouveau numéro.',
    );
  });
});
