import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { CustomEmailSenderError, customEmailSender } from '../../src/email/custom-email-sender.js';
import { customEmailSenderEvent } from '../../src/email/events.js';
import { classifySesError, EmailDeliveryError } from '../../src/email/send.js';
import { lambdaContext } from '../../src/local/invoker.js';
import { type SesBehaviour, SesFailure } from '../../src/local/ses-endpoint.js';
import { localKeyring } from '../../src/sender/local-keyring.js';
import { useCapturedLogs } from '../helpers/logs.js';
import {
  brands,
  credentials,
  emailAddress,
  logText,
  senderAt,
  templates,
  useSesEndpoint,
} from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const ses = useSesEndpoint();

/** A short budget so that the give-up paths are quick; the default is 4 seconds. */
const retry = { budgetMs: 800, attemptTimeoutMs: 300, baseDelayMs: 20, maxDelayMs: 100 };

/**
 * The two ways SES is called: the SES v2 client (settings given), and a signed request (none given, the endpoint,
 * region and keys in the environment, as in Lambda).
 */
const TRANSPORTS = {
  'the SESv2Client': (endpoint: string) => senderAt(endpoint, keyring, { retry }),
  'a signed request': (endpoint: string) => {
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', endpoint);
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    return customEmailSender({ brands, defaultBrand: 'acme', templates, decrypter: keyring, retry });
  },
} as const;
const transports = Object.keys(TRANSPORTS) as (keyof typeof TRANSPORTS)[];

const eventFor = async (to: string) =>
  customEmailSenderEvent('CustomEmailSender_SignUp', {
    code: await keyring.encrypt('482916'),
    userAttributes: { email: to },
  });
const requestsTo = (to: string) => ses.requests.filter((r) => r.to === to);

/** Each refusal SES can answer, the kit's reason for it, and the name the error goes by. */
const REFUSALS: readonly [string, SesBehaviour, string, string][] = [
  [
    'MessageRejected',
    { failure: SesFailure.MessageRejected },
    'SES rejected the message (MessageRejected): an address not verified (in the sandbox), or content SES refuses',
    'MessageRejected',
  ],
  [
    'an unverified MAIL FROM domain',
    { failure: SesFailure.MailFromDomainNotVerified },
    "SES refused the sender (MailFromDomainNotVerifiedException): the From identity's custom MAIL FROM domain is not verified",
    'MailFromDomainNotVerifiedException',
  ],
  [
    'a suspended account',
    { failure: SesFailure.AccountSuspended },
    'SES refused the email (AccountSuspendedException): the account may no longer send email',
    'AccountSuspendedException',
  ],
  [
    'paused sending',
    { failure: SesFailure.SendingPaused },
    'SES refused the email (SendingPausedException): sending is paused for the account or the configuration set',
    'SendingPausedException',
  ],
  [
    'an identity SES does not know',
    { failure: SesFailure.NotFound },
    'SES refused the email (NotFoundException): the configuration set or identity the brand names does not exist',
    'NotFoundException',
  ],
  [
    'a bad identity ARN',
    { error: { code: 'BadRequestException', status: 400, message: 'Invalid identity ARN' } },
    'SES refused the email (BadRequestException): a parameter is invalid (an address, the identity ARN, a tag)',
    'BadRequestException',
  ],
  [
    'a used-up quota',
    { failure: SesFailure.LimitExceeded },
    'SES refused the email (LimitExceededException): a sending quota is used up',
    'LimitExceededException',
  ],
  [
    'a role without ses:SendEmail',
    {
      error: {
        code: 'AccessDeniedException',
        status: 403,
        message: 'not authorized to perform ses:SendEmail',
      },
    },
    "SES refused the email (AccessDeniedException): the function's role may not send as this identity (ses:SendEmail)",
    'AccessDeniedException',
  ],
];

describe.each(transports)('customEmailSender, sending through %s', (transport) => {
  const build = () => TRANSPORTS[transport](ses.url);

  it('sends once and logs the MessageId SES returned', async () => {
    const to = emailAddress();
    const result = await build()(await eventFor(to));
    const [email] = ses.emails.filter((e) => e.to.includes(to));
    expect(result).toEqual({
      outcome: 'sent',
      messageId: email?.messageId,
      attempts: 1,
      wording: 'template',
    });
    expect(requestsTo(to)).toEqual([{ operation: 'SendEmail', to, status: 200 }]);
    expect(logs).toMatchObject([{ method: 'info', outcome: 'sent', messageId: email?.messageId }]);
  });

  it('retries throttling (TooManyRequestsException, HTTP 429) and HTTP 500 until SES accepts', async () => {
    const to = emailAddress();
    ses.set(to, { failure: SesFailure.Throttling, times: 2 });
    expect(await build()(await eventFor(to))).toMatchObject({ outcome: 'sent', attempts: 3 });
    expect(requestsTo(to).map((r) => r.code ?? r.status)).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      200,
    ]);
    const other = emailAddress();
    ses.set(other, { failure: SesFailure.InternalError, times: 1 });
    expect(await build()(await eventFor(other))).toMatchObject({ outcome: 'sent', attempts: 2 });
  });

  it.each(REFUSALS)(
    'throws at once on %s, with its reason, and logs no address nor code',
    async (_, behaviour, reason, name) => {
      const to = emailAddress();
      ses.set(to, behaviour);
      const error = (await build()(await eventFor(to)).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(CustomEmailSenderError);
      expect(error.message).toBe(`${reason} for CustomEmailSender_SignUp`);
      expect(error.cause).toBeInstanceOf(EmailDeliveryError);
      expect(requestsTo(to)).toHaveLength(1);
      expect(logs).toMatchObject([
        { method: 'error', outcome: 'failed', reason, attempts: 1, error: { name } },
      ]);
      // SES's own message can quote the address it refused: neither the log nor the thrown error carries it.
      const thrown = [error.message, error.stack, String(error.cause), (error.cause as Error).cause].join(
        '\n',
      );
      for (const text of [logText(logs), thrown]) {
        expect(text).not.toContain(to);
        expect(text).not.toContain('482916');
      }
    },
  );

  it('throws once the budget is spent on throttling, so that Lambda retries the invocation', async () => {
    const to = emailAddress();
    ses.set(to, { failure: SesFailure.Throttling });
    const started = Date.now();
    const error = (await build()(await eventFor(to)).catch((e: unknown) => e)) as Error;
    expect(Date.now() - started).toBeLessThan(retry.budgetMs + 300);
    expect(error.message).toMatch(
      /^SES did not accept the email within the time budget \(\d+ attempts, last: TooManyRequestsException\) for CustomEmailSender_SignUp$/,
    );
    expect(requestsTo(to).length).toBeGreaterThan(2);
  });

  it('abandons a stalled attempt, retries, and sends when SES answers in time', async () => {
    const to = emailAddress();
    ses.set(to, { stallMs: 2_000, times: 1 });
    expect(await build()(await eventFor(to))).toMatchObject({ outcome: 'sent', attempts: 2 });
  });

  it('keeps the budget inside the Lambda function’s remaining time', async () => {
    const to = emailAddress();
    ses.set(to, { stallMs: 5_000 });
    const started = Date.now();
    await expect(build()(await eventFor(to), lambdaContext('email', Date.now() + 600))).rejects.toThrow(
      CustomEmailSenderError,
    );
    expect(Date.now() - started).toBeLessThan(600);
    expect(ses.emails.filter((e) => e.to.includes(to))).toEqual([]);
  });

  it('retries network errors (nothing listening) until the budget is spent', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = (await TRANSPORTS[transport](`http://127.0.0.1:${port}`)(
      await eventFor(emailAddress()),
    ).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(CustomEmailSenderError);
    expect((error.cause as EmailDeliveryError).attempts).toBeGreaterThan(1);
    expect(logs).toMatchObject([{ outcome: 'failed', error: { code: 'ECONNREFUSED' } }]);
  });
});

describe('customEmailSender, choosing how to call SES', () => {
  it('says the request never reached SES when there is no region, through the SES v2 client', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    const handler = customEmailSender({
      brands,
      defaultBrand: 'acme',
      templates,
      decrypter: keyring,
      clientConfig: { endpoint: ses.url, credentials },
    });
    await expect(handler(await eventFor(emailAddress()))).rejects.toThrow(
      /^could not call SES: Error: Region is missing for CustomEmailSender_SignUp$/,
    );
    expect(logs[0]).toMatchObject({ error: { message: 'Region is missing' } });
  });

  it('uses a client of your own', async () => {
    const sent: unknown[] = [];
    const handler = customEmailSender({
      brands,
      defaultBrand: 'acme',
      templates,
      decrypter: keyring,
      client: {
        send: async (command: { input: unknown }) => {
          sent.push(command.input);
          return { MessageId: 'm-1' };
        },
      } as never,
    });
    expect(await handler(await eventFor(emailAddress()))).toMatchObject({
      outcome: 'sent',
      messageId: 'm-1',
    });
    expect(sent).toMatchObject([{ FromEmailAddress: 'Acme Cloud <no-reply@acme.example>' }]);
  });
});

describe('Function: classifySesError', () => {
  it.each([
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'retryable'],
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, 'retryable'],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'retryable'],
    [{ name: 'Unknown', $fault: 'server' }, 'retryable'],
    [{ name: 'Error', code: 'ECONNRESET' }, 'retryable'],
    [{ name: 'TimeoutError' }, 'retryable'],
    [{ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    [{ name: 'MailFromDomainNotVerifiedException' }, 'permanent'],
    [{ name: 'AccountSuspendedException' }, 'permanent'],
    [{ name: 'SendingPausedException' }, 'permanent'],
    [{ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } }, 'permanent'],
    [{ name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    [new Error('Region is missing'), 'permanent'],
  ])('classifies %j as %s', (error, kind) => {
    expect(classifySesError(error)).toBe(kind);
  });
});
