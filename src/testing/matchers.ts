/** @module testing/matchers — vitest matchers for Custom message outcomes. */
import type { InvokeOutcome } from '../local/invoke-event.js';

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const describeOutcome = (outcome: InvokeOutcome): string =>
  outcome.judgement.error
    ? `${outcome.judgement.verdict} (${outcome.judgement.error.name}: ${outcome.judgement.error.message})`
    : outcome.judgement.verdict;

/**
 * Matchers over the result of `invoke`. Register them with `expect.extend(cognitoMatchers)`, or import
 * `cognito-trigger-kit/testing/vitest`, which does it and adds the types.
 *
 * @example
 * ```ts
 * const outcome = await invoke(handler, events.updateUserAttribute());
 * expect(outcome).toBeAcceptedByCognito();
 * expect(outcome).toDeliverEmail({ subject: /confirm/, text: '123456' });
 * ```
 */
const cognitoMatchers = {
  /** Cognito sends the function's message: the response is valid and not empty. */
  toBeAcceptedByCognito(outcome: InvokeOutcome): MatcherResult {
    const pass = outcome.judgement.verdict === 'accepted';
    return {
      pass,
      message: () =>
        pass
          ? 'expected Cognito not to accept the message'
          : `expected Cognito to accept the message, but it was ${describeOutcome(outcome)}${outcome.judgement.findings.map((f) => `\n  ${f.rule} in ${f.field}: ${f.detail}`).join('')}`,
    };
  },
  /** Cognito sends the pool's own message: the function returned the event unchanged. */
  toKeepCognitoDefaultMessage(outcome: InvokeOutcome): MatcherResult {
    const pass = outcome.judgement.verdict === 'unchanged';
    return {
      pass,
      message: () =>
        pass
          ? "expected the function to change Cognito's message"
          : `expected the event unchanged, but it was ${describeOutcome(outcome)}`,
    };
  },
  /** The user receives an email whose subject and text contain, or match, what is given. */
  toDeliverEmail(
    outcome: InvokeOutcome,
    expected: {
      readonly subject?: string | RegExp;
      readonly text?: string | RegExp;
      readonly html?: string | RegExp;
    } = {},
  ): MatcherResult {
    const email = outcome.email;
    const matches = (actual: string | null | undefined, wanted: string | RegExp | undefined) =>
      wanted === undefined ||
      (typeof wanted === 'string' ? (actual ?? '').includes(wanted) : wanted.test(actual ?? ''));
    const pass =
      outcome.judgement.verdict === 'accepted' &&
      email !== undefined &&
      matches(email.subject, expected.subject) &&
      matches(email.text, expected.text) &&
      matches(email.html, expected.html);
    return {
      pass,
      message: () =>
        email === undefined
          ? `expected an email, but there is none (${describeOutcome(outcome)})`
          : `expected${pass ? ' no' : ''} email matching ${JSON.stringify({ ...expected, subject: String(expected.subject ?? ''), text: String(expected.text ?? '') })}, got subject ${JSON.stringify(email.subject)} and text:\n${email.text}`,
    };
  },
  /** The user receives an SMS containing, or matching, what is given. */
  toDeliverSms(outcome: InvokeOutcome, expected?: string | RegExp): MatcherResult {
    const sms = outcome.sms;
    const pass =
      outcome.judgement.verdict === 'accepted' &&
      sms !== undefined &&
      (expected === undefined ||
        (typeof expected === 'string' ? sms.includes(expected) : expected.test(sms)));
    return {
      pass,
      message: () =>
        sms === undefined
          ? `expected an SMS, but there is none (${describeOutcome(outcome)})`
          : `expected${pass ? ' no' : ''} SMS matching ${String(expected)}, got ${JSON.stringify(sms)}`,
    };
  },
};

interface CognitoMatchers<R = unknown> {
  toBeAcceptedByCognito(): R;
  toKeepCognitoDefaultMessage(): R;
  toDeliverEmail(expected?: { subject?: string | RegExp; text?: string | RegExp; html?: string | RegExp }): R;
  toDeliverSms(expected?: string | RegExp): R;
}

export type { CognitoMatchers };
export { cognitoMatchers };
