import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { plantedSecrets } from '../handler/planted.js';
import { type LogLine, useCapturedLogs } from '../helpers/logs.js';
import { logText, phoneNumber, senderAt, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

/** The thrown error as Lambda's runtime would write it: name, message, stack, and its cause's. */
const errorText = (error: unknown) =>
  error instanceof Error
    ? [error.name, error.message, error.stack, String(error.cause), (error.cause as Error)?.stack].join('\n')
    : '';

const run = async (code: string, thrown: () => unknown, extra: Parameters<typeof senderAt>[2] = {}) => {
  const handler = senderAt(sns.url, keyring, {
    templates: {
      CustomMessage_AdminCreateUser: () => {
        throw thrown();
      },
    },
    ...extra,
  });
  const event = customSmsSenderEvent('CustomSMSSender_AdminCreateUser', {
    code: await keyring.encrypt(code),
    userAttributes: { phone_number: phoneNumber() },
  });
  return handler(event).then(
    () => undefined,
    (error: unknown) => error,
  );
};

describe('customSmsSender removes the code before anything else', () => {
  it('so that no piece of a temporary password survives around a phone-number-like run of digits', async () => {
    await run('Xy-12345678-Zq', () => new Error('cannot render Xy-12345678-Zq'));
    expect(logs.at(-1)).toMatchObject({
      fallback: { reason: 'template threw', error: { message: 'cannot render [REDACTED]' } },
    });
    expect(logText(logs)).not.toMatch(/Xy-|-Zq/);
  });

  it("from an error's code property, in the log and in what strict mode throws", async () => {
    const thrown = await run('482916', () => Object.assign(new Error('no'), { code: '482916' }), {
      strict: true,
    });
    expect(logs.at(-1)).toMatchObject({ outcome: 'failed', error: { message: 'no', code: '[REDACTED]' } });
    expect(logText(logs)).not.toContain('482916');
    expect(errorText(thrown)).not.toContain('482916');
  });

  it('from a template that returns an object whose getter throws with the code', async () => {
    const handler = senderAt(sns.url, keyring, {
      templates: {
        CustomMessage_SignUp: () =>
          Object.defineProperty({}, 'sms', {
            get: () => {
              throw new Error('no SMS for 739184');
            },
          }),
      },
    });
    const phone = phoneNumber();
    const result = await handler(
      customSmsSenderEvent('CustomSMSSender_SignUp', {
        code: await keyring.encrypt('739184'),
        userAttributes: { phone_number: phone },
      }),
    );
    expect(result).toMatchObject({ outcome: 'sent', wording: 'default', fallback: 'template threw' });
    expect(logs.at(-1)).toMatchObject({ fallback: { error: { message: 'no SMS for [REDACTED]' } } });
  });
});

describe('Property: customSmsSender logs no code and no personal data', () => {
  it('wherever they are placed in the event or in what a template throws, at DEBUG with the event logged', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    await fc.assert(
      fc.asyncProperty(plantedSecrets({ code: true }), fc.boolean(), async (planted, strict) => {
        const start = logs.length;
        const handler = senderAt(sns.url, keyring, {
          logEvent: true,
          strict,
          templates: {
            CustomMessage_SignUp: () => {
              throw planted.thrown;
            },
          },
        });
        const event = customSmsSenderEvent('CustomSMSSender_SignUp', {
          ...planted.event,
          code: await keyring.encrypt(planted.code),
        });
        const thrown = await handler(event).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(logs.length).toBeGreaterThan(start);
        planted.expectAbsent(logs.slice(start));
        // What strict mode throws is written by Lambda's runtime: the same holds for it.
        planted.expectAbsent([{ method: 'thrown', text: errorText(thrown) } as LogLine]);
      }),
      { numRuns: 40 },
    );
  });
});
