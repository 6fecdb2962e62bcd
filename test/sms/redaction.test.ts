import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { type SnsBehaviour, SnsFailure } from '../../src/local/sns-endpoint.js';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { type Brand, logText, phoneNumber, senderAt, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

const CODE = '739184';
const leaky: CustomMessageTemplates<Brand> = {
  CustomMessage_SignUp: ({ codeParameter }) => {
    throw new Error(`cannot render ${codeParameter}`);
  },
};

/** Every path an invocation can take: how SNS behaves, which templates, and the outcome it ends in. */
const PATHS: readonly [string, SnsBehaviour | undefined, Record<string, unknown>, string][] = [
  ['sent with the template', undefined, {}, 'sent'],
  ['a template error that names the code, then the default wording', undefined, { templates: leaky }, 'sent'],
  [
    'a template error that names the code, in strict mode',
    undefined,
    { templates: leaky, strict: true },
    'failed',
  ],
  ['a phone number SNS refuses', { failure: SnsFailure.InvalidParameter }, {}, 'rejected'],
  ['an opted-out number', { failure: SnsFailure.OptedOut }, {}, 'rejected'],
  ['throttling until the budget is spent', { failure: SnsFailure.Throttling }, {}, 'failed'],
  ['HTTP 500 until the budget is spent', { failure: SnsFailure.InternalError }, {}, 'failed'],
  ['a stall past the budget', { stallMs: 2_000 }, {}, 'failed'],
  ['the event logged', undefined, { logEvent: true }, 'sent'],
  ['no template, then the default wording', undefined, { templates: {} }, 'sent'],
  ['a code encrypted with another key', undefined, { decrypter: localKeyring() }, 'failed'],
];

const run = async (
  behaviour: SnsBehaviour | ((phone: string) => SnsBehaviour) | undefined,
  extra: Record<string, unknown>,
  code = CODE,
) => {
  const phone = phoneNumber();
  if (behaviour) sns.set(phone, typeof behaviour === 'function' ? behaviour(phone) : behaviour);
  const handler = senderAt(sns.url, keyring, {
    retry: { budgetMs: 300, attemptTimeoutMs: 150, baseDelayMs: 10, maxDelayMs: 50 },
    ...extra,
  });
  const event = customSmsSenderEvent('CustomSMSSender_SignUp', {
    code: await keyring.encrypt(code),
    userAttributes: { phone_number: phone },
    clientMetadata: { note: 'hello' },
  });
  const thrown = await handler(event).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  return { phone, thrown, event };
};

/** The thrown error as Lambda's runtime would write it: name, message, stack, and its cause's. */
const errorText = (error: Error | undefined) =>
  error
    ? [error.name, error.message, error.stack, String(error.cause), (error.cause as Error)?.stack].join('\n')
    : '';

describe('customSmsSender never logs the code', () => {
  it.each(PATHS)('when the invocation takes the path: %s', async (_, behaviour, extra, outcome) => {
    const { phone, thrown, event } = await run(behaviour, extra);
    expect(logs.at(-1)).toMatchObject({ outcome });
    expect(logText(logs)).not.toContain(CODE);
    expect(errorText(thrown)).not.toContain(CODE);
    // Nor the phone number, nor the encrypted code.
    expect(logText(logs)).not.toContain(phone);
    expect(logText(logs)).not.toContain(event.request.code);
  });

  it('nor the phone number SNS quotes when it refuses the caller, in the log or the thrown error', async () => {
    const { phone, thrown } = await run(
      (number) => ({
        error: {
          code: 'AuthorizationError',
          status: 403,
          message: `User is not authorized to perform: SNS:Publish on resource: ${number}`,
        },
      }),
      {},
    );
    expect(thrown?.message).toMatch(/^SNS refused the publish: AuthorizationErrorException \(HTTP 403\)/);
    expect(`${thrown?.message}\n${thrown?.stack}`).not.toContain(phone);
    expect(logText(logs)).not.toContain(phone);
  });

  it('while the code does reach SNS, so that the searches above can find it', async () => {
    const { phone } = await run(undefined, {});
    expect(sns.messages.find((m) => m.phoneNumber === phone)?.text).toContain(CODE);
  });

  it("redacts the code from a strict template's error, in the log and in the thrown error's cause", async () => {
    const { thrown } = await run(undefined, { templates: leaky, strict: true });
    expect(thrown?.cause).toMatchObject({ name: 'Error', message: 'cannot render [REDACTED]' });
    expect(logs.at(-1)).toMatchObject({
      reason: 'template threw',
      error: { message: 'cannot render [REDACTED]' },
    });
  });

  it('for any code a template puts in its error', async () => {
    await fc.assert(
      // Codes as Cognito makes them, digits, and temporary passwords, with a symbol so no log word can match one.
      fc.asyncProperty(fc.stringMatching(/^[0-9]{2}[#!%][0-9A-Za-z#!%]{3,9}$/), async (code) => {
        const start = logs.length;
        const { thrown } = await run(undefined, { templates: leaky, strict: true }, code);
        expect(logText(logs.slice(start))).not.toContain(code);
        expect(errorText(thrown)).not.toContain(code);
      }),
      { numRuns: 15 },
    );
  });
});
