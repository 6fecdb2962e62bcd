import 'cognito-trigger-kit/testing/vitest';
import { events, invoke } from 'cognito-trigger-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../handlers/custom-message.js';
import type { InvokeOutcome } from '../../src/local/invoke-event.js';

let outcome: InvokeOutcome;
beforeAll(async () => {
  outcome = await invoke(
    handler,
    events.updateUserAttribute({ clientMetadata: { brand: 'globex', locale: 'en' } }),
    { code: '123456' },
  );
});

/** The matcher's verdict: pass, fail, or the usage error it throws. */
const verdict = (assertion: () => void): 'pass' | 'fail' | string => {
  try {
    assertion();
    return 'pass';
  } catch (error) {
    const { name, message } = error as Error;
    return name === 'MatcherUsageError' ? `${name}: ${message}` : 'fail';
  }
};

describe('Matcher: toDeliverEmail', () => {
  it('takes a string as what the email text must contain: the delivered code passes, another fails', () => {
    expect(verdict(() => expect(outcome).toDeliverEmail('123456'))).toBe('pass');
    expect(verdict(() => expect(outcome).toDeliverEmail('999999'))).toBe('fail');
    expect(verdict(() => expect(outcome).not.toDeliverEmail('999999'))).toBe('pass');
  });

  it('checks every part it is given, and only those', () => {
    expect(verdict(() => expect(outcome).toDeliverEmail({ subject: /Globex/, html: '123456' }))).toBe('pass');
    expect(verdict(() => expect(outcome).toDeliverEmail({ subject: /Acme/, text: '123456' }))).toBe('fail');
  });

  it('says only what was asked when it fails', () => {
    // Act
    let message = '';
    try {
      expect(outcome).toDeliverEmail({ subject: 'Acme' });
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toContain(
      'subject: expected to contain "Acme", got "Globex: confirm your new email address"',
    );
    expect(message).not.toContain('text:');
    expect(message).not.toContain('html:');
  });

  it.each([
    ['a number', 123456],
    ['an unknown part', { body: '123456' }],
    ['a part that is not a string or RegExp', { text: 123456 }],
    ['an array', ['123456']],
  ])('refuses %s at run time instead of passing', (_, argument) => {
    expect(verdict(() => expect(outcome).toDeliverEmail(argument as never))).toMatch(/^MatcherUsageError: /);
    expect(verdict(() => expect(outcome).not.toDeliverEmail(argument as never))).toMatch(
      /^MatcherUsageError: /,
    );
  });
});

describe('Matchers: arguments they cannot use', () => {
  it('refuses an argument to toBeAcceptedByCognito and toKeepCognitoDefaultMessage', () => {
    const extra = ['x'] as unknown as [];
    expect(verdict(() => expect(outcome).toBeAcceptedByCognito(...extra))).toMatch(/^MatcherUsageError: /);
    expect(verdict(() => expect(outcome).toKeepCognitoDefaultMessage(...extra))).toMatch(
      /^MatcherUsageError: /,
    );
  });

  it('refuses an SMS expectation that is not a string or RegExp', () => {
    expect(verdict(() => expect(outcome).toDeliverSms(123456 as never))).toMatch(/^MatcherUsageError: /);
    expect(verdict(() => expect(outcome).toDeliverSms('123456'))).toBe('pass');
    expect(verdict(() => expect(outcome).toDeliverSms('999999'))).toBe('fail');
  });

  it('refuses what is not the outcome of invoke, such as the handler’s own result', () => {
    expect(verdict(() => expect(outcome.returned).toBeAcceptedByCognito())).toMatch(
      /^MatcherUsageError: toBeAcceptedByCognito: expect\(\) needs the outcome of invoke/,
    );
  });
});
