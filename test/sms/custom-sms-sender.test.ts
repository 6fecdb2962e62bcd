import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { BrandConfig } from '../../src/brand/config.js';
import { remoteBrands } from '../../src/brand/remote.js';
import { CustomSmsSenderError } from '../../src/sms/custom-sms-sender.js';
import { localKeyring } from '../../src/sms/decrypt.js';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { CUSTOM_SMS_SENDER_TRIGGER_SOURCES } from '../../src/sms/trigger-sources.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { type Brand, brands, phoneNumber, senderAt, useSnsEndpoint } from './helpers.js';

const logs = useCapturedLogs();
const keyring = localKeyring();
const sns = useSnsEndpoint();

const build = (extra: Parameters<typeof senderAt>[2] = {}) => senderAt(sns.url, keyring, extra);

/** An event for a fresh phone number, with the code encrypted as Cognito would. */
const eventFor = async (
  source: CustomSMSSenderTriggerEvent['triggerSource'],
  options: { code?: string; clientMetadata?: Record<string, string>; phone?: string } = {},
) => {
  const phone = options.phone ?? phoneNumber();
  const event = customSmsSenderEvent(source, {
    code: await keyring.encrypt(options.code ?? '482916'),
    userAttributes: { phone_number: phone },
    ...(options.clientMetadata ? { clientMetadata: options.clientMetadata } : {}),
  });
  return { event, phone, sent: () => sns.messages.filter((m) => m.phoneNumber === phone) };
};

describe('Function: customSmsSender', () => {
  it.each(CUSTOM_SMS_SENDER_TRIGGER_SOURCES.map((source) => [source]))(
    'sends the SMS of the matching Custom message template for %s',
    async (source) => {
      const { event, sent } = await eventFor(source);
      const result = await build()(event);
      const name = source.replace('CustomSMSSender_', '');
      const text =
        name === 'AdminCreateUser'
          ? `Acme [en] AdminCreateUser: ${event.userName} / 482916`
          : `Acme [en] ${name}: 482916`;
      expect(sent().map((m) => m.text)).toEqual([text]);
      expect(result).toMatchObject({ outcome: 'sent', wording: 'template', attempts: 1 });
      expect(result.messageId).toBe(sent()[0]?.messageId);
    },
  );

  it("publishes with the brand's sender ID and SMS type, and the other brand's origination number and price", async () => {
    const acme = await eventFor('CustomSMSSender_SignUp');
    const globex = await eventFor('CustomSMSSender_SignUp', { clientMetadata: { brand: 'globex' } });
    const handler = build();
    await handler(acme.event);
    await handler(globex.event);
    expect(acme.sent()[0]).toMatchObject({ senderId: 'ACME', smsType: 'Transactional' });
    expect(acme.sent()[0]).not.toHaveProperty('originationNumber');
    expect(globex.sent()[0]).toMatchObject({
      text: 'Globex [fr] SignUp: 482916',
      originationNumber: '+18005550100',
      maxPrice: 0.5,
      smsType: 'Transactional',
      attributes: { 'AWS.SNS.SMS.MaxPrice': { dataType: 'Number', value: '0.5' } },
    });
  });

  it("lets a brand's settings override the definition's, field by field", async () => {
    const { event, sent } = await eventFor('CustomSMSSender_SignUp');
    await build({ sms: { smsType: 'Promotional', maxPrice: 0.2, senderId: 'DEFAULT' } })(event);
    expect(sent()[0]).toMatchObject({ senderId: 'ACME', smsType: 'Transactional', maxPrice: 0.2 });
  });

  it('resolves brand and locale as customMessage does, and logs them', async () => {
    const { event, sent } = await eventFor('CustomSMSSender_ForgotPassword', {
      clientMetadata: { brand: 'GLOBEX', locale: 'en-GB' },
    });
    await build()(event);
    expect(sent()[0]?.text).toBe('Globex [en] ForgotPassword: 482916');
    expect(logs).toMatchObject([
      { outcome: 'sent', brand: 'globex', brandSource: 'clientMetadata', locale: 'en', encoding: 'GSM-7' },
    ]);
  });

  it('records the encoding and segments of what was sent', async () => {
    const { event, sent } = await eventFor('CustomSMSSender_Authentication');
    await build({
      templates: { CustomMessage_Authentication: ({ codeParameter }) => ({ sms: `🔐 ${codeParameter}` }) },
    })(event);
    expect(sent()[0]).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(logs).toMatchObject([{ encoding: 'UCS-2', segments: 1 }]);
  });

  describe('when there is nothing to send, or no one to send it to', () => {
    it('sends nothing and says why when request.code is null', async () => {
      const { event, sent } = await eventFor('CustomSMSSender_SignUp');
      const result = await build()({ ...event, request: { ...event.request, code: null } });
      expect(result).toEqual({ outcome: 'skipped', reason: 'no code to send: request.code is null' });
      expect(sent()).toEqual([]);
      expect(logs).toMatchObject([{ method: 'info', outcome: 'skipped' }]);
    });

    it.each([
      ['has no phone_number', undefined, 'the user has no phone_number'],
      ['has a number without +', '4325551212', 'phone_number is not in E.164 form (+, then 1–15 digits)'],
      [
        'has a number with a leading 0',
        '+0432555121',
        'phone_number is not in E.164 form (+, then 1–15 digits)',
      ],
    ])('rejects, without calling SNS, a user who %s', async (_, phone, reason) => {
      const before = sns.requests.length;
      const event = customSmsSenderEvent('CustomSMSSender_SignUp', {
        code: await keyring.encrypt('482916'),
        userAttributes: { phone_number: phone },
      });
      expect(await build()(event)).toEqual({ outcome: 'rejected', reason });
      expect(sns.requests.length).toBe(before);
      expect(logs).toMatchObject([{ method: 'warn', outcome: 'rejected', reason }]);
    });
  });

  describe("when the template can't serve", () => {
    it.each([
      ['there is no template', {}, 'no template', 'info'],
      [
        'the template returns no SMS',
        { CustomMessage_SignUp: () => ({}) },
        'template returned no SMS',
        'warn',
      ],
      [
        'the template throws',
        {
          CustomMessage_SignUp: () => {
            throw new Error('no strings');
          },
        },
        'template threw',
        'warn',
      ],
      [
        'the template leaves the code out',
        { CustomMessage_SignUp: () => ({ sms: 'Welcome!' }) },
        'template left the code out',
        'warn',
      ],
      [
        'the message is too long to publish',
        {
          CustomMessage_SignUp: (c: { codeParameter: string }) => ({
            sms: `${c.codeParameter} ${'x'.repeat(1_600)}`,
          }),
        },
        'message is longer than 1600 bytes',
        'warn',
      ],
    ] as const)(
      "sends Cognito's wording when %s, so that the user still gets the code",
      async (_, own, reason, level) => {
        const { event, sent } = await eventFor('CustomSMSSender_SignUp');
        const result = await build({ templates: own })(event);
        expect(sent().map((m) => m.text)).toEqual(['Your verification code is 482916.']);
        expect(result).toMatchObject({ outcome: 'sent', wording: 'default', fallback: reason });
        expect(logs).toMatchObject([{ method: level, outcome: 'sent', wording: 'default' }]);
      },
    );

    it("uses Cognito's invitation and sign-in wording for AdminCreateUser and Authentication", async () => {
      const invite = await eventFor('CustomSMSSender_AdminCreateUser', { code: 'Tmp#9zQ!x2' });
      const signIn = await eventFor('CustomSMSSender_Authentication');
      const handler = build({ templates: {} });
      await handler(invite.event);
      await handler(signIn.event);
      expect(invite.sent()[0]?.text).toBe(
        `Your username is ${invite.event.userName} and temporary password is Tmp#9zQ!x2.`,
      );
      expect(signIn.sent()[0]?.text).toBe('Your authentication code is 482916.');
    });

    it('gives up on an async template that passes its deadline', async () => {
      const { event, sent } = await eventFor('CustomSMSSender_SignUp');
      const result = await build({
        templateTimeoutMs: 30,
        templates: { CustomMessage_SignUp: () => new Promise(() => undefined) },
      })(event);
      expect(result.fallback).toBe('template timed out');
      expect(sent()).toHaveLength(1);
    });

    it('throws in strict mode, and sends nothing', async () => {
      const { event, sent } = await eventFor('CustomSMSSender_SignUp');
      const handler = build({
        strict: true,
        templates: { CustomMessage_SignUp: () => ({ sms: 'no code' }) },
      });
      await expect(handler(event)).rejects.toThrow(
        new CustomSmsSenderError('template left the code out for CustomSMSSender_SignUp'),
      );
      expect(sent()).toEqual([]);
      expect(logs).toMatchObject([
        { method: 'error', outcome: 'failed', reason: 'template left the code out' },
      ]);
    });
  });

  describe('with brands from a brand source', () => {
    const config = (sms: unknown): BrandConfig<Brand> => ({
      brands: { acme: { ...brands.acme, sms } as Brand },
      defaultBrand: 'acme',
      clientIds: {},
    });

    it("uses the source's brands and logs where they came from", async () => {
      const source = remoteBrands({
        description: 'test',
        fetch: async () => config({ senderId: 'REMOTE' }),
        fallback: config({}),
      });
      const { event, sent } = await eventFor('CustomSMSSender_SignUp');
      await build({ brands: source as never })(event);
      expect(sent()[0]?.senderId).toBe('REMOTE');
      expect(logs).toMatchObject([{ outcome: 'sent', brandConfig: 'remote' }]);
    });

    it("ignores a loaded brand's broken SMS settings, sends with the defaults, and warns naming brand and field", async () => {
      const fetch = vi.fn(async () => config({ senderId: 'Acme Cloud' }));
      const source = remoteBrands({ description: 'test', fetch, fallback: config({}) });
      const { event, sent } = await eventFor('CustomSMSSender_SignUp');
      await build({ brands: source as never, sms: { senderId: 'FALLBACK' } })(event);
      expect(sent()[0]?.senderId).toBe('FALLBACK');
      expect(logs).toMatchObject([
        {
          method: 'warn',
          outcome: 'sent',
          warnings: [
            expect.stringContaining('brand "acme": field "sms.senderId": "Acme Cloud" must be 3–11'),
          ],
        },
      ]);
    });
  });
});
