import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEmailSettings,
  formatMailbox,
  mailHeaders,
  messageTags,
  parseMailbox,
  sendableAddress,
  tagValue,
  validateEmailSettings,
} from '../../src/email/rules.js';

/** An RFC 2047 display name as a mail client shows it. */
const decoded = (text: string) =>
  text
    .replace(/\?= =\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, data: string) => Buffer.from(data, 'base64').toString('utf8'));

describe('Function: parseMailbox', () => {
  it.each([
    ['no-reply@globex.example', { address: 'no-reply@globex.example' }],
    ['Globex <no-reply@globex.example>', { name: 'Globex', address: 'no-reply@globex.example' }],
    ['<no-reply@globex.example>', { address: 'no-reply@globex.example' }],
    ['"Acme, Inc." <no-reply@acme.example>', { name: 'Acme, Inc.', address: 'no-reply@acme.example' }],
    ['"Say \\"hi\\"" <a@b.example>', { name: 'Say "hi"', address: 'a@b.example' }],
  ])('reads %s', (text, mailbox) => {
    expect(parseMailbox(text)).toEqual(mailbox);
  });

  it.each([
    ['Globex'],
    ['Globex <>'],
    ['"Unclosed <a@b.example>'],
    ['a b@c.example'],
    ['Glo"bex <a@b.example>'],
  ])('refuses %s', (text) => {
    expect(parseMailbox(text)).toBeUndefined();
  });
});

describe('Function: sendableAddress', () => {
  it('writes an international domain in Punycode, lower case, and keeps the local part', () => {
    expect(sendableAddress('Zoe.D@Exämple.FR')).toBe('Zoe.D@xn--exmple-cua.fr');
  });

  it.each([
    ['a local part that is not ASCII (SES does not send SMTPUTF8)', 'zoë@example.fr'],
    ['no domain', 'diego@'],
    ['a domain without a dot', 'diego@localhost'],
    ['two at signs', 'a@b@example.com'],
    ['a space', 'di ego@example.com'],
    ['a dot at the end of the local part', 'diego.@example.com'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@example.com`],
  ])('refuses %s', (_, address) => {
    expect(sendableAddress(address)).toBeUndefined();
  });
});

describe('Function: formatMailbox', () => {
  it.each([
    [{ name: 'Globex', address: 'no-reply@globex.example' }, 'Globex <no-reply@globex.example>'],
    [{ name: 'Acme, Inc.', address: 'a@acme.example' }, '"Acme, Inc." <a@acme.example>'],
    [{ address: 'a@acme.example' }, 'a@acme.example'],
    [
      { name: 'Société Générale', address: 'a@sg.example' },
      '=?UTF-8?B?U29jacOpdMOpIEfDqW7DqXJhbGU=?= <a@sg.example>',
    ],
  ])('writes %j as %s', (mailbox, text) => {
    expect(formatMailbox(mailbox)).toBe(text);
  });

  it('writes any display name in 7-bit ASCII that a mail client reads back as it was, in words of 75 characters at most', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
          .filter((name) => name.trim() !== '' && !/[\r\n"\\]/.test(name)),
        (name) => {
          const text = formatMailbox({ name, address: 'no-reply@brand.example' });
          expect(text).toMatch(/^[\x20-\x7e]+$/);
          for (const word of text.match(/=\?[^ ]*\?=/g) ?? []) expect(word.length).toBeLessThanOrEqual(75);
          const mailbox = parseMailbox(text);
          expect(mailbox?.address).toBe('no-reply@brand.example');
          expect(decoded(mailbox?.name ?? '')).toBe(name.trim());
        },
      ),
    );
  });
});

describe('Function: checkEmailSettings', () => {
  it('accepts complete settings', () => {
    expect(
      checkEmailSettings({
        from: 'Globex <no-reply@globex.example>',
        replyTo: ['Globex <aide@globex.example>', 'support@globex.example'],
        configurationSetName: 'transactional-emails',
        fromEmailAddressIdentityArn: 'arn:aws:ses:eu-west-1:123456789012:identity/globex.example',
        tags: { team: 'identity', cost_center: 'cc-42' },
      }),
    ).toEqual([]);
  });

  it('names every broken field, in the form brand validators use', () => {
    expect(
      checkEmailSettings({
        from: 'Globex',
        replyTo: 'not an address',
        configurationSetName: 'with space',
        fromEmailAddressIdentityArn: 'arn:aws:ses:eu-west-1:123456789012:configuration-set/x',
        tags: { brand: 'x', 'bad name': 'x', team: 'two words' },
        replyto: 'x@y.example',
      }),
    ).toEqual([
      'field "email.replyto": is not a setting; use from, replyTo, configurationSetName, fromEmailAddressIdentityArn, tags',
      'field "email.from": "Globex" must be "Name <address>" or an address',
      'field "email.replyTo": "not an address" must be "Name <address>" or an address',
      'field "email.configurationSetName": "with space" must be 1–64 letters, digits, _ or -',
      'field "email.fromEmailAddressIdentityArn": "arn:aws:ses:eu-west-1:123456789012:configuration-set/x" must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)',
      'field "email.tags.brand": is written by the kit on every email: choose another name',
      'field "email.tags.bad name": the name must be 1–256 ASCII letters, digits, _ or -',
      'field "email.tags.team": "two words" must be 1–256 ASCII letters, digits, _ or -',
    ]);
  });

  it('refuses a From that could add a header, or one SES cannot send as', () => {
    expect(checkEmailSettings({ from: 'Acme <a@acme.example>\r\nBcc: x@evil.example' })).toEqual([
      'field "email.from": "Acme <a@acme.example>\\r\\nBcc: x@evil.example" must not hold line breaks or control characters',
    ]);
    expect(checkEmailSettings({ from: 'Acme <zoë@acme.example>' })[0]).toMatch(
      /"zoë@acme.example" is not an address SES can send as/,
    );
  });

  it('is the validator for the email field of brands loaded at run time', () => {
    expect(validateEmailSettings({ email: { form: 'x' } }, 'acme')).toEqual([
      'field "email.form": is not a setting; use from, replyTo, configurationSetName, fromEmailAddressIdentityArn, tags',
    ]);
    expect(validateEmailSettings({}, 'acme')).toEqual([]);
  });
});

describe('Message tags and headers', () => {
  it('tags every email with brand, locale and trigger source, then the brand’s own, as SES takes them', () => {
    expect(
      messageTags(
        { brand: 'acme.eu', locale: 'pt_BR', triggerSource: 'CustomEmailSender_SignUp' },
        { team: 'id' },
      ),
    ).toEqual([
      { Name: 'brand', Value: 'acme_eu' },
      { Name: 'locale', Value: 'pt_BR' },
      { Name: 'triggerSource', Value: 'CustomEmailSender_SignUp' },
      { Name: 'team', Value: 'id' },
    ]);
  });

  it('makes any value a tag value SES accepts', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(tagValue(value)).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      }),
    );
  });

  it('marks the email automatic, so that auto-responders stay quiet, and names its language', () => {
    expect(mailHeaders('fr_CA')).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-generated' },
      { Name: 'X-Auto-Response-Suppress', Value: 'All' },
      { Name: 'Content-Language', Value: 'fr-CA' },
    ]);
    expect(mailHeaders('not a tag\r\n')).toHaveLength(2);
  });
});
