import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { events } from '../../src/events/factory.js';
import { customMessage } from '../../src/handler/custom-message.js';
import {
  createRedactor,
  describeError,
  loggableEvent,
  REDACTED,
  secretRemover,
} from '../../src/handler/redact.js';
import { useCapturedLogs } from '../helpers/logs.js';
import { type Planted, plantedSecrets } from './planted.js';

const logs = useCapturedLogs();

const event = events.updateUserAttribute({
  userName: 'diego_ramos',
  userAttributes: { given_name: 'Diego', family_name: 'Ramírez-López', name: 'Seán O"Brien' },
});
const redact = createRedactor(event);

/** Every character a function reads with charCodeAt or codePointAt, counted. */
const charactersRead = (work: () => void): number => {
  const prototype = String.prototype;
  const { charCodeAt, codePointAt } = prototype;
  let reads = 0;
  Object.defineProperty(prototype, 'charCodeAt', {
    configurable: true,
    writable: true,
    value(this: string, index: number) {
      reads++;
      return charCodeAt.call(this, index);
    },
  });
  Object.defineProperty(prototype, 'codePointAt', {
    configurable: true,
    writable: true,
    value(this: string, index: number) {
      reads++;
      return codePointAt.call(this, index);
    },
  });
  try {
    work();
  } finally {
    Object.defineProperty(prototype, 'charCodeAt', { configurable: true, writable: true, value: charCodeAt });
    Object.defineProperty(prototype, 'codePointAt', {
      configurable: true,
      writable: true,
      value: codePointAt,
    });
  }
  return reads;
};

describe('Function: createRedactor', () => {
  it.each([
    ['names whatever their case', 'diego RAMÍREZ-lópez', `${REDACTED} ${REDACTED}`],
    ['a username', 'by diego_ramos', `by ${REDACTED}`],
    ['a JSON-escaped name', 'brand "O\\"Brien"', `brand "O\\"${REDACTED}"`],
    ['a URL-encoded name', 'next=/hi?n=Se%C3%A1n', `next=/hi?n=${REDACTED}`],
    ['an email address', 'to <x.y@example.org>', `to <${REDACTED}>`],
    [
      'a phone number followed, after separators, by digits that touch a letter',
      'for (+1.511.700.3128) (0p1)',
      `for (${REDACTED}) (0p1)`,
    ],
    [
      'a URL-encoded email address',
      'next=/?email=diego.new%40example.com&x=1',
      `next=/?email=${REDACTED}&x=1`,
    ],
    ['an email address in capitals', 'DIEGO.NEW@EXAMPLE.COM', REDACTED],
    ['a phone number with spaces', 'call +33 6 12 34 56 78', `call ${REDACTED}`],
    ['a phone number with no-break spaces', 'call 432\u00a0555\u00a01212', `call ${REDACTED}`],
    ['a phone number with narrow no-break spaces', 'call 432\u202f555\u202f1212', `call ${REDACTED}`],
    ['a phone number with dots', 'call 432.555.1212', `call ${REDACTED}`],
    ['a phone number with slashes', 'call 432/555/1212', `call ${REDACTED}`],
    ['a phone number with dashes and parentheses', 'call +1 (432) 555-1212', `call ${REDACTED}`],
    ['a URL-encoded phone number', 'tel=%2B1%20432%20555%201212', `tel=${REDACTED}`],
    ['the start of a name cut short with an ellipsis', 'names brand "Ramí…"', `names brand "${REDACTED}…"`],
  ])('removes %s', (_, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['a word that only contains a name', 'diegos and ramirezes'],
    ['a six-digit number', 'code 482916'],
    ['digits glued to letters, as in an id', 'id 8777965c-5982'],
    ['an at sign with nothing before it', 'ping @everyone'],
  ])('leaves %s', (_, text) => {
    expect(redact(text)).toBe(text);
  });

  it('reads each character of the text a bounded number of times, whatever its shape', () => {
    const remove = secretRemover('48291x');
    const shapes: readonly ((n: number) => string)[] = [
      (n) => 'x'.repeat(n),
      (n) => 'a%40'.repeat(n / 4),
      (n) => 'a@'.repeat(n / 2),
      (n) => '1 '.repeat(n / 2),
      (n) => '(1)-'.repeat(n / 4),
      (n) => 'diego '.repeat(n / 6),
      (n) => 'diego'.repeat(n / 5),
      (n) => 'Ram…'.repeat(n / 4),
      (n) => '48291'.repeat(n / 5),
      (n) => 'é'.repeat(n),
    ];
    for (const shape of shapes) {
      const small = shape(20_000);
      const large = shape(80_000);
      const readSmall = charactersRead(() => remove(redact(small)));
      const readLarge = charactersRead(() => remove(redact(large)));
      // Four times the text, four times the reads (a quadratic scan would read sixteen times as many).
      expect(readLarge / readSmall, small.slice(0, 12)).toBeLessThan(4.5);
      expect(readSmall / small.length, small.slice(0, 12)).toBeLessThan(20);
    }
  });
});

describe('Function: secretRemover', () => {
  it('removes every occurrence of the code, overlapping ones too, and its JSON, URL and HTML forms', () => {
    const remove = secretRemover('a"b&c d');
    expect(remove('x a"b&c d y a\\"b&c d z a%22b%26c%20d w a&quot;b&amp;c d')).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED} w ${REDACTED}`,
    );
    expect(secretRemover('1212')('121212')).toBe(REDACTED);
  });

  it('removes the start of the code where a value is cut short with an ellipsis', () => {
    expect(secretRemover('482916')('brand "xxxx4829…"')).toBe(`brand "xxxx${REDACTED}…"`);
  });

  it('removes the code before any other redaction could split it', () => {
    const personal = createRedactor(event);
    const remove = secretRemover('Xy-12345678-Zq');
    expect(personal(remove('password Xy-12345678-Zq'))).toBe(`password ${REDACTED}`);
  });
});

describe('Function: loggableEvent', () => {
  it('replaces every attribute value except the non-personal ones, and redacts clientMetadata keys and values', () => {
    const logged = loggableEvent(
      events.updateUserAttribute({
        userAttributes: { 'custom:employee_id': 'E-7731', locale: 'fr-CA', zoneinfo: 'Europe/Paris' },
        clientMetadata: { 'diego.new@example.com': 'yes', note: 'call +1 432 555 1212' },
      }),
      redact,
    ) as { request: { userAttributes: Record<string, string>; clientMetadata: Record<string, string> } };
    expect(logged.request.userAttributes).toEqual({
      sub: expect.any(String),
      'cognito:user_status': 'CONFIRMED',
      email: REDACTED,
      email_verified: 'false',
      phone_number: REDACTED,
      phone_number_verified: 'false',
      given_name: REDACTED,
      family_name: REDACTED,
      'custom:employee_id': REDACTED,
      locale: 'fr-CA',
      zoneinfo: 'Europe/Paris',
    });
    expect(logged.request.clientMetadata).toEqual({ [REDACTED]: 'yes', note: `call ${REDACTED}` });
  });
});

describe('Function: describeError', () => {
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('trap diego.new@example.com');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
  it.each([
    ['an Error with a code', Object.assign(new Error('for Diego'), { code: '+14325551212' })],
    ['a string', 'for Diego'],
    ['a Symbol', Symbol('for Diego')],
    ['a null-prototype object', Object.assign(Object.create(null), { message: 'for Diego' })],
    ['a Proxy whose traps throw', hostile],
    [
      'an object whose getters throw',
      Object.defineProperty({}, 'message', { get: () => (hostile as { message: string }).message }),
    ],
    ['null', null],
  ])('describes %s without throwing, every text redacted', (_, thrown) => {
    const description = describeError(thrown, redact, { stack: true });
    expect(JSON.stringify(description)).not.toMatch(/diego|432555/i);
    expect(typeof description.message).toBe('string');
  });
});

describe('customMessage logs', () => {
  const build = (template: () => never, logEvent = true) =>
    customMessage({
      brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
      defaultBrand: 'acme',
      logEvent,
      templates: { CustomMessage_UpdateUserAttribute: template },
    });

  it('no name that a warning quotes JSON-escaped', async () => {
    const handler = build(() => {
      throw new Error('no');
    });
    await handler(
      events.updateUserAttribute({
        userAttributes: { family_name: 'O"Brien' },
        clientMetadata: { brand: 'O"Brien', locale: 'DIEGO' },
      }),
    );
    expect(JSON.stringify(logs)).not.toMatch(/brien|diego/i);
  });

  it("no error's code or other property, redacted like its message", async () => {
    const handler = build(() => {
      throw Object.assign(new Error('cannot greet diego RAMIREZ'), { code: 'diego.new@example.com' });
    });
    await handler(events.updateUserAttribute());
    expect(logs.at(-1)?.error).toMatchObject({
      message: `cannot greet ${REDACTED} ${REDACTED}`,
      code: REDACTED,
    });
  });

  it(`the event with 256 KB of clientMetadata in a fraction of a second, not the quadratic minute`, async () => {
    const handler = build(() => {
      throw new Error('no');
    });
    const value = 'x'.repeat(256 * 1024);
    const started = performance.now();
    await handler(events.updateUserAttribute({ clientMetadata: { note: value } }));
    // The old email pattern took about a minute here; a linear scan takes milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(logs.at(-1)).toMatchObject({ event: { request: { clientMetadata: { note: value } } } });
  });
});

describe('Property: no personal data in any log line', () => {
  it('wherever it is placed in the event or in what a template throws, at DEBUG with the event logged', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    await fc.assert(
      fc.asyncProperty(plantedSecrets({ code: false }), async (planted: Planted) => {
        const start = logs.length;
        const handler = customMessage({
          brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
          defaultBrand: 'acme',
          logEvent: true,
          templates: {
            CustomMessage_UpdateUserAttribute: () => {
              throw planted.thrown;
            },
          },
        });
        const event = events.updateUserAttribute(planted.event);
        expect(await handler(event)).toBe(event);
        planted.expectAbsent(logs.slice(start));
      }),
      { numRuns: 150 },
    );
  });
});
