import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { BrandSource } from '../../src/brand/remote.js';
import { CustomEmailSenderError, customEmailSender } from '../../src/email/custom-email-sender.js';
import { customEmailSenderEvent } from '../../src/email/events.js';
import {
  CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES,
  CustomEmailSenderTriggerSource,
  customMessageSourceOf,
  isCodeEmailSource,
} from '../../src/email/trigger-sources.js';
import { html } from '../../src/message/html.js';
import { localKeyring } from '../../src/sender/local-keyring.js';
import { useCapturedLogs } from '../helpers/logs.js';
import {
  type Brand,
  brands,
  emailAddress,
  senderAt,
  sesConfig,
  templates,
  useSesEndpoint,
} from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const ses = useSesEndpoint();

const CODE_SOURCES = CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES.filter(isCodeEmailSource);
const build = (extra: Parameters<typeof senderAt>[2] = {}) => senderAt(ses.url, keyring, extra);
const sentTo = (address: string) => ses.emails.filter((email) => email.to.includes(address));
const eventFor = async (
  source: (typeof CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES)[number],
  options: { code?: string | null; to?: string | undefined; clientMetadata?: Record<string, string> } = {},
) => {
  const to = 'to' in options ? options.to : emailAddress();
  const code = options.code === undefined ? await keyring.encrypt('482916') : options.code;
  const event = customEmailSenderEvent(source, {
    code,
    userAttributes: { email: to },
    ...(options.clientMetadata ? { clientMetadata: options.clientMetadata } : {}),
  });
  return { event, to: to as string };
};

describe('customEmailSender, for every trigger source', () => {
  it.each(CODE_SOURCES.map((source) => [source]))(
    'sends the .email of the Custom message template for %s, with the code, to the user’s email',
    async (source) => {
      const { event, to } = await eventFor(source, { clientMetadata: { brand: 'globex' } });
      const result = await build()(event);
      const label = customMessageSourceOf(source).replace('CustomMessage_', '');
      expect(result).toMatchObject({ outcome: 'sent', attempts: 1, wording: 'template' });
      const [email] = sentTo(to);
      const shown =
        source === 'CustomEmailSender_AdminCreateUser' ? `${event.userName}</b> / <b>482916` : '482916';
      expect(email).toMatchObject({
        messageId: result.messageId,
        from: 'Globex <no-reply@globex.example>',
        subject: `Globex [fr] ${label}`,
        html: `<p>Globex ${label}: <b>${shown}</b></p>`,
        text: `Globex ${label}: ${shown.replace('</b> / <b>', ' / ')}`,
        fromEmailAddressIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/globex.example',
        tags: { brand: 'globex', locale: 'fr', triggerSource: source },
      });
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ method: 'info', outcome: 'sent', brand: 'globex', locale: 'fr' });
    },
  );

  it.each(CODE_SOURCES.map((source) => [source]))(
    'sends nothing, and calls neither KMS nor SES, for %s without a code',
    async (source) => {
      const { event, to } = await eventFor(source, { code: null });
      expect(await build()(event)).toEqual({
        outcome: 'skipped',
        reason: 'no code to send: request.code is null',
      });
      expect(sentTo(to)).toEqual([]);
      expect(logs).toMatchObject([{ method: 'info', outcome: 'skipped', triggerSource: source }]);
    },
  );

  it('sends the account takeover notice, whose code is null, as a plain notice without a template', async () => {
    const { event, to } = await eventFor('CustomEmailSender_AccountTakeOverNotification', { code: null });
    const result = await build()(event);
    expect(result).toMatchObject({ outcome: 'sent', wording: 'default', fallback: 'no template' });
    const [email] = sentTo(to);
    expect(email?.subject).toBe('Blocked sign-in attempt');
    expect(email?.text).toContain('Location: Lyon, France');
    expect(email?.text).toContain('This was me (https://auth.example.com/feedback?token=valid-6f1a7c2e)');
    expect(email?.html).toContain('<a href="https://auth.example.com/feedback?token=invalid-6f1a7c2e">');
  });

  it('writes the notice with its own template, in the brand and locale resolved as for every email', async () => {
    const { event, to } = await eventFor('CustomEmailSender_AccountTakeOverNotification', {
      code: null,
      clientMetadata: { brand: 'globex' },
    });
    const handler = build({
      accountTakeOverNotification: ({ brand, locale, notice }) => ({
        subject: `${brand.name} [${locale}] ${notice.action}`,
        html: html`<p>${notice.city}: <a href="${notice.oneClickLinkInvalid}">non</a></p>`,
      }),
    });
    expect(await handler(event)).toMatchObject({ outcome: 'sent', wording: 'template' });
    expect(sentTo(to)[0]).toMatchObject({
      subject: 'Globex [fr] BLOCK',
      text: 'Lyon: non (https://auth.example.com/feedback?token=invalid-6f1a7c2e)',
    });
  });

  it('finds the address with findEmailAddress when the notice’s attributes have none', async () => {
    const to = emailAddress();
    const event = customEmailSenderEvent('CustomEmailSender_AccountTakeOverNotification', { code: null });
    expect(await build()(event)).toMatchObject({ outcome: 'rejected', reason: 'the user has no email' });
    const handler = build({
      findEmailAddress: async (e) => (e.userName === event.userName ? to : undefined),
    });
    expect(await handler(event)).toMatchObject({ outcome: 'sent' });
    expect(sentTo(to)).toHaveLength(1);
  });

  it('skips a trigger source that is not a Custom email sender one', async () => {
    const { event } = await eventFor('CustomEmailSender_SignUp');
    const other = {
      ...event,
      triggerSource: 'CustomSMSSender_SignUp',
    } as unknown as CustomEmailSenderTriggerEvent;
    expect(await build()(other)).toEqual({ outcome: 'skipped', reason: 'unknown trigger source' });
  });
});

describe('customEmailSender, the email SES is given', () => {
  it('sends from the brand’s address, with its reply-to, configuration set and tags, and the headers of an automatic message', async () => {
    const { event, to } = await eventFor('CustomEmailSender_ForgotPassword');
    await build()(event);
    expect(sentTo(to)[0]).toMatchObject({
      from: 'Acme Cloud <no-reply@acme.example>',
      replyTo: ['Acme Support <support@acme.example>'],
      configurationSetName: 'transactional',
      tags: {
        brand: 'acme',
        locale: 'en',
        triggerSource: 'CustomEmailSender_ForgotPassword',
        team: 'identity',
      },
      headers: [
        { name: 'Auto-Submitted', value: 'auto-generated' },
        { name: 'X-Auto-Response-Suppress', value: 'All' },
        { name: 'Content-Language', value: 'en' },
      ],
    });
  });

  it('writes a Unicode display name as RFC 2047 words, and a definition’s settings under the brand’s own', async () => {
    const { event, to } = await eventFor('CustomEmailSender_SignUp');
    const handler = build({
      brands: {
        acme: { ...brands.acme, email: { from: 'Société Générale <no-reply@sg.example>' } },
        globex: brands.globex,
      },
      email: { configurationSetName: 'shared', replyTo: ['a@sg.example', 'b@sg.example'] },
    });
    await handler(event);
    expect(sentTo(to)[0]).toMatchObject({
      from: '=?UTF-8?B?U29jacOpdMOpIEfDqW7DqXJhbGU=?= <no-reply@sg.example>',
      fromName: 'Société Générale',
      configurationSetName: 'shared',
      replyTo: ['a@sg.example', 'b@sg.example'],
    });
  });

  it('gives the temporary password of an invitation as the user must type it: unescaped, and escaped in the HTML part', async () => {
    // Cognito HTML-escapes a temporary password in the event (`<` as `&lt;`).
    const to = emailAddress();
    const event = customEmailSenderEvent('CustomEmailSender_AdminCreateUser', {
      code: await keyring.encrypt('Tmp&lt;9&amp;x&quot;'),
      userName: 'diego',
      userAttributes: { email: to },
    });
    await build()(event);
    const [email] = sentTo(to);
    expect(email?.html).toBe('<p>Acme AdminCreateUser: <b>diego</b> / <b>Tmp&lt;9&amp;x&quot;</b></p>');
    expect(email?.text).toBe('Acme AdminCreateUser: diego / Tmp<9&x"');
  });

  it('sends to an international domain in Punycode', async () => {
    const { event } = await eventFor('CustomEmailSender_SignUp', { to: 'zoe@exämple.fr' });
    expect(await build()(event)).toMatchObject({ outcome: 'sent' });
    expect(sentTo('zoe@xn--exmple-cua.fr')).toHaveLength(1);
  });

  it.each([
    ['no email', undefined, 'the user has no email'],
    [
      'an email whose local part is not ASCII',
      'zoë@example.fr',
      'email is not an address SES can send to (an ASCII local part, a domain with a dot)',
    ],
  ])('refuses a user with %s, without calling SES, and logs why', async (_, to, reason) => {
    const requests = ses.requests.length;
    const { event } = await eventFor('CustomEmailSender_SignUp', { to });
    expect(await build()(event)).toEqual({ outcome: 'rejected', reason });
    expect(ses.requests.length).toBe(requests);
    expect(logs).toMatchObject([{ method: 'warn', outcome: 'rejected', reason }]);
  });
});

describe('customEmailSender, when the template can’t serve', () => {
  it('sends Cognito’s own wording without a template', async () => {
    const { event, to } = await eventFor('CustomEmailSender_UpdateUserAttribute');
    expect(await build({ templates: {} })(event)).toMatchObject({
      outcome: 'sent',
      wording: 'default',
      fallback: 'no template',
      reason: 'no template',
    });
    expect(sentTo(to)[0]).toMatchObject({
      subject: 'Your verification code',
      html: '<p>Your verification code is 482916.</p>',
      text: 'Your verification code is 482916.',
    });
  });

  it.each([
    [
      'a template that throws',
      () => {
        throw new Error('no strings for locale');
      },
      'template threw',
    ],
    ['a template that returns no email', () => ({ sms: 'only an SMS {####}' }), 'template returned no email'],
    [
      'a template that leaves the code out',
      () => ({ email: { subject: 'Welcome', html: html`<p>Welcome!</p>` } }),
      "message breaks Cognito's rules",
    ],
    [
      'a template whose body has a character Cognito refuses',
      () => ({ email: { subject: 'Welcome', html: { toString: () => '<p>{####}\u0007</p>' } } }),
      "message breaks Cognito's rules",
    ],
    ['a template that never settles', () => new Promise(() => undefined), 'template timed out'],
  ])('sends Cognito’s wording instead of %s, and warns', async (_, template, reason) => {
    const { event, to } = await eventFor('CustomEmailSender_SignUp');
    const handler = build({ templates: { CustomMessage_SignUp: template as never }, templateTimeoutMs: 50 });
    expect(await handler(event)).toMatchObject({ outcome: 'sent', wording: 'default', fallback: reason });
    expect(sentTo(to)[0]?.text).toBe('Your verification code is 482916.');
    expect(logs).toMatchObject([{ method: 'warn', outcome: 'sent', fallback: { reason } }]);
  });

  it('throws instead in strict mode, and sends nothing', async () => {
    const { event, to } = await eventFor('CustomEmailSender_SignUp');
    const handler = build({
      strict: true,
      templates: { CustomMessage_SignUp: () => ({ email: { subject: 'Hi', html: html`<p>no code</p>` } }) },
    });
    await expect(handler(event)).rejects.toThrow(
      new CustomEmailSenderError("message breaks Cognito's rules for CustomEmailSender_SignUp"),
    );
    expect(sentTo(to)).toEqual([]);
    expect(logs).toMatchObject([{ method: 'error', outcome: 'failed' }]);
  });

  it('logs a rule’s warning: Cognito leaves a placeholder in the subject as written', async () => {
    const { event, to } = await eventFor('CustomEmailSender_SignUp');
    const handler = build({
      templates: {
        CustomMessage_SignUp: (c) => ({
          email: { subject: `Code ${c.codeParameter}`, html: html`<p>${c.codeParameter}</p>` },
        }),
      },
    });
    expect(await handler(event)).toMatchObject({ outcome: 'sent', wording: 'template' });
    expect(sentTo(to)[0]?.subject).toBe('Code {####}');
    expect(logs[0]).toMatchObject({ findings: [{ rule: 'placeholder-in-subject', field: 'emailSubject' }] });
  });
});

describe('customEmailSender, decryption', () => {
  it('throws when the code was encrypted with another key, so that Lambda retries, and sends nothing', async () => {
    const { event, to } = await eventFor('CustomEmailSender_SignUp', {
      code: await localKeyring().encrypt('482916'),
    });
    await expect(build()(event)).rejects.toThrow(
      new CustomEmailSenderError('could not decrypt the code for CustomEmailSender_SignUp'),
    );
    expect(sentTo(to)).toEqual([]);
  });

  it('refuses a code that decrypts to blanks, without retrying', async () => {
    const { event } = await eventFor('CustomEmailSender_SignUp', { code: await keyring.encrypt('   ') });
    expect(await build()(event)).toEqual({
      outcome: 'rejected',
      reason: 'the code decrypted to nothing or blanks: nothing was sent',
    });
  });

  it('gives up on decryption within the function’s remaining time', async () => {
    const { event } = await eventFor('CustomEmailSender_SignUp');
    const stuck = { decrypt: () => new Promise<string>(() => undefined) };
    const started = Date.now();
    await expect(
      build({ decrypter: stuck })(event, {
        getRemainingTimeInMillis: () => 500,
      } as never),
    ).rejects.toThrow('decryption did not finish in the time left for CustomEmailSender_SignUp');
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('customEmailSender, building the handler', () => {
  it.each([
    [
      'a brand without a From address',
      { brands: { acme: { defaultLocale: 'en', locales: ['en'] } } },
      'customEmailSender: brand "acme": no From address: set email.from on the brand or on the definition',
    ],
    [
      'a From that is not a mailbox',
      { brands: { acme: { defaultLocale: 'en', locales: ['en'], email: { from: 'Acme' } } } },
      'customEmailSender: brand "acme": field "email.from": "Acme" must be "Name <address>" or an address',
    ],
    [
      'a template key that is not a Custom message source',
      { templates: { CustomEmailSender_SignUp: () => undefined } },
      'customEmailSender: "CustomEmailSender_SignUp" is not a Custom message trigger source: templates are keyed CustomMessage_X',
    ],
    ['no decrypter', { decrypter: undefined }, 'customEmailSender: decrypter is required'],
    ['a retry budget of zero', { retry: { budgetMs: 0 } }, 'customEmailSender: budgetMs must be a number'],
  ])('refuses %s, naming it', (_, extra, message) => {
    expect(() =>
      customEmailSender({
        brands,
        defaultBrand: 'acme',
        templates,
        decrypter: keyring,
        ...(extra as object),
      } as never),
    ).toThrow(message);
  });

  it('accepts brands without From when the definition gives one', () => {
    expect(() =>
      customEmailSender({
        brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
        defaultBrand: 'acme',
        templates: {},
        decrypter: keyring,
        email: { from: 'no-reply@acme.example' },
      }),
    ).not.toThrow();
  });

  it('ignores the broken email settings of a brand loaded at run time, warns, and sends with the definition’s', async () => {
    const loaded = {
      brands: { acme: { ...brands.acme, email: { from: 'Acme' } } as Brand },
      defaultBrand: 'acme',
      clientIds: {},
    };
    const source: BrandSource<Brand> = {
      current: async () => ({ config: loaded, origin: { source: 'test' } }),
    } as never;
    const handler = customEmailSender({
      brands: source,
      templates,
      decrypter: keyring,
      email: { from: 'Fallback <no-reply@fallback.example>' },
      clientConfig: sesConfig(ses.url),
    });
    const { event, to } = await eventFor('CustomEmailSender_SignUp');
    expect(await handler(event)).toMatchObject({ outcome: 'sent' });
    expect(sentTo(to)[0]?.from).toBe('Fallback <no-reply@fallback.example>');
    expect(logs.at(-1)).toMatchObject({
      method: 'warn',
      warnings: [
        expect.stringMatching(/^brand "acme": field "email.from": .*its email settings are ignored$/),
      ],
    });
  });

  it('throws when a brand loaded at run time has no From and the definition gives none', async () => {
    const source = {
      current: async () => ({
        config: {
          brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
          defaultBrand: 'acme',
          clientIds: {},
        },
        origin: { source: 'test' },
      }),
    } as never;
    const handler = customEmailSender({
      brands: source,
      templates: {},
      decrypter: keyring,
      clientConfig: sesConfig(ses.url),
    });
    const { event } = await eventFor('CustomEmailSender_SignUp');
    await expect(handler(event)).rejects.toThrow(
      'brand "acme" has no From address: set email.from for CustomEmailSender_SignUp',
    );
  });
});

describe('Trigger sources', () => {
  it('pairs every code source with its Custom message source, and lists the notice last', () => {
    expect(CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES.at(-1)).toBe(
      CustomEmailSenderTriggerSource.AccountTakeOverNotification,
    );
    expect(CODE_SOURCES.map(customMessageSourceOf)).toEqual([
      'CustomMessage_SignUp',
      'CustomMessage_AdminCreateUser',
      'CustomMessage_ResendCode',
      'CustomMessage_ForgotPassword',
      'CustomMessage_UpdateUserAttribute',
      'CustomMessage_VerifyUserAttribute',
      'CustomMessage_Authentication',
    ]);
  });
});
