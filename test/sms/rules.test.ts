import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customSmsSender } from '../../src/sms/custom-sms-sender.js';
import { localKeyring } from '../../src/sms/decrypt.js';
import {
  checkSmsSettings,
  isE164,
  SmsAttribute,
  smsAttributes,
  validateSmsSettings,
} from '../../src/sms/rules.js';
import { brands, templates } from './helpers.js';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const alphanumeric = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

describe('Function: isE164', () => {
  it('accepts +, then 1–15 digits, the first not 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), digits(0, 14), (first, rest) => {
        expect(isE164(`+${first}${rest}`)).toBe(true);
      }),
    );
  });

  it('refuses more than 15 digits, a leading 0, or a missing +', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), digits(15, 20), digits(1, 14), (first, long, short) => {
        expect(isE164(`+${first}${long}`)).toBe(false);
        expect(isE164(`+0${short}`)).toBe(false);
        expect(isE164(`${first}${short}`)).toBe(false);
      }),
    );
  });

  it('refuses anything that is not a + and digits alone', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(isE164(text)).toBe(/^\+[1-9][0-9]{0,14}$/.test(text));
      }),
      { numRuns: 500 },
    );
    for (const text of ['+1 432 555 1212', '+1-432-5551212', '+', '', ' +14325551212', '+14325551212\n'])
      expect(isE164(text)).toBe(false);
  });
});

describe('Function: checkSmsSettings', () => {
  it('accepts sender IDs of 3–11 letters and digits with at least one letter', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphanumeric, minLength: 3, maxLength: 11 }).filter((id) => /[A-Za-z]/.test(id)),
        (senderId) => {
          expect(checkSmsSettings({ senderId })).toEqual([]);
        },
      ),
    );
  });

  it.each([
    ['AB', 'too short'],
    ['ACMECLOUDINC', 'too long'],
    ['12345', 'no letter'],
    ['Acme Cloud', 'a space'],
    ['Acme-Cloud', 'a hyphen'],
  ])('refuses the sender ID %j (%s), naming the field', (senderId) => {
    expect(checkSmsSettings({ senderId })).toEqual([
      `field "sms.senderId": ${JSON.stringify(senderId)} must be 3–11 letters and digits with at least one letter, no spaces`,
    ]);
  });

  it('names every broken field, and fields that are not settings', () => {
    expect(
      checkSmsSettings({
        originationNumber: '555',
        smsType: 'transactional',
        maxPrice: -1,
        senderID: 'ACME',
      }),
    ).toEqual([
      'field "sms.senderID": is not a setting; use senderId, originationNumber, smsType, maxPrice',
      'field "sms.originationNumber": "555" must be 5–14 digits, with an optional leading +',
      'field "sms.smsType": "transactional" must be Transactional or Promotional',
      'field "sms.maxPrice": -1 must be a number of US dollars greater than 0',
    ]);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], ['0.50'], [0]])(
    'refuses the max price %j',
    (maxPrice) => {
      expect(checkSmsSettings({ maxPrice })).toHaveLength(1);
    },
  );

  it('accepts origination numbers from short codes to long codes', () => {
    for (const originationNumber of ['12345', '+18005550100', '447700900123'])
      expect(checkSmsSettings({ originationNumber })).toEqual([]);
  });

  it('refuses settings that are not an object', () => {
    expect(checkSmsSettings('ACME')).toEqual([
      'field "sms": must be an object with senderId, originationNumber, smsType, maxPrice',
    ]);
  });

  it('checks the sms field of a brand loaded at run time, as a brand validator', () => {
    expect(validateSmsSettings({ sms: { smsType: 'Bulk' } }, 'acme')).toEqual([
      'field "sms.smsType": "Bulk" must be Transactional or Promotional',
    ]);
    expect(validateSmsSettings({}, 'acme')).toEqual([]);
  });
});

describe('Function: smsAttributes', () => {
  it('always sets the SMS type, Transactional by default, and only the attributes given', () => {
    expect(smsAttributes({})).toEqual({
      [SmsAttribute.SmsType]: { DataType: 'String', StringValue: 'Transactional' },
    });
    expect(
      smsAttributes({
        senderId: 'ACME',
        originationNumber: '+18005550100',
        smsType: 'Promotional',
        maxPrice: 0.05,
      }),
    ).toEqual({
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
      'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ACME' },
      'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18005550100' },
      'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.05' },
    });
  });
});

describe('Function: customSmsSender, when the handler is built', () => {
  const decrypter = localKeyring();
  const build = (definition: Record<string, unknown>) => () =>
    customSmsSender({ brands, defaultBrand: 'acme', templates, decrypter, ...definition } as never);

  it('names the brand and field of a broken inline SMS setting', () => {
    expect(
      build({
        brands: { ...brands, globex: { ...brands.globex, sms: { senderId: 'Globex Corp', maxPrice: 0 } } },
      }),
    ).toThrow(
      new TypeError(
        'customSmsSender: brand "globex": field "sms.senderId": "Globex Corp" must be 3–11 letters and digits with at least one letter, no spaces; brand "globex": field "sms.maxPrice": 0 must be a number of US dollars greater than 0',
      ),
    );
  });

  it("names the field of a broken setting in the definition's own sms", () => {
    expect(build({ sms: { smsType: 'OTP' } })).toThrow(
      'customSmsSender: field "sms.smsType": "OTP" must be Transactional or Promotional',
    );
  });

  it.each([
    [
      { templates: { CustomSMSSender_SignUp: () => undefined } },
      '"CustomSMSSender_SignUp" is not a Custom message trigger source: templates are keyed CustomMessage_X',
    ],
    [{ decrypter: undefined }, 'decrypter is required: kmsDecrypter({ keyArn }) or localKeyring()'],
    [{ defaultBrand: 'initech' }, 'defaultBrand "initech" is not one of the brands (acme, globex)'],
    [{ retry: { budgetMs: -1 } }, 'budgetMs must be a number of milliseconds greater than 0'],
    [{ templateTimeoutMs: Number.NaN }, 'templateTimeoutMs must be a number of milliseconds greater than 0'],
  ])('refuses %j', (definition, message) => {
    expect(build(definition)).toThrow(new TypeError(`customSmsSender: ${message}`));
  });
});
