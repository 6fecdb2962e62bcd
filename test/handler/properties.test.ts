import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCustomMessageResponse, errorsOf } from '../../src/cognito/rules.js';
import { CUSTOM_MESSAGE_TRIGGER_SOURCES } from '../../src/cognito/trigger-sources.js';
import { customMessageEvent } from '../../src/events/factory.js';
import { customMessage } from '../../src/handler/custom-message.js';
import { html } from '../../src/message/html.js';
import { truncate } from '../../src/message/subject.js';
import { useCapturedLogs } from '../helpers/logs.js';

const text = fc.string({ unit: 'binary', maxLength: 300 });
const attributes = fc.dictionary(
  fc.oneof(
    fc.constantFrom('given_name', 'family_name', 'email', 'locale', 'custom:brand', 'phone_number'),
    fc.string(),
  ),
  text,
);
const metadata = fc.dictionary(fc.oneof(fc.constantFrom('brand', 'locale'), fc.string()), text);
const brandIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 });

useCapturedLogs();

describe('Property: customMessage', () => {
  it('answers every event with a response Cognito accepts, or with the event unchanged', async () => {
    let customized = 0;
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
          const result = await handler(event);
          if (result === event) return;
          customized++;
          expect(errorsOf(checkCustomMessageResponse(result))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    // Most arbitrary inputs still render: the property is not met by falling back every time.
    expect(customized).toBeGreaterThan(200);
  });
});
