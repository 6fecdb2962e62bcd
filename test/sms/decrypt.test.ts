import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeDecryptionError, kmsDecrypter, localKeyring } from '../../src/sms/decrypt.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('Function: localKeyring', () => {
  it('decrypts what it encrypted: a code, and a temporary password', async () => {
    const keyring = localKeyring();
    expect(await keyring.decrypt(await keyring.encrypt('482916'))).toBe('482916');
    expect(await keyring.decrypt(await keyring.encrypt('Tmp#9zQ!x2é'))).toBe('Tmp#9zQ!x2é');
  });

  it('round-trips any text', async () => {
    const keyring = localKeyring();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), async (code) => {
        expect(await keyring.decrypt(await keyring.encrypt(code))).toBe(code);
      }),
      { numRuns: 25 },
    );
  });

  it('encrypts as Cognito does: base64 of an Encryption SDK message (format version 2, key commitment)', async () => {
    const ciphertext = await localKeyring().encrypt('482916');
    expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(ciphertext, 'base64')[0]).toBe(0x02);
  });

  it('decrypts with another keyring made from the same key bytes', async () => {
    const first = localKeyring();
    const second = localKeyring(first.keyBytes);
    expect(await second.decrypt(await first.encrypt('482916'))).toBe('482916');
  });

  it('rejects a ciphertext made with a different key', async () => {
    const ciphertext = await localKeyring().encrypt('482916');
    const error = await localKeyring()
      .decrypt(ciphertext)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeDecryptionError);
    expect((error as Error).message).toMatch(/^could not decrypt the code with the local key: /);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it.each([
    ['text that is not base64', 'not base64!'],
    ['an empty code', ''],
    ['base64 that is not an Encryption SDK message', Buffer.from('482916').toString('base64')],
  ])('rejects %s', async (_, code) => {
    await expect(localKeyring().decrypt(code)).rejects.toThrow(CodeDecryptionError);
  });

  it('rejects a ciphertext cut short', async () => {
    const keyring = localKeyring();
    const bytes = Buffer.from(await keyring.encrypt('482916'), 'base64');
    await expect(keyring.decrypt(bytes.subarray(0, bytes.length - 20).toString('base64'))).rejects.toThrow(
      CodeDecryptionError,
    );
  });

  it('refuses a key that is not 16, 24 or 32 bytes', () => {
    expect(() => localKeyring(new Uint8Array(20))).toThrow(
      'localKeyring: the key must be 16, 24 or 32 bytes (AES-128, AES-192 or AES-256)',
    );
  });

  it('keeps its own copy of the key', async () => {
    const key = new Uint8Array(16).fill(7);
    const keyring = localKeyring(key);
    const ciphertext = await keyring.encrypt('482916');
    key.fill(0);
    keyring.keyBytes.fill(0);
    expect(await keyring.decrypt(ciphertext)).toBe('482916');
  });
});

describe('Function: kmsDecrypter', () => {
  it.each([
    ['no key ARN (KEY_ARN unset)', undefined, 'got nothing'],
    [
      'an alias ARN',
      'arn:aws:kms:us-west-2:123456789012:alias/cognito',
      'got "arn:aws:kms:us-west-2:123456789012:alias/cognito"',
    ],
    ['a key id alone', '1234abcd-12ab-34cd-56ef-1234567890ab', 'got "1234abcd-12ab-34cd-56ef-1234567890ab"'],
  ])('refuses to be built with %s, saying what to set', (_, keyArn, got) => {
    expect(() => kmsDecrypter({ keyArn })).toThrow(
      `kmsDecrypter: keyArn must be the ARN of the user pool's KMS key (arn:aws:kms:<region>:<account>:key/<id>), ${got}; set KEY_ARN to the key in the user pool LambdaConfig.KMSKeyID`,
    );
  });

  it('accepts key ARNs of every partition, multi-Region keys included', () => {
    for (const keyArn of [
      'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    ])
      expect(() => kmsDecrypter({ keyArn })).not.toThrow();
  });
});

describe('Lazy loading', () => {
  it('loads neither the Encryption SDK nor the SNS client until the first invocation needs them', async () => {
    // A separate process, so that what this test file already imported does not count.
    const script = `
      import { createRequire } from 'node:module';
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => ({
        encryptionSdk: Object.keys(cache).some((f) => f.includes('@aws-crypto/decrypt-node')),
        sns: Object.keys(cache).some((f) => f.includes('@aws-sdk/client-sns')),
      });
      const sms = await import('cognito-trigger-kit/sms');
      await import(${JSON.stringify(`${root}handlers/custom-sms-sender.ts`)});
      const atImport = loaded();
      const keyring = sms.localKeyring();
      const handler = sms.customSmsSender({
        brands: { acme: { defaultLocale: 'en', locales: ['en'] } }, defaultBrand: 'acme', templates: {},
        decrypter: keyring, retry: { budgetMs: 100 },
        clientConfig: { endpoint: 'http://127.0.0.1:9', region: 'us-west-2', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      });
      const event = sms.customSmsSenderEvent('CustomSMSSender_SignUp', { code: await keyring.encrypt('1') });
      await handler(event).catch(() => undefined);
      console.log(JSON.stringify({ atImport, afterInvocation: loaded() }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', './bin/register-ts.mjs', '--input-type=module', '-e', script],
      {
        cwd: root,
        env: {
          ...process.env,
          KEY_ARN: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1',
        },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      atImport: { encryptionSdk: false, sns: false },
      afterInvocation: { encryptionSdk: true, sns: true },
    });
  });
});
