/**
 * @module test/handler/planted — personal data and codes planted anywhere in an event and in what a template throws,
 * for the properties that search every log line for them.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LogLine } from '../helpers/logs.js';

/** Where a planted value goes. */
type Place =
  | 'metadataValue'
  | 'metadataKey'
  | 'brand'
  | 'locale'
  | 'customAttribute'
  | 'message'
  | 'errorCode';
/** What a template throws around the planted message. */
type Thrown = 'error' | 'string' | 'symbol' | 'null-prototype' | 'plain';

interface Planted {
  /** Options for the event factories: username, attributes and clientMetadata. */
  readonly event: {
    readonly userName: string;
    readonly userAttributes: Record<string, string>;
    readonly clientMetadata: Record<string, string>;
  };
  /** What the template throws. */
  readonly thrown: unknown;
  /** The code, for a Custom SMS sender (planted too); empty for a Custom message trigger, which has none. */
  readonly code: string;
  /** Fails when any planted value, or the start of one cut short with `…`, is in the lines. */
  expectAbsent(lines: readonly LogLine[]): void;
}

/** A name that no word of a log line's own vocabulary can be: it always holds a letter outside ASCII. */
const name = fc
  .tuple(
    fc.constantFrom('Zø', 'Ñu', 'Ðé', 'Ŧa', 'Ķi'),
    fc.stringMatching(/^[a-z]{2,7}$/),
    fc.constantFrom('', '"', "'", '-'),
    fc.stringMatching(/^[A-Z][a-z]{2,6}$/),
  )
  .map(([head, tail, mark, other]) => `${head}${tail}${mark}${other}`);

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9.]{2,10}[a-z0-9]$/),
    fc.stringMatching(/^[a-z]{3,8}$/),
    fc.constantFrom('com', 'org', 'fr'),
  )
  .map(([local, domain, top]) => `${local}@${domain}.${top}`);

/** A phone number's digits (country code 1), and the way it is written. */
const phone = fc
  .tuple(
    fc.stringMatching(/^[2-9][0-9]{9}$/),
    fc.constantFrom(' ', '\u00a0', '\u202f', '.', '/', '-', 'paren', 'plain'),
  )
  .map(([digits, style]) => {
    const [area, exchange, line] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
    const written =
      style === 'paren'
        ? `+1 (${area}) ${exchange}-${line}`
        : style === 'plain'
          ? `+1${digits}`
          : `+1${style}${area}${style}${exchange}${style}${line}`;
    return { digits: `1${digits}`, written };
  });

const code = fc.oneof(
  fc.stringMatching(/^[0-9]{6}$/),
  fc.stringMatching(/^[A-Z][a-z][-#!][0-9]{8}[-#!][A-Z][a-z]$/),
  fc.stringMatching(/^[A-Za-z0-9]{3}[#!%"\\][A-Za-z0-9]{4,8}$/),
);

const place = fc.constantFrom<Place>(
  'metadataValue',
  'metadataKey',
  'brand',
  'locale',
  'customAttribute',
  'message',
  'errorCode',
);
/** How a planted value is written where it goes: as it is, in another case, URL-encoded, or JSON-escaped. */
const form = fc.constantFrom('as is', 'upper', 'lower', 'url', 'json');
const written = (value: string, how: string) =>
  how === 'upper'
    ? value.toUpperCase()
    : how === 'lower'
      ? value.toLowerCase()
      : how === 'url'
        ? encodeURIComponent(value)
        : how === 'json'
          ? JSON.stringify(value).slice(1, -1)
          : value;

const NAME_ATTRIBUTES = [
  'given_name',
  'family_name',
  'name',
  'middle_name',
  'nickname',
  'preferred_username',
];

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

/** Every string in a log line, unescaped, and the line as JSON, escaped. */
const textsOf = (lines: readonly LogLine[]): string => {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        texts.push(key);
        walk(item);
      }
  };
  for (const line of lines) {
    walk(line);
    texts.push(JSON.stringify(line));
  }
  return texts.join('\n');
};

/**
 * Personal data (names in the personal attributes and a username, email addresses, phone numbers) and, with `code`,
 * a code, each also planted at random places, written in random forms: clientMetadata values and keys, the brand and
 * locale it asks for (which warnings quote, JSON-escaped and cut at 64 characters), custom attributes, and the
 * message and `code` of what the template throws, thrown as an Error, a string, a Symbol, a null-prototype or a plain
 * object.
 */
const plantedSecrets = (options: { readonly code: boolean }): fc.Arbitrary<Planted> =>
  fc
    .record({
      names: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
      userName: name,
      emails: fc.uniqueArray(email, { minLength: 1, maxLength: 2 }),
      phones: fc.uniqueArray(phone, { minLength: 1, maxLength: 2, selector: (p) => p.digits }),
      code: options.code ? code : fc.constant(''),
      placements: fc.array(
        fc.record({ which: fc.nat(), where: place, how: form, filler: fc.nat({ max: 70 }) }),
        { minLength: 1, maxLength: 8 },
      ),
      thrown: fc.constantFrom<Thrown>('error', 'string', 'symbol', 'null-prototype', 'plain'),
    })
    .map(({ names, userName, emails, phones, code, placements, thrown }) => {
      const userAttributes: Record<string, string> = {
        email: emails[0] as string,
        phone_number: `+${phones[0]?.digits}`,
      };
      names.forEach((value, i) => {
        userAttributes[NAME_ATTRIBUTES[i] as string] = value;
      });
      const clientMetadata: Record<string, string> = {};
      const message: string[] = ['template failed for'];
      let errorCode: string | undefined;
      const values = [
        ...names,
        userName,
        ...emails,
        ...phones.map((p) => p.written),
        ...(code ? [code] : []),
      ];
      placements.forEach(({ which, where, how, filler }, i) => {
        const value = written(values[which % values.length] as string, how);
        const padded = `${'x '.repeat(filler >> 1)}${value}`;
        if (where === 'metadataValue') clientMetadata[`note${i}`] = `see ${value}, please`;
        else if (where === 'metadataKey') clientMetadata[value] = 'yes';
        else if (where === 'brand') clientMetadata.brand = padded;
        else if (where === 'locale') clientMetadata.locale = padded;
        else if (where === 'customAttribute') userAttributes[`custom:field${i}`] = value;
        else if (where === 'message') message.push(`(${value})`);
        else errorCode = value;
      });
      const text = message.join(' ');
      const thrownValue =
        thrown === 'error'
          ? Object.assign(new Error(text), errorCode === undefined ? {} : { code: errorCode })
          : thrown === 'string'
            ? text
            : thrown === 'symbol'
              ? Symbol(text)
              : thrown === 'null-prototype'
                ? Object.assign(Object.create(null), { message: text, code: errorCode })
                : { name: 'TemplateError', message: text, code: errorCode };
      const nameWords = [...names, userName].flatMap(wordsOf).filter((word) => word.length >= 2);
      return {
        event: { userName, userAttributes, clientMetadata },
        thrown: thrownValue,
        code,
        expectAbsent(lines: readonly LogLine[]) {
          const all = textsOf(lines);
          const lower = all.toLowerCase();
          const words = new Set(wordsOf(all));
          for (const word of nameWords) expect(words, `the name word ${word}`).not.toContain(word);
          for (const value of [...names, userName])
            expect(lower).not.toContain(encodeURIComponent(value).toLowerCase());
          for (const address of emails) {
            expect(lower).not.toContain(address);
            expect(lower).not.toContain(address.replace('@', '%40'));
          }
          for (const { digits, written: shown } of phones) {
            expect(all).not.toContain(digits);
            expect(all).not.toContain(shown);
          }
          if (code)
            for (const shown of [code, JSON.stringify(code).slice(1, -1), encodeURIComponent(code)])
              expect(all).not.toContain(shown);
          // Nor the start of a name or of the code, where a value was cut short.
          for (const [cut] of all.matchAll(/[\p{L}\p{M}\p{N}]{2,}(?=…)/gu)) {
            const folded = cut.toLowerCase();
            expect(
              nameWords.filter((word) => word.startsWith(folded)),
              `a name cut to ${cut}`,
            ).toEqual([]);
          }
          if (code)
            for (const [cut] of all.matchAll(/\S{3,12}(?=…)/gu))
              for (let k = 3; k <= cut.length; k++)
                expect(code.startsWith(cut.slice(-k)), `the code cut to ${cut.slice(-k)}`).toBe(false);
        },
      };
    });

export type { Planted };
export { plantedSecrets };
