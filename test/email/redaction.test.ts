import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customEmailSenderEvent } from '../../src/email/events.js';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { type SesBehaviour, SesFailure } from '../../src/local/ses-endpoint.js';
import { localKeyring } from '../../src/sender/local-keyring.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { type Brand, emailAddress, logText, senderAt, useSesEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const ses = useSesEndpoint();

const CODE = '739184';
const leaky: CustomMessageTemplates<Brand> = {
  CustomMessage_SignUp: ({ userAttributes }) => {
    throw new Error(`cannot render for ${userAttributes.email} (${userAttributes.given_name})`);
  },
};

/** Every path an invocation can take: how SES behaves, which definition, and the outcome it ends in. */
const PATHS: readonly [string, SesBehaviour | undefined, Record<string, unknown>, string][] = [
  ['sent with the template', undefined, {}, 'sent'],
  ['a template error that names the user, then the default wording', undefined, { templates: leaky }, 'sent'],
  [
    'a template error that names the user, in strict mode',
    undefined,
    { templates: leaky, strict: true },
    'failed',
  ],
  ['MessageRejected, quoting the address', { failure: SesFailure.MessageRejected }, {}, 'failed'],
  ['throttling until the budget is spent', { failure: SesFailure.Throttling }, {}, 'failed'],
  ['HTTP 500 until the budget is spent', { failure: SesFailure.InternalError }, {}, 'failed'],
  ['a stall past the budget', { stallMs: 2_000 }, {}, 'failed'],
  [
    'a refusal of the caller that quotes the address',
    { error: { code: 'AccessDeniedException', status: 403, message: 'not allowed to send to {to}' } },
    {},
    'failed',
  ],
  ['the event logged', undefined, { logEvent: true }, 'sent'],
  ['no template, then the default wording', undefined, { templates: {} }, 'sent'],
  ['a code encrypted with another key', undefined, { decrypter: localKeyring() }, 'failed'],
];

const run = async (
  behaviour: SesBehaviour | undefined,
  extra: Record<string, unknown>,
  code = CODE,
  source: 'CustomEmailSender_SignUp' | 'CustomEmailSender_AdminCreateUser' = 'CustomEmailSender_SignUp',
) => {
  const to = emailAddress();
  if (behaviour)
    ses.set(
      to,
      'error' in behaviour
        ? { error: { ...behaviour.error, message: behaviour.error.message.replace('{to}', to) } }
        : behaviour,
    );
  const handler = senderAt(ses.url, keyring, {
    retry: { budgetMs: 1_000, attemptTimeoutMs: 500, baseDelayMs: 10, maxDelayMs: 50 },
    ...extra,
  });
  const event = customEmailSenderEvent(source, {
    code: await keyring.encrypt(code),
    userName: 'zoe.dubois',
    userAttributes: { email: to, given_name: 'Zoé', family_name: 'Dubois' },
    clientMetadata: { note: 'hello' },
  });
  const thrown = await handler(event).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  return { to, thrown, event };
};

/** The thrown error as Lambda's runtime would write it: name, message, stack, and its causes'. */
const errorText = (error: Error | undefined): string => {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    parts.push(e.name, e.message, String(e.stack));
  return parts.join('\n');
};

describe('customEmailSender never logs the code nor personal data', () => {
  it.each(PATHS)('when the invocation takes the path: %s', async (_, behaviour, extra, outcome) => {
    const { to, thrown, event } = await run(behaviour, extra);
    expect(logs.at(-1)).toMatchObject({ outcome });
    for (const text of [logText(logs), errorText(thrown)]) {
      expect(text).not.toContain(CODE);
      expect(text).not.toContain(to);
      expect(text).not.toContain('Zoé');
      expect(text).not.toContain('zoe.dubois');
      expect(text).not.toContain(event.request.code);
    }
  });

  it('while the code and the address do reach SES, so that the searches above can find them', async () => {
    const { to } = await run(undefined, {});
    expect(ses.emails.find((e) => e.to.includes(to))?.text).toContain(CODE);
  });

  it('nor a temporary password, escaped by Cognito or as the user types it', async () => {
    const password = 'Xq<7&mZ#9"';
    const escaped = password.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const failing = { failure: SesFailure.MessageRejected } as const;
    const { thrown } = await run(failing, { logEvent: true }, escaped, 'CustomEmailSender_AdminCreateUser');
    for (const text of [logText(logs), errorText(thrown)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(escaped);
    }
  });

  it('nor the details of an account takeover notice: where the user was, and the links that answer for them', async () => {
    const to = emailAddress();
    ses.set(to, { error: { code: 'AccessDeniedException', status: 403, message: 'denied' } });
    const event = customEmailSenderEvent('CustomEmailSender_AccountTakeOverNotification', {
      code: null,
      userAttributes: { email: to },
    });
    const handler = senderAt(ses.url, keyring, {
      logEvent: true,
      accountTakeOverNotification: ({ notice }) => {
        throw new Error(`no wording for ${notice.ipAddress} ${notice.oneClickLinkValid} ${notice.city}`);
      },
    });
    await handler(event).catch(() => undefined);
    const text = logText(logs);
    for (const secret of [
      '203.0.113.42',
      'https://auth.example.com/feedback?token=valid-6f1a7c2e',
      'invalid-6f1a7c2e',
      'feedback-6f1a7c2e',
      'Lyon',
      'Firefox 128',
      to,
    ])
      expect(text).not.toContain(secret);
  });

  it('for any code a template or SES could echo', async () => {
    const echoing: CustomMessageTemplates<Brand> = {
      CustomMessage_SignUp: () => {
        throw new Error('unused');
      },
    };
    await fc.assert(
      // Codes as Cognito makes them, digits, and temporary passwords, with a symbol so no log word can match one.
      fc.asyncProperty(fc.stringMatching(/^[0-9]{2}[#!%][0-9A-Za-z#!%]{3,9}$/), async (code) => {
        const start = logs.length;
        const { thrown } = await run(
          { failure: SesFailure.MessageRejected },
          { templates: echoing, logEvent: true },
          code,
        );
        expect(logText(logs.slice(start))).not.toContain(code);
        expect(errorText(thrown)).not.toContain(code);
      }),
      { numRuns: 15 },
    );
  });

  it('writes one log line per invocation, whatever its path', async () => {
    for (const [, behaviour, extra] of PATHS) {
      const start = logs.length;
      await run(behaviour, extra);
      expect(logs.slice(start).filter((line) => line.message === 'custom email sender')).toHaveLength(1);
    }
  });
});
