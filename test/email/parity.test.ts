import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIds, brands as exampleBrands } from '../../handlers/brands/index.js';
import { templates as exampleTemplates } from '../../handlers/brands/templates.js';
import { substitutePlaceholders } from '../../src/cognito/trigger-sources.js';
import { customEmailSender } from '../../src/email/custom-email-sender.js';
import { customEmailSenderEvent } from '../../src/email/events.js';
import {
  type CodeEmailSource,
  CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES,
  customMessageSourceOf,
  isCodeEmailSource,
} from '../../src/email/trigger-sources.js';
import { customMessageEvent } from '../../src/events/factory.js';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { html, raw } from '../../src/message/html.js';
import { localKeyring } from '../../src/sender/local-keyring.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { besideCustomMessage, type SharedDefinition } from '../helpers/senders.js';
import { brands, emailAddress, sesConfig, templates, useSesEndpoint } from './helpers.js';

useCapturedLogs();
const keyring = localKeyring();
const ses = useSesEndpoint();
const CODE_SOURCES = CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES.filter(isCodeEmailSource);

/** The two builders over the same brands and templates. */
const pair = (definition: SharedDefinition) =>
  besideCustomMessage(definition, (shared) => ({
    customEmailSender: customEmailSender({
      ...shared,
      decrypter: keyring,
      clientConfig: sesConfig(ses.url),
    } as never),
  }));

/**
 * What the user reads after each trigger: Custom message's email with Cognito's substitution made in the body (the
 * subject is left as written), and the email the Custom email sender sent.
 */
const bothEmails = async (
  handlers: ReturnType<typeof pair>,
  source: CodeEmailSource,
  options: { clientMetadata?: Readonly<Record<string, string>>; userAttributes?: Record<string, string> },
  code: string,
) => {
  const to = emailAddress();
  const shared = {
    userAttributes: { ...options.userAttributes, email: to },
    ...(options.clientMetadata ? { clientMetadata: options.clientMetadata } : {}),
  };
  const messageEvent = customMessageEvent(customMessageSourceOf(source), shared);
  const { response } = await handlers.customMessage(messageEvent);
  await handlers.customEmailSender(
    customEmailSenderEvent(source, { ...shared, code: await keyring.encrypt(code) }),
  );
  const sent = ses.emails.find((email) => email.to.includes(to));
  return {
    customMessage: {
      subject: response.emailSubject,
      html: substitutePlaceholders(response.emailMessage ?? '(none)', messageEvent.request, {
        code,
        username: messageEvent.userName,
      }),
    },
    customEmailSender: { subject: sent?.subject, html: sent?.html },
  };
};

const METADATA = [
  undefined,
  { locale: 'fr' },
  { brand: 'globex' },
  { brand: 'globex', locale: 'en-US' },
] as const;

describe('One template, two triggers', () => {
  it.each(
    CODE_SOURCES.filter((source) => source !== 'CustomEmailSender_Authentication').flatMap((source) =>
      METADATA.map((clientMetadata) => [source, clientMetadata] as const),
    ),
  )(
    "the example's %s email reads the same from customMessage and customEmailSender, for client metadata %j",
    async (source, clientMetadata) => {
      const handlers = pair({ brands: exampleBrands, templates: exampleTemplates, clientIds });
      const emails = await bothEmails(handlers, source, clientMetadata ? { clientMetadata } : {}, '482916');
      expect(emails.customEmailSender.html).toBeDefined();
      expect(emails.customEmailSender).toEqual(emails.customMessage);
    },
  );

  it('reads the same for any brand, locale, code and name, through the same escaping and subject rules', async () => {
    // A template that puts untrusted text everywhere: a name, client metadata, in the subject and the body.
    const untrusted: CustomMessageTemplates<(typeof brands)['acme']> = Object.fromEntries(
      Object.keys(templates).map((key) => [
        key,
        (
          c: Parameters<NonNullable<(typeof templates)['CustomMessage_SignUp']>>[0] & {
            usernameParameter?: string;
          },
        ) => ({
          email: {
            subject: `${c.brand.name} ${c.userAttributes.given_name ?? ''}\r\n${c.clientMetadata.note ?? ''}`,
            html: html`<p>${c.userAttributes.given_name}</p><p>${c.clientMetadata.note}</p>${raw('<hr>')}<b>${c.codeParameter}</b>${
              c.usernameParameter === undefined ? '' : html`<i>${c.usernameParameter}</i>`
            }`,
          },
        }),
      ]),
    );
    const handlers = pair({ brands, templates: untrusted });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CODE_SOURCES),
        fc.option(
          fc.record({
            brand: fc.constantFrom('globex', 'ACME', 'other'),
            locale: fc.constantFrom('fr', 'en-GB', 'x'),
            note: fc.string({ unit: 'grapheme', maxLength: 30 }),
          }),
        ),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
        fc.stringMatching(/^[0-9]{6,8}$/),
        async (source, clientMetadata, givenName, code) => {
          const emails = await bothEmails(
            handlers,
            source,
            { ...(clientMetadata ? { clientMetadata } : {}), userAttributes: { given_name: givenName } },
            code,
          );
          expect(emails.customEmailSender).toEqual(emails.customMessage);
        },
      ),
      { numRuns: 40 },
    );
  });
});
