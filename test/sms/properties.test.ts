import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { isE164 } from '../../src/sms/rules.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { brands, phoneNumber, senderAt, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();
let code: string;
beforeAll(async () => {
  code = await keyring.encrypt('482916');
});

const build = () => senderAt(sns.url, keyring);

/** Phone numbers as users type them: E.164 ones, national ones, with spaces, too long, or anything at all. */
const phoneNumbers = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{0,16}$/)).map(([a, b]) => `+${a}${b}`),
  fc.stringMatching(/^\+?[0-9 ()-]{1,20}$/),
  fc.string(),
);

describe('Properties: customSmsSender', () => {
  it('publishes to a phone number exactly when it is E.164, and otherwise rejects it without calling SNS', async () => {
    const handler = build();
    await fc.assert(
      fc.asyncProperty(phoneNumbers, async (phone) => {
        const requests = sns.requests.length;
        const result = await handler(
          customSmsSenderEvent('CustomSMSSender_Authentication', {
            code,
            userAttributes: { phone_number: phone },
          }),
        );
        if (isE164(phone)) {
          expect(result.outcome).toBe('sent');
          expect(sns.messages.at(-1)?.phoneNumber).toBe(phone);
        } else {
          expect(result.outcome).toBe('rejected');
          expect(sns.requests.length).toBe(requests);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('sends for any client metadata and any brand or locale attribute, in a configured brand and locale', async () => {
    const handler = build();
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('globex', 'GLOBEX', 'fr', 'fr-CA', '__proto__', 'constructor'),
    );
    const keys = fc.oneof(
      fc.string(),
      fc.constantFrom('brand', 'locale', '__proto__', 'constructor', 'toString'),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, text), text, text, async (clientMetadata, brand, locale) => {
        const phone = phoneNumber();
        logs.length = 0;
        const result = await handler(
          customSmsSenderEvent('CustomSMSSender_SignUp', {
            code,
            clientMetadata,
            userAttributes: { phone_number: phone, 'custom:brand': brand, locale },
          }),
        );
        expect(result.outcome).toBe('sent');
        const line = logs.at(-1) as unknown as { brand: keyof typeof brands; locale: string };
        expect(Object.keys(brands)).toContain(line.brand);
        expect(brands[line.brand].locales).toContain(line.locale);
        expect(sns.messages.at(-1)?.text).toBe(`${brands[line.brand].name} [${line.locale}] SignUp: 482916`);
      }),
      { numRuns: 60 },
    );
  });

  it('sends nothing and never throws when the event has no code, no request or no attributes', async () => {
    const handler = build();
    const event = customSmsSenderEvent('CustomSMSSender_SignUp', { code: null });
    for (const broken of [
      event,
      { ...event, request: { ...event.request, clientMetadata: null } },
      { ...event, request: undefined },
      { ...event, request: { ...event.request, code, userAttributes: undefined } },
    ])
      expect(['skipped', 'rejected']).toContain((await handler(broken as never)).outcome);
  });
});
