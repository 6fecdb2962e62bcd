import { createServer, type Server, type Socket } from 'node:net';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { KMS } from '@aws-sdk/client-kms';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsEndpoint } from '../../src/local/kms-endpoint.js';
import { CustomSmsSenderError } from '../../src/sms/custom-sms-sender.js';
import { kmsDecrypter, localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { credentials, phoneNumber, senderAt, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A Lambda context whose clock is injected: it always says `remainingMs` are left. */
const contextWith = (remainingMs: number): Context =>
  ({
    functionName: 'custom-sms-sender',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    getRemainingTimeInMillis: () => remainingMs,
  }) as Context;

/** A TCP server that accepts connections and never answers: a KMS endpoint that hangs. */
const startSilentServer = async () => {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

const eventFor = async (code: string) => {
  const phone = phoneNumber();
  const event = customSmsSenderEvent('CustomSMSSender_SignUp', {
    code: await keyring.encrypt(code),
    userAttributes: { phone_number: phone },
  });
  return { event, phone, sent: () => sns.messages.filter((m) => m.phoneNumber === phone) };
};

describe('customSmsSender keeps within the time the function has left', () => {
  it('gives an async template no more than the remaining time, less the margin, even below templateTimeoutMs', async () => {
    const { event, sent } = await eventFor('482916');
    const handler = senderAt(sns.url, keyring, {
      templates: { CustomMessage_SignUp: () => new Promise(() => undefined) },
    });
    const result = await handler(event, contextWith(500));
    expect(result).toMatchObject({ outcome: 'sent', wording: 'default', fallback: 'template timed out' });
    expect(sent().map((m) => m.text)).toEqual(['Your verification code is 482916.']);
    // 500 ms left, 200 kept back: the template had 300 ms, not templateTimeoutMs's 3,000.
    expect(logs.at(-1)).toMatchObject({
      fallback: { reason: 'template timed out', error: { message: 'template did not finish within 300 ms' } },
    });
  });

  describe('with a KMS endpoint that accepts the connection and never answers', () => {
    let silent: Awaited<ReturnType<typeof startSilentServer>>;
    let ciphertext: string;
    beforeAll(async () => {
      silent = await startSilentServer();
      // The code encrypted as Cognito does, under the key, by a KMS that does answer.
      const kms = await startKmsEndpoint();
      try {
        const ring = new KmsKeyringNode({
          generatorKeyId: KEY,
          clientProvider: (region: string) => new KMS({ region, endpoint: kms.url, credentials }),
        });
        const { result } = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT).encrypt(
          ring,
          '482916',
        );
        ciphertext = result.toString('base64');
      } finally {
        await kms.close();
      }
    });
    afterAll(() => silent.close());

    it('gives up on decryption when the remaining time is spent, throws so that Lambda retries, and sends nothing', async () => {
      const phone = phoneNumber();
      const handler = senderAt(
        sns.url,
        kmsDecrypter({
          keyArn: KEY,
          clientConfig: { endpoint: silent.url, region: 'us-west-2', credentials },
        }),
      );
      const event = customSmsSenderEvent('CustomSMSSender_SignUp', {
        code: ciphertext,
        userAttributes: { phone_number: phone },
      });
      const requestsBefore = sns.requests.length;
      await expect(handler(event, contextWith(700))).rejects.toThrow(
        new CustomSmsSenderError('decryption did not finish in the time left for CustomSMSSender_SignUp'),
      );
      expect(silent.accepted()).toBeGreaterThan(0);
      expect(sns.requests.length).toBe(requestsBefore);
      expect(logs.at(-1)).toMatchObject({
        level: 'ERROR',
        outcome: 'failed',
        reason: 'decryption did not finish in the time left',
        error: { name: 'DeadlineError', message: 'decryption did not finish within 500 ms' },
      });
    }, 30_000); // Only a decryption that never ends reaches this.
  });
});

describe('customSmsSender refuses a code that decrypts to nothing', () => {
  it.each([
    ['nothing', ''],
    ['blanks', '   '],
    ['no-break spaces and a tab', '\u00a0\t\u00a0'],
  ])('when it is %s: sends nothing, and says why in the log without the code', async (_, code) => {
    const { event, sent } = await eventFor(code);
    const result = await senderAt(sns.url, keyring)(event);
    expect(result).toEqual({
      outcome: 'rejected',
      reason: 'the code decrypted to nothing or blanks: nothing was sent',
    });
    expect(sent()).toEqual([]);
    expect(logs).toMatchObject([
      {
        level: 'WARN',
        outcome: 'rejected',
        reason: 'the code decrypted to nothing or blanks: nothing was sent',
      },
    ]);
  });
});
