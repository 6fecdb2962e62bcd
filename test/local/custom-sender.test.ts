import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as customMessageHandler } from '../../handlers/custom-message.js';
import type { LambdaHandler } from '../../src/local/invoker.js';
import { LocalCognito } from '../../src/local/local-cognito.js';
import { attributeValue, SMS_SENDER_POOL } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { useSenderEnvironment } from './sender-environment.js';

const POOL_ID = SMS_SENDER_POOL.UserPool.Id;
const KEY = (SMS_SENDER_POOL.UserPool.LambdaConfig as { KMSKeyID: string }).KMSKeyID;
let sender: LambdaHandler;
// The example senders read KEY_ARN and the endpoints when they are loaded: after the environment is set.
const environment = useSenderEnvironment(KEY);
beforeAll(async () => {
  sender = (await import('../../handlers/custom-sms-sender.js')).handler as unknown as LambdaHandler;
});

const update = (cognito: LocalCognito, attribute: string, value: string) =>
  cognito.adminUpdateUserAttributes({
    UserPoolId: POOL_ID,
    Username: 'diego@example.com',
    UserAttributes: [{ Name: attribute, Value: value }],
    ClientMetadata: { brand: 'globex' },
  });

describe('LocalCognito, a pool with a Custom SMS sender', () => {
  it('encrypts the code under the pool key and hands it to the sender, whose SNS message is what the user gets', async () => {
    const cognito = new LocalCognito({
      pool: SMS_SENDER_POOL,
      handler: customMessageHandler as unknown as LambdaHandler,
      customSmsSender: environment().setup(sender),
      code: '864209',
    });
    const trace = await update(cognito, 'phone_number', '+33612345678');
    expect(trace.result).toEqual({ response: {} });
    // The Custom message function is not asked for the SMS: the sender is.
    expect(trace.invocations).toEqual([]);
    const [invocation] = trace.senderInvocations ?? [];
    expect(invocation?.event.triggerSource).toBe('CustomSMSSender_UpdateUserAttribute');
    expect(invocation?.event.request.type).toBe('customSMSSenderRequestV1');
    expect(invocation?.event.request.code).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(invocation?.event.request.code ?? '', 'base64').toString('latin1')).not.toContain(
      '864209',
    );
    expect(invocation?.error).toBeUndefined();
    expect(invocation?.outcome).toBe('returned');
    expect(trace.deliveries).toMatchObject([
      {
        medium: 'SMS',
        source: 'sender',
        destination: '+33612345678',
        text: 'Globex: 864209 is your code to confirm your new phone number.',
        sns: { smsType: 'Transactional', encoding: 'GSM-7', segments: 1 },
      },
    ]);
    const user = cognito
      .pool(POOL_ID)
      ?.Users?.find((u) => attributeValue(u, 'email') === 'diego@example.com');
    expect(user && attributeValue(user, 'phone_number')).toBe('+33612345678');
  });

  it('writes what SNS was asked to send into the outbox: sender ID, SMS type, encoding and segments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-sender-'));
    try {
      const cognito = new LocalCognito({
        pool: SMS_SENDER_POOL,
        store: new StateStore(dir),
        customSmsSender: environment().setup(sender),
        code: '975310',
      });
      const trace = await update(cognito, 'phone_number', '+33611112222');
      const [file] = trace.deliveries[0]?.files ?? [];
      expect(readFileSync(file as string, 'utf8')).toBe(
        'To: +33611112222\nSender-ID: Globex\nSMS-Type: Transactional\nEncoding: GSM-7, 1 segment\n\n' +
          'Globex: 975310 is your code to confirm your new phone number.\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still sends email changes through the Custom message function', async () => {
    const cognito = new LocalCognito({
      pool: SMS_SENDER_POOL,
      handler: customMessageHandler as unknown as LambdaHandler,
      customSmsSender: environment().setup(sender),
      code: '111222',
    });
    const trace = await update(cognito, 'email', 'diego.new@example.com');
    expect(trace.senderInvocations).toBeUndefined();
    expect(trace.invocations.map((i) => i.event.triggerSource)).toEqual([
      'CustomMessage_UpdateUserAttribute',
    ]);
    expect(trace.deliveries[0]).toMatchObject({ medium: 'EMAIL', source: 'trigger' });
  });

  it('sends no SMS, and says so, when the pool has a sender and no sender function was given', async () => {
    const cognito = new LocalCognito({
      pool: SMS_SENDER_POOL,
      handler: customMessageHandler as unknown as LambdaHandler,
    });
    const trace = await update(cognito, 'phone_number', '+33688887777');
    expect(trace.result).toEqual({ response: {} });
    expect(trace.invocations).toEqual([]);
    expect(trace.deliveries).toEqual([]);
    expect(trace.notes.join('\n')).toContain('no sender function was given: nothing reaches +33688887777');
  });

  it('reports a code that could not be encrypted as a failed sender, and still completes the call', async () => {
    const cognito = new LocalCognito({
      pool: SMS_SENDER_POOL,
      customSmsSender: {
        ...environment().setup(sender),
        encrypt: () =>
          Promise.reject(new Error('encrypting SMS codes as Cognito does needs the AWS Encryption SDK')),
      },
    });
    const trace = await update(cognito, 'phone_number', '+33677776666');
    expect(trace.result).toEqual({ response: {} });
    expect(trace.senderInvocations?.[0]).toMatchObject({
      outcome: 'threw',
      error: { message: 'encrypting SMS codes as Cognito does needs the AWS Encryption SDK' },
      event: { request: { code: null } },
    });
  });

  it('does not fail the API call when the sender fails, as Cognito invokes it asynchronously; the trace says so', async () => {
    const failing = (async () => {
      throw new Error('SNS is down');
    }) as unknown as LambdaHandler;
    const cognito = new LocalCognito({
      pool: SMS_SENDER_POOL,
      customSmsSender: environment().setup(failing),
    });
    const trace = await update(cognito, 'phone_number', '+33699999999');
    expect(trace.result).toEqual({ response: {} });
    expect(trace.senderInvocations?.[0]).toMatchObject({
      outcome: 'threw',
      error: { message: 'SNS is down' },
    });
    expect(trace.deliveries).toEqual([]);
    expect(trace.notes.join('\n')).toContain('the Custom SMS sender threw: no SMS reaches +33699999999');
    const user = cognito
      .pool(POOL_ID)
      ?.Users?.find((u) => attributeValue(u, 'email') === 'diego@example.com');
    expect(user && attributeValue(user, 'phone_number')).toBe('+33699999999');
  });
});
