import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomEmailSenderTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as customMessageHandler } from '../../handlers/custom-message.js';
import type { LambdaHandler } from '../../src/local/invoker.js';
import { LocalCognito, type Trace } from '../../src/local/local-cognito.js';
import { attributeValue, EMAIL_SENDER_POOL, findUser, type PoolDocument } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { kmsDecrypter } from '../../src/sender/decrypt.js';
import { useSenderEnvironment } from './sender-environment.js';

const POOL_ID = EMAIL_SENDER_POOL.UserPool.Id;
const KEY = (EMAIL_SENDER_POOL.UserPool.LambdaConfig as { KMSKeyID: string }).KMSKeyID;
const CLIENT = EMAIL_SENDER_POOL.UserPoolClients?.[0]?.ClientId as string;
let exampleSender: LambdaHandler;
let smsSender: LambdaHandler;
// The example senders read KEY_ARN and the endpoints when they are loaded: after the environment is set.
const environment = useSenderEnvironment(KEY);
beforeAll(async () => {
  exampleSender = (await import('../../handlers/custom-email-sender.js')).handler as unknown as LambdaHandler;
  smsSender = (await import('../../handlers/custom-sms-sender.js')).handler as unknown as LambdaHandler;
});

/** The example email sender, keeping each event it receives. */
const recordingSender = () => {
  const events: CustomEmailSenderTriggerEvent[] = [];
  const handler = (async (event: CustomEmailSenderTriggerEvent, context: never) => {
    events.push(event);
    return (exampleSender as unknown as (event: unknown, context: never) => Promise<unknown>)(event, context);
  }) as unknown as LambdaHandler;
  return { handler, events };
};

const engine = (sender: LambdaHandler = exampleSender, pool: PoolDocument = EMAIL_SENDER_POOL) =>
  new LocalCognito({
    pool,
    handler: customMessageHandler as unknown as LambdaHandler,
    customEmailSender: environment().emailSetup(sender),
    code: '482916',
  });

const decrypt = (ciphertext: string | null) => kmsDecrypter({ keyArn: KEY }).decrypt(ciphertext as string);

const signUp = (cognito: LocalCognito, username = 'maya@example.com') =>
  cognito.call('SignUp', { ClientId: CLIENT, Username: username, Password: 'Passw0rd!x' });

/** Every operation that sends an email, as Cognito sends it to a Custom email sender. */
const OPERATIONS: readonly {
  readonly operation: string;
  readonly triggerSource: CustomEmailSenderTriggerEvent['triggerSource'];
  readonly destination: string;
  /** The brand's own address: Zoë's `custom:brand` is globex, the others get the default brand. */
  readonly from?: string;
  readonly run: (cognito: LocalCognito) => Promise<Trace>;
}[] = [
  {
    operation: 'AdminUpdateUserAttributes',
    triggerSource: 'CustomEmailSender_UpdateUserAttribute',
    destination: 'diego.new@example.com',
    run: (cognito) =>
      cognito.adminUpdateUserAttributes({
        UserPoolId: POOL_ID,
        Username: 'diego@example.com',
        UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
      }),
  },
  {
    operation: 'GetUserAttributeVerificationCode',
    triggerSource: 'CustomEmailSender_VerifyUserAttribute',
    destination: 'diego@example.com',
    run: (cognito) => {
      const user = findUser(EMAIL_SENDER_POOL, 'diego@example.com');
      const token = cognito.issueAccessToken(POOL_ID, CLIENT, user as NonNullable<typeof user>);
      return cognito.getUserAttributeVerificationCode({ AccessToken: token, AttributeName: 'email' });
    },
  },
  {
    operation: 'SignUp',
    triggerSource: 'CustomEmailSender_SignUp',
    destination: 'maya@example.com',
    run: (cognito) => signUp(cognito),
  },
  {
    operation: 'ResendConfirmationCode',
    triggerSource: 'CustomEmailSender_ResendCode',
    destination: 'maya@example.com',
    run: async (cognito) => {
      await signUp(cognito);
      return cognito.call('ResendConfirmationCode', { ClientId: CLIENT, Username: 'maya@example.com' });
    },
  },
  {
    operation: 'ForgotPassword',
    triggerSource: 'CustomEmailSender_ForgotPassword',
    destination: 'zoe@example.com',
    from: 'Globex <no-reply@globex.example>',
    run: (cognito) => cognito.call('ForgotPassword', { ClientId: CLIENT, Username: 'zoe@example.com' }),
  },
  {
    operation: 'AdminCreateUser',
    triggerSource: 'CustomEmailSender_AdminCreateUser',
    destination: 'lee@example.com',
    run: (cognito) =>
      cognito.call('AdminCreateUser', {
        UserPoolId: POOL_ID,
        Username: 'lee@example.com',
        DesiredDeliveryMediums: ['EMAIL'],
      }),
  },
];

describe('LocalCognito, a pool with a Custom email sender', () => {
  it.each(OPERATIONS)(
    '$operation hands the email to the sender as $triggerSource, the code encrypted under the pool key',
    async ({ run, triggerSource, destination, from = 'Acme Cloud <no-reply@acme.example>' }) => {
      // Prepare
      const sender = recordingSender();
      const cognito = engine(sender.handler);

      // Act
      const trace = await run(cognito);

      // Assess
      expect(trace.result).not.toHaveProperty('error');
      // The Custom message function is not asked for the email: the sender is.
      expect(trace.invocations).toEqual([]);
      const invocation = trace.senderInvocations?.at(-1);
      expect(invocation).toMatchObject({
        trigger: 'CustomEmailSender',
        functionName: 'custom-email-sender',
        outcome: 'returned',
        event: { triggerSource, request: { type: 'customEmailSenderRequestV1' } },
      });
      const event = sender.events.at(-1) as CustomEmailSenderTriggerEvent;
      expect(event.request.code).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const delivered = trace.deliveries.at(-1);
      expect(delivered).toMatchObject({
        medium: 'EMAIL',
        source: 'sender',
        destination,
        triggerSource,
        ses: { from },
      });
      expect(await decrypt(event.request.code)).toBe(delivered?.code);
      expect(delivered?.text).toContain(delivered?.code);
    },
  );

  it('delivers what the sender sent through SES: From and Reply-To per brand, subject, HTML, text and tags', async () => {
    // Prepare
    const cognito = engine();

    // Act
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'email', Value: 'diego.globex@example.com' }],
      ClientMetadata: { brand: 'globex' },
    });

    // Assess
    expect(trace.result).toEqual({ response: {} });
    expect(trace.deliveries).toEqual([
      expect.objectContaining({
        destination: 'diego.globex@example.com',
        subject: 'Globex: confirm your new email address',
        html: expect.stringContaining('482916'),
        text: expect.stringContaining('482916'),
        code: '482916',
        ses: expect.objectContaining({
          from: 'Globex <no-reply@globex.example>',
          replyTo: ['Globex <aide@globex.example>'],
          tags: { brand: 'globex', locale: 'en', triggerSource: 'CustomEmailSender_UpdateUserAttribute' },
        }),
      }),
    ]);
    expect(trace.notes.join('\n')).toContain(
      '[UNC] AWS documents ClientMetadata in Custom email sender events for sign-up, forgot-password and authentication codes',
    );
  });

  it('writes the email into the outbox with its From, To, Reply-To, subject and tags', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-email-sender-'));
    try {
      const cognito = new LocalCognito({
        pool: EMAIL_SENDER_POOL,
        store: new StateStore(dir),
        customEmailSender: environment().emailSetup(exampleSender),
        code: '135790',
      });

      // Act
      const trace = await cognito.call('ForgotPassword', { ClientId: CLIENT, Username: 'zoe@example.com' });

      // Assess
      const files = trace.deliveries[0]?.files ?? [];
      expect(files.map((file) => file.slice(file.lastIndexOf('.')))).toEqual(['.html', '.txt']);
      const text = readFileSync(files[1] as string, 'utf8');
      expect(text).toMatch(
        /^From: Globex <no-reply@globex\.example>\nTo: zoe@example\.com\nReply-To: Globex <aide@globex\.example>\nSubject: Globex : réinitialisez votre mot de passe\nTags: brand=globex, locale=fr, triggerSource=CustomEmailSender_ForgotPassword\n\n/,
      );
      expect(text).toContain('135790');
      expect(readFileSync(files[0] as string, 'utf8')).toContain('135790');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('encrypts an AdminCreateUser temporary password HTML-escaped, as the email sender expects, and delivers it as typed', async () => {
    // Prepare
    const sender = recordingSender();
    const cognito = engine(sender.handler);

    // Act
    const trace = await cognito.call('AdminCreateUser', {
      UserPoolId: POOL_ID,
      Username: 'lee@example.com',
      TemporaryPassword: 'Tmp<Pass&1',
      DesiredDeliveryMediums: ['EMAIL'],
    });

    // Assess
    expect(await decrypt(sender.events[0]?.request.code ?? null)).toBe('Tmp&#60;Pass&#38;1');
    expect(trace.deliveries[0]).toMatchObject({
      code: 'Tmp<Pass&1',
      triggerSource: 'CustomEmailSender_AdminCreateUser',
    });
    expect(trace.deliveries[0]?.text).toContain('Tmp<Pass&1');
    expect(trace.deliveries[0]?.html).toContain('Tmp&lt;Pass&amp;1');
  });

  it('does not fail the API call when the sender fails, as Cognito invokes it asynchronously; the trace says so', async () => {
    // Prepare
    const failing = (async () => {
      throw new Error('SES is down');
    }) as unknown as LambdaHandler;
    const cognito = engine(failing);

    // Act
    const trace = await signUp(cognito);

    // Assess
    expect(trace.result).toMatchObject({
      response: { UserConfirmed: false, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } },
    });
    expect(trace.senderInvocations?.[0]).toMatchObject({
      outcome: 'threw',
      error: { message: 'SES is down' },
    });
    expect(trace.deliveries).toEqual([]);
    expect(trace.notes.join('\n')).toContain(
      'the Custom email sender threw: no email reaches maya@example.com (Lambda retries asynchronous invocations that fail)',
    );
    // The user was signed up all the same, with the code the sender was given.
    const user = cognito.pool(POOL_ID)?.Users?.find((u) => attributeValue(u, 'email') === 'maya@example.com');
    expect(user?.UserStatus).toBe('UNCONFIRMED');
    const confirmed = await cognito.call('ConfirmSignUp', {
      ClientId: CLIENT,
      Username: 'maya@example.com',
      ConfirmationCode: '482916',
    });
    expect(confirmed.result).toEqual({ response: {} });
  });

  it('sends no email, and says so, when the pool has a sender and no sender function was given', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: EMAIL_SENDER_POOL, handler: customMessageHandler as never });

    // Act
    const trace = await signUp(cognito);

    // Assess
    expect(trace.result).toHaveProperty('response');
    expect(trace.invocations).toEqual([]);
    expect(trace.deliveries).toEqual([]);
    expect(trace.notes.join('\n')).toContain(
      'the pool sends email codes through its Custom email sender (LambdaConfig.CustomEmailSender), and no sender function was given: nothing reaches maya@example.com',
    );
  });

  it('calls the function the pool’s CustomEmailSender ARN names among the functions', async () => {
    // Prepare
    const sender = recordingSender();
    const cognito = new LocalCognito({
      pool: EMAIL_SENDER_POOL,
      functions: (name) => (name === 'custom-email-sender' ? sender.handler : undefined),
      customEmailSender: environment().emailSetup(),
    });

    // Act
    const trace = await signUp(cognito);

    // Assess
    expect(sender.events.map((event) => event.triggerSource)).toEqual(['CustomEmailSender_SignUp']);
    expect(trace.deliveries).toHaveLength(1);
  });

  it('still sends SMS through the Custom message function when the pool has no Custom SMS sender', async () => {
    // Prepare
    const cognito = engine();

    // Act
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'phone_number', Value: '+33612345678' }],
    });

    // Assess
    expect(trace.senderInvocations).toBeUndefined();
    expect(trace.invocations.map((i) => i.event.triggerSource)).toEqual([
      'CustomMessage_UpdateUserAttribute',
    ]);
    expect(trace.deliveries[0]).toMatchObject({ medium: 'SMS', source: 'trigger' });
  });

  it('sends the code to the new address, in the event too, while the original stays active until it is verified', async () => {
    // Prepare
    const sender = recordingSender();
    const cognito = engine(sender.handler, {
      ...EMAIL_SENDER_POOL,
      UserPool: {
        ...EMAIL_SENDER_POOL.UserPool,
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      },
    });

    // Act
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
    });

    // Assess
    expect(sender.events[0]?.request.userAttributes).toMatchObject({
      email: 'diego.new@example.com',
      email_verified: 'false',
    });
    expect(trace.deliveries[0]?.destination).toBe('diego.new@example.com');
    expect(trace.notes.join('\n')).toContain(
      '[UNC] AWS does not document which email a Custom email sender event',
    );
  });
});

describe('LocalCognito, a pool with both custom senders', () => {
  const BOTH: PoolDocument = {
    ...EMAIL_SENDER_POOL,
    UserPool: {
      ...EMAIL_SENDER_POOL.UserPool,
      LambdaConfig: {
        ...EMAIL_SENDER_POOL.UserPool.LambdaConfig,
        CustomSMSSender: {
          LambdaArn: 'arn:aws:lambda:us-west-2:123456789012:function:custom-sms-sender',
          LambdaVersion: 'V1_0',
        },
      },
    },
  };

  it.each([
    [
      'SignUp',
      'CustomSMSSender_SignUp',
      { UserAttributes: [{ Name: 'phone_number', Value: '+33611112222' }] },
    ],
    ['AdminCreateUser', 'CustomSMSSender_AdminCreateUser', { DesiredDeliveryMediums: ['SMS'] }],
  ] as const)('%s sends its SMS to the Custom SMS sender as %s', async (operation, triggerSource, extra) => {
    // Prepare
    const events: CustomSMSSenderTriggerEvent[] = [];
    const recordingSms = (async (event: CustomSMSSenderTriggerEvent, context: never) => {
      events.push(event);
      return (smsSender as unknown as (event: unknown, context: never) => Promise<unknown>)(event, context);
    }) as unknown as LambdaHandler;
    const cognito = new LocalCognito({
      pool: BOTH,
      handler: customMessageHandler as never,
      customSmsSender: environment().setup(recordingSms),
      customEmailSender: environment().emailSetup(exampleSender),
      code: '246802',
    });
    const request =
      operation === 'SignUp'
        ? { ClientId: CLIENT, Username: 'maya@example.com', Password: 'Passw0rd!x', ...extra }
        : {
            UserPoolId: POOL_ID,
            Username: 'lee@example.com',
            TemporaryPassword: 'Tmp<Pass&1',
            UserAttributes: [{ Name: 'phone_number', Value: '+33611112222' }],
            ...extra,
          };

    // Act
    const trace = await cognito.call(operation, request);

    // Assess
    expect(trace.invocations).toEqual([]);
    expect(events.map((event) => event.triggerSource)).toEqual([triggerSource]);
    const delivered = trace.deliveries[0];
    expect(delivered).toMatchObject({ medium: 'SMS', source: 'sender', destination: '+33611112222' });
    // An SMS carries the temporary password as it is: only the email sender's is HTML-escaped.
    expect(await decrypt(events[0]?.request.code ?? null)).toBe(delivered?.code);
    expect(delivered?.text).toContain(delivered?.code);
  });
});
