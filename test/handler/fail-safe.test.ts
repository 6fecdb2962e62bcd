import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { events } from '../../src/events/factory.js';
import { customMessage } from '../../src/handler/custom-message.js';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { html } from '../../src/message/html.js';
import { useCapturedLogs } from '../helpers/logs.js';

const logs = useCapturedLogs();

const brands = {
  acme: { defaultLocale: 'en', locales: ['en'] },
  globex: { defaultLocale: 'fr', locales: ['fr'] },
};
const build = (templates: CustomMessageTemplates) =>
  customMessage({ brands, defaultBrand: 'acme', templates });
const throwing = (thrown: () => unknown): CustomMessageTemplates => ({
  CustomMessage_UpdateUserAttribute: () => {
    throw thrown();
  },
});
const returning = (value: () => unknown): CustomMessageTemplates => ({
  CustomMessage_UpdateUserAttribute: () => value() as never,
});

/** A Proxy on which every operation throws, naming the user. */
const hostile = () =>
  new Proxy(
    {},
    Object.fromEntries(
      ['get', 'has', 'getPrototypeOf', 'ownKeys', 'getOwnPropertyDescriptor', 'apply'].map((trap) => [
        trap,
        () => {
          throw new Error(`trap for Diego <diego.new@example.com>`);
        },
      ]),
    ),
  );

describe('customMessage, not strict', () => {
  describe('with clientMetadata values that are not strings, as Lambda console test events send', () => {
    it.each([
      ['a number', 5],
      ['an array', ['globex']],
      ['null', null],
      ['an object', { id: 'globex' }],
      ['a boolean', true],
    ])('ignores %s with a warning, and resolves and renders from the rest', async (_, value) => {
      const seen: unknown[] = [];
      const handler = build({
        CustomMessage_UpdateUserAttribute: ({ clientMetadata, codeParameter }) => {
          seen.push(clientMetadata);
          return { sms: `code ${codeParameter}` };
        },
      });
      const event = events.updateUserAttribute();
      const result = await handler({
        ...event,
        request: { ...event.request, clientMetadata: { brand: value, locale: 'en', note: 'hi' } },
      } as unknown as typeof event);
      expect(result.response.smsMessage).toBe('code {####}');
      expect(seen).toEqual([{ locale: 'en', note: 'hi' }]);
      expect(logs).toMatchObject([
        {
          level: 'WARN',
          outcome: 'customized',
          brand: 'acme',
          warnings: [
            expect.stringMatching(/^clientMetadata\."brand" is (a|an|null)\b.*, not a string: ignored$/),
          ],
        },
      ]);
    });

    it('ignores a clientMetadata that is not an object at all', async () => {
      const event = events.updateUserAttribute();
      const result = await build(returning(() => ({ sms: 'code {####}' })))({
        ...event,
        request: { ...event.request, clientMetadata: 'brand=globex' },
      } as unknown as typeof event);
      expect(result.response.smsMessage).toBe('code {####}');
      expect(logs).toMatchObject([
        { warnings: ['clientMetadata is a string, not an object of strings: ignored'] },
      ]);
    });
  });

  describe('falls back, with a redacted description of what failed, when the template', () => {
    it.each([
      ['throws a null-prototype object', () => Object.assign(Object.create(null), { message: 'for Diego' })],
      ['throws a Symbol', () => Symbol('for Diego')],
      ['throws a Proxy whose traps throw', hostile],
      ['throws undefined', () => undefined],
      ['throws a BigInt', () => 14325551212n],
    ])('%s', async (_, thrown) => {
      const event = events.updateUserAttribute();
      expect(await build(throwing(thrown))(event)).toBe(event);
      expect(logs).toMatchObject([{ level: 'WARN', outcome: 'fallback', reason: 'template threw' }]);
      expect(JSON.stringify(logs)).not.toMatch(/diego|14325551212/i);
    });

    it('returns a Proxy whose traps throw (reading its `then` throws)', async () => {
      const event = events.updateUserAttribute();
      expect(await build(returning(hostile))(event)).toBe(event);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'template threw' }]);
      expect(JSON.stringify(logs)).not.toMatch(/diego/i);
    });

    it('rejects with a Proxy whose traps throw', async () => {
      const event = events.updateUserAttribute();
      const handler = build({ CustomMessage_UpdateUserAttribute: () => Promise.reject(hostile()) });
      expect(await handler(event)).toBe(event);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'template threw' }]);
    });

    it.each([
      [
        'an object whose getter throws',
        () =>
          Object.defineProperty({}, 'sms', {
            enumerable: true,
            get: () => {
              throw new Error('no SMS for Diego, +1 432 555 1212');
            },
          }),
      ],
      [
        'an email whose subject getter throws',
        () => ({
          email: Object.defineProperty({ html: html`<p>{####}</p>` }, 'subject', {
            get: () => {
              throw new Error('no subject for diego.new@example.com');
            },
          }),
        }),
      ],
      [
        'an email body whose toString throws',
        () => ({
          email: {
            subject: 'Hi',
            html: {
              toString: () => {
                throw new Error('no body for Ramirez');
              },
            },
          },
        }),
      ],
    ])('returns %s', async (_, value) => {
      const event = events.updateUserAttribute();
      expect(await build(returning(value))(event)).toBe(event);
      expect(logs).toMatchObject([{ outcome: 'fallback', reason: 'template returned an unusable message' }]);
      expect(JSON.stringify(logs)).not.toMatch(/diego|ramirez|432 555/i);
      expect(logs[0]?.error).toMatchObject({ message: expect.stringContaining('[REDACTED]') });
    });
  });

  it('never throws, whatever a template throws or returns', async () => {
    const event = events.updateUserAttribute();
    const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), anything, fc.boolean(), async (throws, value, async) => {
        const template = () => {
          if (throws) throw value;
          return value;
        };
        const handler = build({
          CustomMessage_UpdateUserAttribute: (async ? async () => template() : template) as () => never,
        });
        const result = await handler(event);
        expect(result === event || result.response !== event.response).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
