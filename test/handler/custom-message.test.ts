import { describe, expect, it, vi } from 'vitest';
import { events } from '../../src/events/factory.js';
import { CustomMessageError, customMessage } from '../../src/handler/custom-message.js';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { lambdaContext } from '../../src/local/invoker.js';
import { html } from '../../src/message/html.js';
import { useCapturedLogs } from '../helpers/logs.js';

const brands = {
  acme: { name: 'Acme', defaultLocale: 'en', locales: ['en', 'fr'] },
  globex: { name: 'Globex', defaultLocale: 'fr', locales: ['fr', 'en'] },
};
type Brand = (typeof brands)['acme'];

const update: CustomMessageTemplates<Brand> = {
  CustomMessage_UpdateUserAttribute: ({ brand, locale, codeParameter, userAttributes }) => ({
    email: {
      subject: `${brand.name} [${locale}]`,
      html: html`<p>Hi ${userAttributes.given_name}, code ${codeParameter}</p>`,
    },
    sms: `${brand.name}: ${codeParameter}`,
  }),
};

const build = (templates: CustomMessageTemplates<Brand> = update, extra: Record<string, unknown> = {}) =>
  customMessage({ brands, defaultBrand: 'acme', templates, ...extra });

const logs = useCapturedLogs();

describe('Function: customMessage', () => {
  it('fills the response with the rendered email and SMS', async () => {
    const event = events.updateUserAttribute();
    const result = await build()(event);
    expect(result.response).toEqual({
      emailSubject: 'Acme [en]',
      emailMessage: '<p>Hi Diego, code {####}</p>',
      smsMessage: 'Acme: {####}',
    });
    expect(result.request).toEqual(event.request);
  });

  it('leaves the event it was given untouched', async () => {
    const event = events.updateUserAttribute();
    const before = structuredClone(event);
    await build()(event);
    expect(event).toEqual(before);
  });

  it('returns the event unchanged for a trigger source without a template', async () => {
    const event = events.signUp();
    expect(await build()(event)).toBe(event);
    expect(logs).toMatchObject([{ outcome: 'unchanged', reason: 'no template' }]);
  });

  it("keeps Cognito's template, as null, for a part the template leaves out", async () => {
    const handler = build({
      CustomMessage_UpdateUserAttribute: ({ codeParameter }) => ({ sms: `Code ${codeParameter}` }),
    });
    expect((await handler(events.updateUserAttribute())).response).toEqual({
      smsMessage: 'Code {####}',
      emailMessage: null,
      emailSubject: null,
    });
  });

  it('returns the event unchanged when the template returns nothing', async () => {
    const handler = build({ CustomMessage_UpdateUserAttribute: () => undefined });
    const event = events.updateUserAttribute();
    expect(await handler(event)).toBe(event);
    expect(logs).toMatchObject([{ outcome: 'unchanged', reason: 'template returned no message' }]);
  });

  it("passes the event's own placeholders to the template, never a hard-coded {####}", async () => {
    const handler = build({
      CustomMessage_UpdateUserAttribute: ({ codeParameter }) => ({ sms: `Code ${codeParameter}` }),
    });
    const result = await handler(events.updateUserAttribute({ codeParameter: '{%%%%}' }));
    expect(result.response.smsMessage).toBe('Code {%%%%}');
  });

  it('gives each source exactly the placeholders its event carries', async () => {
    const seen: Record<string, string[]> = {};
    const record = (context: object) => {
      seen[(context as { triggerSource: string }).triggerSource] = Object.keys(context).filter((k) =>
        k.endsWith('Parameter'),
      );
      return undefined;
    };
    const handler = build({
      CustomMessage_UpdateUserAttribute: record,
      CustomMessage_AdminCreateUser: record,
      CustomMessage_SignUp: record,
      CustomMessage_ResendCode: record,
      CustomMessage_ForgotPassword: record,
    });
    for (const event of [
      events.updateUserAttribute(),
      events.adminCreateUser(),
      events.signUp(),
      events.resendCode(),
      events.forgotPassword(),
    ])
      await handler(event);
    expect(seen).toEqual({
      CustomMessage_UpdateUserAttribute: ['codeParameter'],
      CustomMessage_AdminCreateUser: ['codeParameter', 'usernameParameter'],
      CustomMessage_SignUp: ['codeParameter', 'linkParameter'],
      CustomMessage_ResendCode: ['codeParameter', 'linkParameter'],
      CustomMessage_ForgotPassword: ['codeParameter'],
    });
  });

  it('gives the template the resolved brand and locale, the attributes and the client metadata', async () => {
    const template = vi.fn(() => undefined);
    const handler = build({ CustomMessage_UpdateUserAttribute: template });
    await handler(
      events.updateUserAttribute({ clientMetadata: { brand: 'globex', locale: 'en-GB', app: 'ios' } }),
    );
    expect(template).toHaveBeenCalledWith(
      expect.objectContaining({
        triggerSource: 'CustomMessage_UpdateUserAttribute',
        brandId: 'globex',
        brand: brands.globex,
        locale: 'en',
        clientMetadata: { brand: 'globex', locale: 'en-GB', app: 'ios' },
        userAttributes: expect.objectContaining({ email: 'diego.new@example.com', email_verified: 'false' }),
        clientId: 'CLIENT_ID_NOT_APPLICABLE',
        userPoolId: 'us-west-2_aaaaaaaaa',
        region: 'us-west-2',
      }),
    );
  });

  it('gives the template empty client metadata when the API call sent none', async () => {
    const template = vi.fn(() => undefined);
    await build({ CustomMessage_UpdateUserAttribute: template })(events.updateUserAttribute());
    expect(template).toHaveBeenCalledWith(expect.objectContaining({ clientMetadata: {} }));
  });

  it('maps the app client to its brand', async () => {
    const handler = customMessage({
      brands,
      defaultBrand: 'acme',
      resolution: { clientIds: { globexclient: 'globex' } },
      templates: update,
    });
    const result = await handler(events.updateUserAttribute({ clientId: 'globexclient' }));
    expect(result.response.emailSubject).toBe('Globex [fr]');
  });

  it('cleans the subject of line breaks and tabs before returning it', async () => {
    const handler = build({
      CustomMessage_UpdateUserAttribute: ({ userAttributes, codeParameter }) => ({
        email: { subject: `Hello ${userAttributes.given_name}`, html: html`${codeParameter}` },
      }),
    });
    const result = await handler(
      events.updateUserAttribute({ userAttributes: { given_name: 'Eve\r\nBcc: a@b.c\t' } }),
    );
    expect(result.response.emailSubject).toBe('Hello Eve Bcc: a@b.c');
  });

  describe('when the template fails or breaks a rule', () => {
    it('returns the event unchanged when the template throws, and logs why', async () => {
      const handler = build({
        CustomMessage_UpdateUserAttribute: () => {
          throw new Error('no strings for locale');
        },
      });
      const event = events.updateUserAttribute();
      expect(await handler(event)).toBe(event);
      expect(logs).toMatchObject([
        {
          method: 'warn',
          outcome: 'fallback',
          reason: 'template threw',
          error: { message: 'no strings for locale' },
        },
      ]);
    });

    it('returns the event unchanged when the message breaks a rule, and logs the findings', async () => {
      const handler = build({ CustomMessage_UpdateUserAttribute: () => ({ sms: 'Your code is 123456' }) });
      const event = events.updateUserAttribute();
      expect(await handler(event)).toBe(event);
      expect(logs).toMatchObject([
        {
          outcome: 'fallback',
          reason: "message breaks Cognito's rules",
          findings: [{ rule: 'code-placeholder', field: 'smsMessage' }],
        },
      ]);
    });

    it('gives up on an async template that passes its deadline', async () => {
      const handler = build(
        { CustomMessage_UpdateUserAttribute: () => new Promise<undefined>(() => undefined) },
        { templateTimeoutMs: 20 },
      );
      const event = events.updateUserAttribute();
      expect(await handler(event)).toBe(event);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'template timed out' }]);
    });

    it("keeps the deadline inside the Lambda function's remaining time", async () => {
      const handler = build({
        CustomMessage_UpdateUserAttribute: () => new Promise<undefined>(() => undefined),
      });
      const started = Date.now();
      await handler(events.updateUserAttribute(), lambdaContext('custom-message', Date.now() + 150));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'template timed out' }]);
    });

    it('checks the DEVELOPER-only email rule when the pool sends with COGNITO_DEFAULT', async () => {
      const handler = build(update, { emailSendingAccount: 'COGNITO_DEFAULT' });
      const event = events.updateUserAttribute();
      expect(await handler(event)).toBe(event);
      expect(logs[0]?.findings).toEqual([
        expect.objectContaining({ rule: 'email-sending-account', field: 'emailMessage' }),
        expect.objectContaining({ rule: 'email-sending-account', field: 'emailSubject' }),
      ]);
    });

    it('returns the event unchanged when it carries no codeParameter', async () => {
      const event = events.updateUserAttribute();
      const broken = {
        ...event,
        request: { ...event.request, codeParameter: undefined as unknown as string },
      };
      expect(await build()(broken)).toBe(broken);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'event has no codeParameter' }]);
    });

    it('in strict mode, throws an error carrying the findings', async () => {
      const handler = build(
        { CustomMessage_UpdateUserAttribute: () => ({ sms: 'no code' }) },
        { strict: true },
      );
      const error = await handler(events.updateUserAttribute()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomMessageError);
      expect((error as CustomMessageError).message).toBe(
        "message breaks Cognito's rules for CustomMessage_UpdateUserAttribute",
      );
      expect((error as CustomMessageError).findings.map((f) => f.rule)).toEqual(['code-placeholder']);
      expect(logs).toMatchObject([{ method: 'error', outcome: 'failed' }]);
    });

    it("in strict mode, throws with the template's error as the cause", async () => {
      const cause = new Error('boom');
      const handler = build(
        {
          CustomMessage_UpdateUserAttribute: () => {
            throw cause;
          },
        },
        { strict: true },
      );
      await expect(handler(events.updateUserAttribute())).rejects.toMatchObject({
        name: 'CustomMessageError',
        message: 'template threw for CustomMessage_UpdateUserAttribute',
        cause,
      });
    });
  });

  describe('its definition', () => {
    it.each([
      [
        { defaultBrand: 'initech' },
        'customMessage: defaultBrand "initech" is not one of the brands (acme, globex)',
      ],
      [
        { brands: { acme: { defaultLocale: 'de', locales: ['en'] } } },
        'customMessage: brand "acme" has defaultLocale "de", not in its locales',
      ],
      [
        { templates: { CustomMessage_UpdateUserAttributes: () => undefined } },
        /"CustomMessage_UpdateUserAttributes" is not a Custom message trigger source; use one of CustomMessage_SignUp/,
      ],
      [
        { resolution: { clientIds: { abc: 'initech' } } },
        'customMessage: clientIds maps "abc" to "initech", which is not one of the brands',
      ],
      [{ brands: {} }, 'customMessage: brands must name at least one brand'],
    ])('is checked when the handler is built: %j', (override, message) => {
      expect(() =>
        customMessage({ brands, defaultBrand: 'acme', templates: update, ...(override as object) }),
      ).toThrow(message);
    });
  });

  describe('its log line', () => {
    it('is one structured line per invocation with source, pool, client, brand, locale and outcome', async () => {
      const context = lambdaContext('custom-message', Date.now() + 5_000);
      await build()(events.updateUserAttribute({ clientMetadata: { brand: 'globex' } }), context);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        level: 'INFO',
        message: 'custom message',
        triggerSource: 'CustomMessage_UpdateUserAttribute',
        userPoolId: 'us-west-2_aaaaaaaaa',
        clientId: 'CLIENT_ID_NOT_APPLICABLE',
        brand: 'globex',
        brandSource: 'clientMetadata',
        locale: 'fr',
        localeSource: 'default',
        outcome: 'customized',
        parts: ['email', 'sms'],
        function_request_id: context.awsRequestId,
      });
    });

    it('is a warning when a requested brand or locale was not found', async () => {
      await build()(events.updateUserAttribute({ clientMetadata: { brand: 'initech', locale: 'de' } }));
      expect(logs).toMatchObject([
        {
          level: 'WARN',
          outcome: 'customized',
          brand: 'acme',
          warnings: [
            'clientMetadata.brand names brand "initech", which is not configured',
            'clientMetadata.locale asks for locale "de", which brand "acme" does not have',
          ],
        },
      ]);
    });

    it('never contains the email address, phone number or names, even from a failing template', async () => {
      const handler = build({
        CustomMessage_UpdateUserAttribute: ({ userAttributes }) => {
          throw new Error(
            `cannot greet ${userAttributes.given_name} ${userAttributes.family_name} <${userAttributes.email}> ${userAttributes.phone_number}`,
          );
        },
      });
      await handler(
        events.updateUserAttribute({
          clientMetadata: { brand: 'x.y@example.org', locale: '+33 6 12 34 56 78' },
        }),
      );
      const text = JSON.stringify(logs);
      for (const secret of [
        'Diego',
        'Ramirez',
        'diego.new@example.com',
        '+14325551212',
        'x.y@example.org',
        '12 34',
      ])
        expect(text).not.toContain(secret);
      expect(logs[0]?.error).toMatchObject({
        message: 'cannot greet [REDACTED] [REDACTED] <[REDACTED]> [REDACTED]',
      });
    });

    it('does not log the event by default', async () => {
      await build()(events.updateUserAttribute());
      expect(logs[0]).not.toHaveProperty('event');
    });

    it('logs the event with personal data redacted when asked to', async () => {
      vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
      await build()(events.updateUserAttribute());
      const logged = logs[0]?.event as {
        request: { userAttributes: Record<string, string> };
        userName: string;
      };
      expect(logged.request.userAttributes).toMatchObject({
        email: '[REDACTED]',
        phone_number: '[REDACTED]',
        given_name: '[REDACTED]',
        email_verified: 'false',
      });
      expect(JSON.stringify(logged)).not.toContain('Diego');
    });

    it('follows POWERTOOLS_LOG_LEVEL', async () => {
      vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
      const handler = build({ CustomMessage_UpdateUserAttribute: () => ({ sms: 'no code' }) });
      await build()(events.updateUserAttribute());
      expect(logs).toEqual([]);
      await handler(events.updateUserAttribute());
      expect(logs).toMatchObject([{ level: 'WARN', outcome: 'fallback' }]);
    });
  });
});
