import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../src/local/invoker.js';
import { SnsFailure } from '../../src/local/sns-endpoint.js';
import { CustomSmsSenderError, customSmsSender } from '../../src/sms/custom-sms-sender.js';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { classifySnsError, SmsDeliveryError } from '../../src/sms/publish.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { brands, credentials, phoneNumber, senderAt, templates, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

/** A short budget so that the give-up paths are quick; the default is 4 seconds. */
const retry = { budgetMs: 800, attemptTimeoutMs: 300, baseDelayMs: 20, maxDelayMs: 100 };
const build = (endpoint = sns.url, options: { retry?: typeof retry } = { retry }) =>
  senderAt(endpoint, keyring, options);

const eventFor = async (phone: string) =>
  customSmsSenderEvent('CustomSMSSender_SignUp', {
    code: await keyring.encrypt('482916'),
    userAttributes: { phone_number: phone },
  });
const requestsTo = (phone: string) => sns.requests.filter((r) => r.phoneNumber === phone);

describe('customSmsSender, with the real SNSClient over HTTP', () => {
  it('publishes once and logs the MessageId SNS returned', async () => {
    const phone = phoneNumber();
    const result = await build()(await eventFor(phone));
    const [message] = sns.messages.filter((m) => m.phoneNumber === phone);
    expect(result).toEqual({
      outcome: 'sent',
      messageId: message?.messageId,
      attempts: 1,
      wording: 'template',
    });
    expect(requestsTo(phone)).toEqual([{ action: 'Publish', phoneNumber: phone, status: 200 }]);
    expect(logs).toMatchObject([{ method: 'info', outcome: 'sent', messageId: message?.messageId }]);
  });

  it('retries throttling (Throttled, HTTP 429) until SNS accepts', async () => {
    const phone = phoneNumber();
    sns.set(phone, { failure: SnsFailure.Throttling, times: 2 });
    const result = await build()(await eventFor(phone));
    expect(result).toMatchObject({ outcome: 'sent', attempts: 3 });
    expect(requestsTo(phone).map((r) => r.code ?? r.status)).toEqual(['Throttled', 'Throttled', 200]);
  });

  it('retries the generic Throttling code (HTTP 400) and a 500 alike', async () => {
    const phone = phoneNumber();
    sns.set(phone, { error: { code: 'Throttling', status: 400, message: 'Rate exceeded' }, times: 1 });
    expect(await build()(await eventFor(phone))).toMatchObject({ outcome: 'sent', attempts: 2 });
    const other = phoneNumber();
    sns.set(other, { failure: SnsFailure.InternalError, times: 2 });
    expect(await build()(await eventFor(other))).toMatchObject({ outcome: 'sent', attempts: 3 });
  });

  it.each([
    ['an invalid phone number (InvalidParameter)', SnsFailure.InvalidParameter, 'InvalidParameterException'],
    ['an opted-out number (OptedOut)', SnsFailure.OptedOut, 'OptedOutException'],
  ])('does not retry %s, logs it, and returns without throwing', async (_, failure, name) => {
    const phone = phoneNumber();
    sns.set(phone, { failure });
    const result = await build()(await eventFor(phone));
    expect(result).toMatchObject({ outcome: 'rejected', attempts: 1 });
    expect(requestsTo(phone)).toHaveLength(1);
    expect(logs).toMatchObject([
      { method: 'warn', outcome: 'rejected', error: { name, httpStatusCode: 400 }, attempts: 1 },
    ]);
    expect(logs[0]).not.toHaveProperty('error.stack');
  });

  it('names an opted-out number as the reason', async () => {
    const phone = phoneNumber();
    sns.set(phone, { failure: SnsFailure.OptedOut });
    expect((await build()(await eventFor(phone))).reason).toBe(
      'the phone number opted out of SMS from this account',
    );
  });

  it('throws at once, without retrying, when SNS refuses the caller (AuthorizationError, HTTP 403)', async () => {
    const phone = phoneNumber();
    sns.set(phone, {
      error: { code: 'AuthorizationError', status: 403, message: 'not authorized to perform: SNS:Publish' },
    });
    await expect(build()(await eventFor(phone))).rejects.toThrow(CustomSmsSenderError);
    expect(requestsTo(phone)).toHaveLength(1);
    expect(logs).toMatchObject([
      {
        method: 'error',
        outcome: 'failed',
        error: { name: 'AuthorizationErrorException', httpStatusCode: 403 },
      },
    ]);
  });

  it('throws once the budget is spent on throttling, so that Lambda retries the invocation', async () => {
    const phone = phoneNumber();
    sns.set(phone, { failure: SnsFailure.Throttling });
    const started = Date.now();
    const error = await build()(await eventFor(phone)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(retry.budgetMs + 300);
    expect(error).toBeInstanceOf(CustomSmsSenderError);
    expect((error as Error).message).toMatch(
      /^SNS did not accept the message within the time budget \(\d+ attempts, last: ThrottledException\) for CustomSMSSender_SignUp$/,
    );
    expect((error as Error).cause).toBeInstanceOf(SmsDeliveryError);
    expect(requestsTo(phone).length).toBeGreaterThan(2);
    expect(logs).toMatchObject([
      { method: 'error', outcome: 'failed', error: { name: 'ThrottledException' } },
    ]);
  });

  it('abandons a stalled attempt, retries, and sends when SNS answers in time', async () => {
    const phone = phoneNumber();
    sns.set(phone, { stallMs: 2_000, times: 1 });
    const result = await build()(await eventFor(phone));
    expect(result).toMatchObject({ outcome: 'sent', attempts: 2 });
  });

  it('throws within the budget when SNS stalls past it', async () => {
    const phone = phoneNumber();
    sns.set(phone, { stallMs: 5_000 });
    const started = Date.now();
    await expect(build()(await eventFor(phone))).rejects.toThrow(/within the time budget/);
    expect(Date.now() - started).toBeLessThan(retry.budgetMs + 300);
    expect(sns.messages.filter((m) => m.phoneNumber === phone)).toEqual([]);
  });

  it('keeps the budget inside the Lambda function’s remaining time', async () => {
    const phone = phoneNumber();
    sns.set(phone, { stallMs: 5_000 });
    const started = Date.now();
    const handler = build(sns.url, { retry: { ...retry, budgetMs: 10_000, attemptTimeoutMs: 10_000 } });
    await expect(handler(await eventFor(phone), lambdaContext('sms', Date.now() + 600))).rejects.toThrow(
      CustomSmsSenderError,
    );
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('retries network errors (nothing listening) until the budget is spent', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await build(`http://127.0.0.1:${port}`)(await eventFor(phoneNumber())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CustomSmsSenderError);
    expect(((error as Error).cause as SmsDeliveryError).attempts).toBeGreaterThan(1);
    expect(logs).toMatchObject([{ outcome: 'failed', error: { code: 'ECONNREFUSED' } }]);
    expect((error as Error).message).toMatch(/last: Error \(ECONNREFUSED\)\) for CustomSMSSender_SignUp$/);
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_SNS when no client settings are given', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', sns.url);
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    const phone = phoneNumber();
    const handler = customSmsSender({ brands, defaultBrand: 'acme', templates, decrypter: keyring });
    expect(await handler(await eventFor(phone))).toMatchObject({ outcome: 'sent' });
    expect(sns.messages.filter((m) => m.phoneNumber === phone)).toHaveLength(1);
  });

  it('says the request never reached SNS when the function has no region, and says what SNS answered otherwise', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    const phone = phoneNumber();
    const noRegion = customSmsSender({
      brands,
      defaultBrand: 'acme',
      templates,
      decrypter: keyring,
      clientConfig: { endpoint: sns.url, credentials },
    });
    await expect(noRegion(await eventFor(phone))).rejects.toThrow(
      /could not call SNS: Error: Region is missing/,
    );
    expect(requestsTo(phone)).toHaveLength(0);
    const refused = phoneNumber();
    sns.set(refused, { error: { code: 'AuthorizationError', status: 403, message: 'not authorized' } });
    await expect(build()(await eventFor(refused))).rejects.toThrow(
      /SNS refused the publish: AuthorizationErrorException \(HTTP 403\): not authorized/,
    );
  });
});

describe('Function: classifySnsError', () => {
  it.each([
    [{ name: 'InvalidParameterException' }, 'rejected'],
    [{ name: 'InvalidParameterValueException' }, 'rejected'],
    [{ name: 'Unknown', Code: 'ParameterValueInvalid' }, 'rejected'],
    [{ name: 'OptedOutException' }, 'rejected'],
    [{ name: 'ThrottlingException' }, 'retryable'],
    [{ name: 'ThrottledException' }, 'retryable'],
    [{ name: 'Throttling' }, 'retryable'],
    [{ name: 'InternalErrorException', $fault: 'server' }, 'retryable'],
    [{ name: 'Unknown', $metadata: { httpStatusCode: 503 } }, 'retryable'],
    [{ name: 'Error', code: 'ECONNRESET' }, 'retryable'],
    [{ name: 'TimeoutError' }, 'retryable'],
    [{ name: 'AuthorizationErrorException', $metadata: { httpStatusCode: 403 } }, 'permanent'],
    [{ name: 'KMSAccessDeniedException', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    [new Error('Region is missing'), 'permanent'],
  ])('classifies %j as %s', (error, kind) => {
    expect(classifySnsError(error)).toBe(kind);
  });
});
