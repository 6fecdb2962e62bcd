import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCustomMessageResponse, errorsOf, type Finding, Rule } from '../../src/cognito/rules.js';
import {
  characterCount,
  cognitoViolations,
  LENGTHS,
  type OracleField,
  violatedRules,
} from '../helpers/cognito-oracle.js';

const UPDATE = 'CustomMessage_UpdateUserAttribute';
const ADMIN_CREATE = 'CustomMessage_AdminCreateUser';
const plainRequest = { codeParameter: '{####}', usernameParameter: null };
const adminRequest = { codeParameter: '{####}', usernameParameter: '{username}' };

const judge = (response: Record<string, unknown>, triggerSource = UPDATE) =>
  violatedRules({
    triggerSource,
    request: triggerSource === ADMIN_CREATE ? adminRequest : plainRequest,
    response,
  });

/** Spaces JavaScript's `\s` matches and Java's `\s` does not. */
const UNICODE_SPACES = ['\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff'];

/** `U+XXXX` for each character, to name in a failure which one broke the rule. */
const codePoints = (text: string) =>
  [...text].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

describe('Oracle: cognitoViolations (negative controls)', () => {
  it('accepts a response left all null: nothing is sent', () => {
    expect(judge({ emailMessage: null, emailSubject: null, smsMessage: null })).toEqual([]);
  });

  it('accepts HTML, tabs, line breaks, accents, CJK and emoji in an email with the code', () => {
    expect(
      judge({
        emailMessage: '<p>Bonjour Zoë,\r\n\tvotre code : <b>{####}</b> 李小龍 🚀🏽 * ©</p>',
        emailSubject: 'Zoë, confirmez 🚀 votre adresse — Acme™',
        smsMessage: 'Acme:\ncode {####}',
      }),
    ).toEqual([]);
  });

  it('accepts each field at its documented bounds', () => {
    expect(judge({ emailMessage: '{####}', emailSubject: 'A', smsMessage: '{####}' })).toEqual([]);
    expect(
      judge({
        emailMessage: `{####}${'a'.repeat(19_994)}`,
        emailSubject: 's'.repeat(140),
        smsMessage: `{####}${'a'.repeat(134)}`,
      }),
    ).toEqual([]);
  });

  it('rejects an email body of 20,001 characters', () => {
    expect(judge({ emailMessage: `{####}${'a'.repeat(19_995)}` })).toEqual(['emailMessage:length']);
  });

  it('rejects an SMS of 141 characters', () => {
    expect(judge({ smsMessage: `{####}${'a'.repeat(135)}` })).toEqual(['smsMessage:length']);
  });

  it('rejects a subject of 141 characters, and an empty one', () => {
    expect(judge({ emailSubject: 's'.repeat(141) })).toEqual(['emailSubject:length']);
    expect(judge({ emailSubject: '' })).toEqual(['emailSubject:length', 'emailSubject:pattern']);
  });

  it('counts characters, not UTF-16 code units: 140 emoji are a 140-character subject', () => {
    expect(judge({ emailSubject: '😀'.repeat(140) })).toEqual([]);
    expect(judge({ emailSubject: '😀'.repeat(141) })).toEqual(['emailSubject:length']);
  });

  it('rejects an email body and an SMS without {####}', () => {
    expect(judge({ emailMessage: '<p>Your code</p>' })).toEqual([
      'emailMessage:pattern',
      'emailMessage:codeParameter',
    ]);
    expect(judge({ smsMessage: 'Your code is 123456' })).toEqual(['smsMessage:codeParameter']);
  });

  it('rejects a zero-width space and a no-break space anywhere in the email body', () => {
    for (const character of ['\u200b', '\u00a0'])
      for (const body of [
        `${character}<p>{####}</p>`,
        `<p>{####}</p>${character}`,
        `<p>{####}${character}</p>`,
      ])
        expect(judge({ emailMessage: body }), JSON.stringify(body)).toEqual(['emailMessage:pattern']);
  });

  it("rejects every Unicode space that JavaScript's \\s matches but Java's \\s does not", () => {
    for (const space of UNICODE_SPACES) {
      expect(/^\s$/.test(space)).toBe(true);
      expect(judge({ emailMessage: `Code${space}{####}` }), codePoints(space)).toEqual([
        'emailMessage:pattern',
      ]);
      expect(judge({ emailSubject: `Confirm${space}now` }), codePoints(space)).toEqual([
        'emailSubject:pattern',
      ]);
    }
  });

  it('rejects an emoji joined by a zero-width joiner, a format character', () => {
    expect(judge({ emailMessage: '👩\u200d🚀 {####}', emailSubject: '👩\u200d🚀' })).toEqual([
      'emailMessage:pattern',
      'emailSubject:pattern',
    ]);
  });

  it('rejects control and format characters in a subject', () => {
    for (const character of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200d', '\u00ad'])
      expect(judge({ emailSubject: `Confirm${character}now` }), codePoints(character)).toEqual([
        'emailSubject:pattern',
      ]);
  });

  it("accepts a line break in a subject, which Java's \\s lets through the documented pattern", () => {
    expect(judge({ emailSubject: 'Confirm\r\nnow\t\v\f' })).toEqual([]);
  });

  it('rejects a lone surrogate in the email body and the subject', () => {
    expect(judge({ emailMessage: '\ud800 {####}', emailSubject: 'a\udfff' })).toEqual([
      'emailMessage:pattern',
      'emailSubject:pattern',
    ]);
  });

  it('requires {username} in the email and the SMS of an AdminCreateUser invitation', () => {
    expect(judge({ emailMessage: 'Password {####}', smsMessage: 'Password {####}' }, ADMIN_CREATE)).toEqual([
      'emailMessage:usernameParameter',
      'smsMessage:usernameParameter',
    ]);
    expect(
      judge({ emailMessage: '{username} / {####}', smsMessage: '{username} / {####}' }, ADMIN_CREATE),
    ).toEqual([]);
  });

  it('rejects a field that is neither a string nor null', () => {
    expect(judge({ emailMessage: 42, smsMessage: { text: '{####}' } })).toEqual([
      'emailMessage:type',
      'smsMessage:type',
    ]);
  });
});

/**
 * Characters near every edge of the rules, and any code point at all (lone surrogates included), weighted so that
 * about half of the values are accepted.
 */
const character = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '<', '>', '&', ';', '*', '#', '{', '}') },
  { weight: 8, arbitrary: fc.constantFrom('é', 'ß', '李', '\u0301', '€', '©', '😀', '🚀🏽', '\u{1d400}') },
  { weight: 3, arbitrary: fc.constantFrom('\t', '\n', '\v', '\f', '\r') },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE_SPACES, '\u2000', '\u200a', '\u205f') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u00ad',
      '\u200b',
      '\u200d',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udfff', '\ue000', '\u0378', '\u{10ffff}') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);
const fragment = fc.array(character, { maxLength: 8 }).map((parts) => parts.join(''));

/** A value for a field: padded to just under, at or over its limit, or not at all; with or without placeholders. */
const valueFor = (field: OracleField) =>
  fc
    .tuple(
      fc.constantFrom(0, 0, LENGTHS[field][1] - 12, LENGTHS[field][1] - 6, LENGTHS[field][1] - 1),
      fragment,
      fc.constantFrom('', '{####}', '{####}', '{username}', '{####}{username}', '{####}{username}'),
      fragment,
    )
    .map(([pad, head, placeholders, tail]) => `${'x'.repeat(Math.max(0, pad))}${head}${placeholders}${tail}`);

/**
 * Where src/cognito is knowingly stricter than the documentation, so that the oracle accepts and the checker does
 * not: it counts UTF-16 code units, and it keeps every control character out of a subject, CR and LF included, to
 * prevent header injection.
 */
const explainedStrictness = (finding: Finding, field: OracleField, value: string): boolean =>
  (finding.rule === Rule.MaxLength && characterCount(value) <= LENGTHS[field][1]) ||
  (finding.rule === Rule.ControlCharacters && field === 'emailSubject');

describe('Differential: the oracle and checkCustomMessageResponse', () => {
  for (const field of ['emailMessage', 'emailSubject', 'smsMessage'] as const)
    it(`agree on every ${field}, but where the checker is knowingly stricter`, () => {
      fc.assert(
        fc.property(valueFor(field), fc.constantFrom(UPDATE, ADMIN_CREATE), (value, triggerSource) => {
          const input = {
            triggerSource,
            request: triggerSource === ADMIN_CREATE ? adminRequest : plainRequest,
            response: { [field]: value },
          };
          const oracle = cognitoViolations(input);
          const errors = errorsOf(checkCustomMessageResponse(input));
          if (oracle.length > 0) {
            // Whatever the documentation rejects, the checker rejects too.
            expect(errors).not.toEqual([]);
            return;
          }
          for (const error of errors)
            expect(explainedStrictness(error, field, value), error.detail).toBe(true);
        }),
        { numRuns: field === 'emailMessage' ? 300 : 2_000 },
      );
    });

  it('agree on every single character in an email body and a subject, but CR, LF, tab, VT and FF in a subject', () => {
    // Every assigned plane: the BMP (lone surrogates included), then planes 1–3 and 14; planes 4–13 are
    // unassigned and 15–16 private use, represented by their first and last code points.
    const ranges = [
      [0x0000, 0x3ffff],
      [0xe0000, 0xe0fff],
      [0x40000, 0x40000],
      [0xdffff, 0xdffff],
      [0xf0000, 0xf0000],
      [0x10ffff, 0x10ffff],
    ] as const;
    const disagreements: string[] = [];
    for (const [first, last] of ranges)
      for (let codePoint = first; codePoint <= last; codePoint++) {
        const character = String.fromCodePoint(codePoint);
        for (const response of [{ emailMessage: `{####}${character}` }, { emailSubject: `a${character}` }]) {
          const input = { triggerSource: UPDATE, request: plainRequest, response };
          const oracleAccepts = cognitoViolations(input).length === 0;
          const checkerAccepts = errorsOf(checkCustomMessageResponse(input)).length === 0;
          if (oracleAccepts !== checkerAccepts)
            disagreements.push(`${Object.keys(response)[0]} ${codePoints(character)}`);
        }
      }
    expect(disagreements).toEqual(
      ['U+0009', 'U+000A', 'U+000B', 'U+000C', 'U+000D'].map((c) => `emailSubject ${c}`),
    );
  }, 30_000);

  it('disagree on a 71-emoji subject: 71 characters, which the checker counts as 142', () => {
    const input = {
      triggerSource: UPDATE,
      request: plainRequest,
      response: { emailSubject: '😀'.repeat(71) },
    };
    expect(cognitoViolations(input)).toEqual([]);
    expect(errorsOf(checkCustomMessageResponse(input)).map((f) => f.rule)).toEqual([Rule.MaxLength]);
  });

  it('disagree on a subject with a line feed, which the documented pattern allows', () => {
    const input = {
      triggerSource: UPDATE,
      request: plainRequest,
      response: { emailSubject: 'Confirm\nnow' },
    };
    expect(cognitoViolations(input)).toEqual([]);
    expect(errorsOf(checkCustomMessageResponse(input)).map((f) => f.rule)).toEqual([Rule.ControlCharacters]);
  });
});
