import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from '../../handlers/custom-message.js';
import { CUSTOM_MESSAGE_TRIGGER_SOURCES } from '../../src/cognito/trigger-sources.js';
import { customMessageEvent, events } from '../../src/events/factory.js';
import { FIXTURES } from '../../src/events/fixtures.js';
import { analyzeSms } from '../../src/message/sms.js';
import { htmlToText } from '../../src/message/text.js';
import { cognitoViolations } from '../helpers/cognito-oracle.js';
import { useCapturedLogs } from '../helpers/logs.js';

const logs = useCapturedLogs();

const load = async (file: string) =>
  JSON.parse(await readFile(new URL(`../../events/${file}`, import.meta.url), 'utf8'));

describe('Example handler: handlers/custom-message.ts', () => {
  it.each(FIXTURES.map((f) => [f.file]))('renders a message Cognito accepts for %s', async (file) => {
    const event = await load(file);
    const result = await handler(event);
    expect(result).not.toBe(event);
    // Judged by the documented constraints, not by the checker the handler itself ran before answering.
    expect(cognitoViolations(result)).toEqual([]);
    expect(result.response.smsMessage).toContain(event.request.codeParameter);
    if (event.triggerSource === 'CustomMessage_Authentication')
      expect(result.response.emailMessage).toBeNull();
    else expect(result.response.emailMessage).toContain(event.request.codeParameter);
  });

  it.each([
    [{}, 'Acme Cloud: confirm your new email address', 'Hello Diego,'],
    [{ locale: 'fr' }, 'Acme Cloud : confirmez votre nouvelle adresse e-mail', 'Bonjour Diego,'],
    [{ brand: 'globex' }, 'Globex : confirmez votre nouvelle adresse e-mail', 'Bonjour Diego,'],
    [{ brand: 'globex', locale: 'en-US' }, 'Globex: confirm your new email address', 'Hello Diego,'],
  ])('speaks for brand and locale %j on an attribute update', async (clientMetadata, subject, greeting) => {
    const result = await handler(events.updateUserAttribute({ clientMetadata }));
    expect(result.response.emailSubject).toBe(subject);
    expect(htmlToText(result.response.emailMessage ?? '')).toContain(greeting);
  });

  it("picks the brand of the user's app client for UpdateUserAttributes calls", async () => {
    const result = await handler(events.updateUserAttribute({ clientId: '7qp3s1lm9d2k8x4c6v0b5n7h3j' }));
    expect(result.response.smsMessage).toBe(
      'Globex : {####} est votre code pour confirmer votre nouveau numéro.',
    );
  });

  it('greets users without a given name', async () => {
    const result = await handler(events.updateUserAttribute({ userAttributes: { given_name: undefined } }));
    expect(htmlToText(result.response.emailMessage ?? '')).toContain('\nHello,\n');
  });

  it('puts both the username and the temporary password in the AdminCreateUser invitation', async () => {
    const result = await handler(events.adminCreateUser());
    const text = htmlToText(result.response.emailMessage ?? '');
    expect(text).toMatch(/Username\n\{username\}\nTemporary password\n\{####\}/);
  });

  it('sends responsive HTML: a viewport, a 600 px card that narrows on small screens', async () => {
    const { emailMessage } = (await handler(events.updateUserAttribute())).response;
    expect(emailMessage).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(emailMessage).toContain('max-width:600px');
    expect(emailMessage).toMatch(/@media only screen and \(max-width: 620px\)/);
    expect(emailMessage).toContain('<html lang="en">');
  });

  it('keeps every SMS in one GSM-7 or UCS-2 segment once the code is filled in', async () => {
    for (const source of CUSTOM_MESSAGE_TRIGGER_SOURCES)
      for (const clientMetadata of [{}, { brand: 'globex' }, { locale: 'fr' }] as Record<string, string>[]) {
        const result = await handler(customMessageEvent(source, { clientMetadata }));
        const sms = (result.response.smsMessage ?? '')
          .replace('{####}', '123456')
          .replace('{username}', 'diego');
        expect(analyzeSms(sms).segments).toBe(1);
      }
  });

  it('logs one line per invocation without personal data', async () => {
    await handler(events.updateUserAttribute());
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toMatch(/Diego|example\.com|\+1432/);
  });

  it('answers arbitrary attributes and metadata with a message Cognito accepts, or the event unchanged', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CUSTOM_MESSAGE_TRIGGER_SOURCES),
        fc.dictionary(fc.constantFrom('given_name', 'locale', 'custom:brand', 'email'), text),
        fc.dictionary(fc.oneof(fc.constantFrom('brand', 'locale'), fc.string()), text),
        async (source, userAttributes, clientMetadata) => {
          const event = customMessageEvent(source, { userAttributes, clientMetadata });
          const result = await handler(event);
          expect(result).not.toBe(event);
          // Judged by the documented constraints, not by the checker the handler itself ran before answering.
          expect(cognitoViolations(result)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
