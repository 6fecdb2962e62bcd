import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOM_MESSAGE_TRIGGER_SOURCES } from '../../src/cognito/trigger-sources.js';
import { customMessageEvent } from '../../src/events/factory.js';
import { customMessage } from '../../src/handler/custom-message.js';
import { html } from '../../src/message/html.js';
import { truncate } from '../../src/message/subject.js';
import { cognitoViolations } from '../helpers/cognito-oracle.js';
import { useCapturedLogs } from '../helpers/logs.js';

const text = fc.string({ unit: 'binary', maxLength: 300 });
const attributes = fc.dictionary(
  fc.oneof(
    fc.constantFrom('given_name', 'family_name', 'email', 'locale', 'custom:brand', 'phone_number'),
    fc.string(),
  ),
  text,
);
/** Now and then a value long enough, once escaped, to take the email body near or past Cognito's 20,000 characters. */
const long = fc
  .tuple(fc.constantFrom('x', '\u00a0', '😀'), fc.integer({ min: 2_000, max: 21_000 }))
  .map(([character, count]) => character.repeat(count));
const metadata = fc.dictionary(
  fc.oneof(fc.constantFrom('brand', 'locale'), fc.string()),
  fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: long }),
);
const brandIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 });

const logs = useCapturedLogs();

describe('Property: customMessage', () => {
  it('answers every event with a response Cognito accepts, or with the event unchanged', async () => {
    let customized = 0;
    let fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(
        brandIds,
        fc.constantFrom(...CUSTOM_MESSAGE_TRIGGER_SOURCES),
        attributes,
        fc.option(metadata, { nil: undefined }),
        async (ids, source, userAttributes, clientMetadata) => {
          const brands = Object.fromEntries(
            ids.map((id) => [id, { title: id, defaultLocale: 'en', locales: ['en', 'fr-CA'] }]),
          );
          const handler = customMessage({
            brands,
            defaultBrand: ids[0] as string,
            templates: Object.fromEntries(
              CUSTOM_MESSAGE_TRIGGER_SOURCES.map((s) => [
                s,
                (context: {
                  brand: { title: string };
                  locale: string;
                  codeParameter: string;
                  userAttributes: Record<string, string>;
                  clientMetadata: Record<string, string>;
                  usernameParameter?: string;
                }) => ({
                  email: {
                    subject: `${context.brand.title} ${context.userAttributes.given_name ?? ''} ${context.clientMetadata.app ?? ''}`,
                    html: html`<h1>${context.brand.title}</h1><p>${context.userAttributes.given_name}</p><p>${Object.values(context.clientMetadata)}</p><b>${context.codeParameter}</b>${context.usernameParameter}`,
                  },
                  sms: `${truncate(context.userAttributes.given_name ?? '', 40)} ${context.codeParameter} ${context.usernameParameter ?? ''}`,
                }),
              ]),
            ),
          });
          const event = customMessageEvent(source, {
            userAttributes,
            ...(clientMetadata === undefined ? {} : { clientMetadata }),
          });
          const original = structuredClone(event);
          logs.length = 0;
          const result = await handler(event);
          expect(event).toEqual(original);
          if (result === event) {
            // Every source has a template, so an unchanged event is a fallback, and it still asks for the pool's message.
            expect(result.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
            expect(logs).toMatchObject([{ outcome: 'fallback' }]);
            fallbacks++;
            return;
          }
          customized++;
          // Judged by Cognito's documented constraints, not by the checker the handler itself consulted.
          expect(cognitoViolations(result)).toEqual([]);
          // Stricter than Cognito: the documented subject pattern lets CR and LF through, a header injection.
          expect(result.response.emailSubject).not.toMatch(/\p{Cc}/u);
          expect(result.response.emailMessage).toContain(event.request.codeParameter);
          expect(result.response.smsMessage).toContain(event.request.codeParameter);
          expect({ ...result, response: original.response }).toEqual(original);
        },
      ),
      { numRuns: 300 },
    );
    // Most arbitrary inputs still render: the property is not met by falling back every time.
    expect(customized).toBeGreaterThan(200);
    // And some reach Cognito's limits, so that the oracle has something to catch if the handler let them through.
    expect(fallbacks).toBeGreaterThan(0);
  });
});
