import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CodeDecryptionError, kmsCodeEncrypter, kmsDecrypter, localKeyring } from '../../src/email/index.js';
import { type KmsEndpoint, startKmsEndpoint } from '../../src/local/kms-endpoint.js';
import { credentials } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-west-2:123456789012:key/9999abcd-12ab-34cd-56ef-1234567890ab';

let kms: KmsEndpoint;
beforeAll(async () => {
  kms = await startKmsEndpoint();
});
afterAll(async () => {
  await kms.close();
});
const clientConfig = () => ({ endpoint: kms.url, credentials, region: 'us-west-2' });

/** The environment Lambda gives a function, with the local KMS endpoint. */
const stubLambdaEnvironment = () => {
  vi.stubEnv('AWS_ENDPOINT_URL_KMS', kms.url);
  vi.stubEnv('AWS_REGION', 'us-west-2');
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  vi.stubEnv('AWS_PROFILE', undefined);
};

/** Encrypts with `@aws-crypto/client-node`, an implementation the kit's code does not share. */
const encryptWithClientNode = async (code: string, suiteId?: AlgorithmSuiteIdentifier) => {
  const keyring = new KmsKeyringNode({
    generatorKeyId: KEY,
    clientProvider: ((region: string) => new KMS({ ...clientConfig(), region })) as never,
  });
  const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
  return (await encrypt(keyring, code, suiteId ? { suiteId } : {})).result.toString('base64');
};

describe('The Encryption SDK round trip, with a local key', () => {
  it('decrypts what it encrypted, for any code or temporary password', async () => {
    const keyring = localKeyring();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), async (code) => {
        expect(await keyring.decrypt(await keyring.encrypt(code))).toBe(code);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses another key’s message', async () => {
    await expect(localKeyring().decrypt(await localKeyring().encrypt('482916'))).rejects.toThrow(
      CodeDecryptionError,
    );
  });
});

describe('The Encryption SDK round trip, with a KMS key', () => {
  it('decrypts what Cognito encrypts, with the key in the environment: one signed request to KMS', async () => {
    stubLambdaEnvironment();
    const ciphertext = await kmsCodeEncrypter({ clientConfig: clientConfig() })('482916', KEY);
    const before = kms.requests.length;
    expect(await kmsDecrypter({ keyArn: KEY }).decrypt(ciphertext)).toBe('482916');
    expect(kms.requests.slice(before)).toEqual([`Decrypt ${KEY}`]);
  });

  it('encrypts with the signed requests too, and decrypts through the KMS client when given its settings', async () => {
    stubLambdaEnvironment();
    const ciphertext = await kmsCodeEncrypter()('Tmp#9zQ!x2é', KEY);
    expect(await kmsDecrypter({ keyArn: KEY, clientConfig: clientConfig() }).decrypt(ciphertext)).toBe(
      'Tmp#9zQ!x2é',
    );
  });

  it('decrypts what @aws-crypto/client-node encrypted: signed (as Cognito sends) and unsigned messages', async () => {
    const decrypter = kmsDecrypter({ keyArn: KEY, clientConfig: clientConfig() });
    expect(await decrypter.decrypt(await encryptWithClientNode('482916'))).toBe('482916');
    expect(
      await decrypter.decrypt(
        await encryptWithClientNode(
          '482916',
          AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
        ),
      ),
    ).toBe('482916');
  });

  it('refuses a message whose signature was altered, and one made for another key', async () => {
    const decrypter = kmsDecrypter({ keyArn: KEY, clientConfig: clientConfig() });
    const bytes = Buffer.from(await encryptWithClientNode('482916'), 'base64');
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    await expect(decrypter.decrypt(bytes.toString('base64'))).rejects.toThrow(CodeDecryptionError);
    const other = await kmsCodeEncrypter({ clientConfig: clientConfig() })('482916', OTHER_KEY);
    await expect(decrypter.decrypt(other)).rejects.toThrow(CodeDecryptionError);
  });

  it('refuses to encrypt under anything but a key ARN', async () => {
    await expect(kmsCodeEncrypter()('482916', 'alias/cognito')).rejects.toThrow(
      /^kmsCodeEncrypter: keyArn must be the ARN of the user pool's KMS key/,
    );
  });

  it('loads neither the DynamoDB client, nor the KMS client, nor @aws-crypto/client-node to decrypt in Lambda', async () => {
    const ciphertext = await kmsCodeEncrypter({ clientConfig: clientConfig() })('482916', KEY);
    // A separate process, so that what this test file already imported does not count.
    const script = `
      import { createRequire } from 'node:module';
      const { kmsDecrypter } = await import('cognito-trigger-kit/email');
      const code = await kmsDecrypter({ keyArn: process.env.KEY_ARN }).decrypt(process.env.CIPHERTEXT);
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      const has = (name) => loaded.some((file) => file.includes('/node_modules/' + name + '/'));
      console.log(JSON.stringify({ code, dynamodb: has('@aws-sdk/client-dynamodb'), kmsClient: has('@aws-sdk/client-kms'),
        clientNode: has('@aws-crypto/client-node'), decryptNode: has('@aws-crypto/decrypt-node') }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', './bin/register-ts.mjs', '--input-type=module', '-e', script],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          KEY_ARN: KEY,
          CIPHERTEXT: ciphertext,
          AWS_REGION: 'us-west-2',
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_ENDPOINT_URL_KMS: kms.url,
        },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      code: '482916',
      dynamodb: false,
      kmsClient: false,
      clientNode: false,
      decryptNode: true,
    });
  });
});
