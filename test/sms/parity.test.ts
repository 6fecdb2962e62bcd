import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIds, brands as exampleBrands } from '../../handlers/brands/index.js';
import { templates as exampleTemplates } from '../../handlers/brands/templates.js';
import { substitutePlaceholders } from '../../src/cognito/trigger-sources.js';
import { customMessageEvent } from '../../src/events/factory.js';
import { customSmsSender } from '../../src/sms/custom-sms-sender.js';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { CUSTOM_SMS_SENDER_TRIGGER_SOURCES, customMessageSourceOf } from '../../src/sms/trigger-sources.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { besideCustomMessage, type SharedDefinition } from '../helpers/senders.js';
import { brands, phoneNumber, snsConfig, templates, useSnsEndpoint } from './helpers.js';

useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

/** The two builders over the same brands and templates. */
const pair = (definition: SharedDefinition) =>
  besideCustomMessage(definition, (shared) => ({
    customSmsSender: customSmsSender({
      ...shared,
      decrypter: keyring,
      clientConfig: snsConfig(sns.url),
    } as never),
  }));

/**
 * What the user reads after each trigger: Custom message's SMS with Cognito's substitution made, and the SMS the
 * Custom SMS sender published.
 */
const bothTexts = async (
  handlers: ReturnType<typeof pair>,
  source: (typeof CUSTOM_SMS_SENDER_TRIGGER_SOURCES)[number],
  clientMetadata: Readonly<Record<string, string>> | undefined,
  code: string,
) => {
  const phone = phoneNumber();
  const options = { userAttributes: { phone_number: phone }, ...(clientMetadata ? { clientMetadata } : {}) };
  const messageEvent = customMessageEvent(customMessageSourceOf(source), options);
  const response = (await handlers.customMessage(messageEvent)).response;
  await handlers.customSmsSender(
    customSmsSenderEvent(source, { ...options, code: await keyring.encrypt(code) }),
  );
  return {
    customMessage: substitutePlaceholders(response.smsMessage ?? '(none)', messageEvent.request, {
      code,
      username: messageEvent.userName,
    }),
    customSmsSender: sns.messages.find((m) => m.phoneNumber === phone)?.text,
  };
};

const CASES = CUSTOM_SMS_SENDER_TRIGGER_SOURCES.flatMap((source) =>
  ([undefined, { locale: 'fr' }, { brand: 'globex' }, { brand: 'globex', locale: 'en-US' }] as const).map(
    (clientMetadata) => [source, clientMetadata] as const,
  ),
);

describe('One template, two triggers', () => {
  it.each(CASES)(
    "the example's %s SMS reads the same from customMessage and customSmsSender, for client metadata %j",
    async (source, clientMetadata) => {
      const handlers = pair({ brands: exampleBrands, templates: exampleTemplates, clientIds });
      const texts = await bothTexts(handlers, source, clientMetadata, '482916');
      expect(texts.customSmsSender).toBeDefined();
      expect(texts.customSmsSender).toBe(texts.customMessage);
    },
  );

  it('reads the same for any code and any client metadata', async () => {
    const handlers = pair({ brands, templates });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CUSTOM_SMS_SENDER_TRIGGER_SOURCES),
        fc.option(
          fc.dictionary(
            fc.constantFrom('brand', 'locale', 'app'),
            fc.constantFrom('globex', 'fr', 'EN', 'x'),
          ),
        ),
        fc.stringMatching(/^[0-9]{6,8}$/),
        async (source, clientMetadata, code) => {
          const texts = await bothTexts(handlers, source, clientMetadata ?? undefined, code);
          expect(texts.customSmsSender).toBe(texts.customMessage);
        },
      ),
      { numRuns: 20 },
    );
  });
});
