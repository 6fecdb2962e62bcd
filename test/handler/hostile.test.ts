import { describe, expect, it } from 'vitest';
import { events } from '../../src/events/factory.js';
import { customMessage } from '../../src/handler/custom-message.js';
import { html } from '../../src/message/html.js';
import { truncate } from '../../src/message/subject.js';
import { cognitoViolations } from '../helpers/cognito-oracle.js';
import { useCapturedLogs } from '../helpers/logs.js';

/**
 * ClientMetadata values may be this long: "Maximum length of 131072" in
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html
 */
const CLIENT_METADATA_VALUE_MAX_LENGTH = 131_072;

/** The GSM 03.38 default alphabet and its extension table (3GPP TS 23.038): any other character means UCS-2. */
const GSM_7 = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ...'\f^{}\\[~]|€',
]);
const needsUcs2 = (text: string) => [...text].some((character) => !GSM_7.has(character));

const handler = () =>
  customMessage({
    brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
    defaultBrand: 'acme',
    templates: {
      CustomMessage_UpdateUserAttribute: ({ userAttributes, clientMetadata, codeParameter }) => ({
        email: {
          subject: `Hi ${userAttributes.given_name ?? ''}, confirm your ${clientMetadata.app ?? 'account'}`,
          html: html`<p>Hello ${userAttributes.given_name},</p><p>${clientMetadata.note}</p><p>${codeParameter}</p>`,
        },
        sms: `Hi ${truncate(userAttributes.given_name ?? '', 30)}, code ${codeParameter}`,
      }),
    },
  });

const logs = useCapturedLogs();

describe('Hostile input', () => {
  it('escapes HTML and script in given_name', async () => {
    const name = '<script>fetch("//evil")</script><img src=x onerror=alert(1)>';
    const result = await handler()(events.updateUserAttribute({ userAttributes: { given_name: name } }));
    expect(result.response.emailMessage).toContain(
      '&lt;script&gt;fetch(&quot;//evil&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(result.response.emailMessage).not.toContain('<script');
    expect(result.response.emailMessage).not.toContain('<img');
    expect(cognitoViolations(result)).toEqual([]);
  });

  it('keeps CR and LF from values out of the subject', async () => {
    const result = await handler()(
      events.updateUserAttribute({
        userAttributes: { given_name: 'Eve\r\nBcc: all@example.com' },
        clientMetadata: { app: 'x\n\nInjected' },
      }),
    );
    expect(result.response.emailSubject).toBe('Hi Eve Bcc: all@example.com, confirm your x Injected');
    expect(cognitoViolations(result)).toEqual([]);
  });

  it(`falls back, without throwing, when a ${CLIENT_METADATA_VALUE_MAX_LENGTH}-character metadata value makes the email too long`, async () => {
    const event = events.updateUserAttribute({
      clientMetadata: {
        note: 'n'.repeat(CLIENT_METADATA_VALUE_MAX_LENGTH),
        app: 'a'.repeat(CLIENT_METADATA_VALUE_MAX_LENGTH),
      },
    });
    // Any body holding the note breaks Cognito's limit, whatever the template wraps around it.
    expect(
      cognitoViolations({
        ...event,
        response: { emailMessage: `{####}${event.request.clientMetadata?.note}` },
      }),
    ).toMatchObject([{ field: 'emailMessage', rule: 'length' }]);
    expect(await handler()(event)).toBe(event);
    expect(event.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
    expect(logs).toMatchObject([
      { outcome: 'fallback', findings: [{ rule: 'max-length', field: 'emailMessage' }] },
    ]);
  });

  it('sends emoji and non-Latin names in the SMS within 140 characters, as UCS-2', async () => {
    for (const name of ['李小龍', 'Зоя', 'نور', '👩🏽‍🚀 Ada', 'Ꙭ'.repeat(500)]) {
      const result = await handler()(events.updateUserAttribute({ userAttributes: { given_name: name } }));
      const sms = result.response.smsMessage ?? '';
      expect(sms).toContain('{####}');
      expect(sms.length).toBeLessThanOrEqual(140);
      expect(needsUcs2(sms)).toBe(true);
      expect(cognitoViolations(result)).toEqual([]);
    }
  });

  it('works on an event without request.userAttributes', async () => {
    const event = events.updateUserAttribute();
    const { userAttributes: _, ...request } = event.request;
    const broken = { ...event, request } as unknown as typeof event;
    const result = await handler()(broken);
    expect(result.response.emailSubject).toBe('Hi , confirm your account');
    expect(cognitoViolations(result)).toEqual([]);
  });

  it('works on an event without a request at all, by falling back', async () => {
    const event = { ...events.updateUserAttribute(), request: undefined } as unknown as ReturnType<
      typeof events.updateUserAttribute
    >;
    expect(await handler()(event)).toBe(event);
    expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'event has no codeParameter' }]);
  });

  it('returns an event with an unknown trigger source unchanged', async () => {
    const event = {
      ...events.updateUserAttribute(),
      triggerSource: 'PreSignUp_SignUp',
    } as unknown as ReturnType<typeof events.updateUserAttribute>;
    expect(await handler()(event)).toBe(event);
    expect(logs).toMatchObject([{ outcome: 'unchanged', reason: 'unknown trigger source' }]);
  });
});
