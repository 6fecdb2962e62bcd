import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { KMS, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../src/local/kms-endpoint.js';

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-west-2:123456789012:key/0000aaaa-00aa-00aa-00aa-000000000000';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

/** The Encryption SDK's KMS keyring, its KMS client pointed at an endpoint: as a Custom SMS sender decrypts. */
const keyring = (endpoint: KmsEndpoint, key = KEY) =>
  new KmsKeyringNode({
    generatorKeyId: key,
    clientProvider: (region: string) => new KMS({ region, endpoint: endpoint.url, credentials }),
  });

let kms: KmsEndpoint;
beforeAll(async () => {
  kms = await startKmsEndpoint();
});
afterAll(() => kms.close());

describe('Function: startKmsEndpoint, with the AWS Encryption SDK and the real KMS client', () => {
  it('gives back the plaintext the SDK encrypted, through GenerateDataKey and Decrypt', async () => {
    const { result } = await encrypt(keyring(kms), '424242', {
      encryptionContext: { userpool: 'us-west-2_a' },
    });
    const { plaintext, messageHeader } = await decrypt(keyring(kms), result);
    expect(plaintext.toString()).toBe('424242');
    expect(messageHeader.encryptionContext).toMatchObject({ userpool: 'us-west-2_a' });
    expect(kms.requests).toEqual([`GenerateDataKey ${KEY}`, `Decrypt ${KEY}`]);
  });

  it('refuses a message encrypted under another key, or by an endpoint with another secret', async () => {
    const { result } = await encrypt(keyring(kms, OTHER_KEY), '424242');
    await expect(decrypt(keyring(kms, KEY), result)).rejects.toThrow();
    const stranger = await startKmsEndpoint();
    try {
      const { result: foreign } = await encrypt(keyring(stranger), '424242');
      await expect(decrypt(keyring(kms), foreign)).rejects.toThrow();
    } finally {
      await stranger.close();
    }
  });

  it('opens blobs made by an earlier endpoint with the same secret', async () => {
    const secret = Buffer.alloc(32, 7);
    const first = await startKmsEndpoint({ secret });
    const { result } = await encrypt(keyring(first), '135790');
    await first.close();
    const second = await startKmsEndpoint({ secret });
    try {
      expect((await decrypt(keyring(second), result)).plaintext.toString()).toBe('135790');
    } finally {
      await second.close();
    }
  });

  it("answers KMS's errors for a key that is not a key ARN and for a tampered blob", async () => {
    const client = new KMSClient({ region: 'us-west-2', endpoint: kms.url, credentials });
    const { GenerateDataKeyCommand, DecryptCommand } = await import('@aws-sdk/client-kms');
    await expect(
      client.send(new GenerateDataKeyCommand({ KeyId: 'alias/nope', NumberOfBytes: 32 })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    const { CiphertextBlob } = await client.send(
      new GenerateDataKeyCommand({ KeyId: KEY, NumberOfBytes: 32 }),
    );
    const tampered = Uint8Array.from(CiphertextBlob as Uint8Array);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    await expect(client.send(new DecryptCommand({ CiphertextBlob: tampered }))).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it('answers UnknownOperationException, HTTP 400, to a KMS operation it does not serve', async () => {
    // Prepare
    const client = new KMSClient({ region: 'us-west-2', endpoint: kms.url, credentials, maxAttempts: 1 });
    const { ListKeysCommand } = await import('@aws-sdk/client-kms');

    // Act
    const sent = client.send(new ListKeysCommand({}));

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  it('refuses a request over 1 MB with HTTP 413, as the real KMS client reads it', async () => {
    // Prepare
    const client = new KMSClient({ region: 'us-west-2', endpoint: kms.url, credentials, maxAttempts: 1 });
    const { EncryptCommand } = await import('@aws-sdk/client-kms');
    const before = kms.requests.length;

    // Act
    const sent = client.send(new EncryptCommand({ KeyId: KEY, Plaintext: new Uint8Array(2 * 1024 * 1024) }));

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'RequestEntityTooLarge',
      $metadata: { httpStatusCode: 413 },
    });
    expect(kms.requests.length).toBe(before);
    client.destroy();
  });
});
