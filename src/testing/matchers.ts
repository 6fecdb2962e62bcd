/** @module testing/matchers — vitest matchers for Custom message outcomes. */
import type { InvokeOutcome } from '../local/invoke-event.js';

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

type Wanted = string | RegExp;
type EmailExpectation = {
  readonly subject?: Wanted;
  readonly text?: Wanted;
  readonly html?: Wanted;
};

const EMAIL_PARTS = ['subject', 'text', 'html'] as const;

/** A matcher used in a way it cannot honour: thrown, so that the test fails instead of passing on an ignored argument. */
class MatcherUsageError extends TypeError {
  override readonly name = 'MatcherUsageError';
}

const show = (value: unknown): string =>
  value instanceof RegExp ? String(value) : typeof value === 'string' ? JSON.stringify(value) : String(value);

const isWanted = (value: unknown): value is Wanted => typeof value === 'string' || value instanceof RegExp;

const describeOutcome = (outcome: InvokeOutcome): string =>
  outcome.judgement.error
    ? `${outcome.judgement.verdict} (${outcome.judgement.error.name}: ${outcome.judgement.error.message})`
    : outcome.judgement.verdict;

/** Refuses what is not the outcome of `invoke`, such as the handler's own result. */
const checkOutcome = (matcher: string, outcome: unknown): InvokeOutcome => {
  const judgement = (outcome as Partial<InvokeOutcome> | null | undefined)?.judgement;
  if (typeof judgement?.verdict !== 'string')
    throw new MatcherUsageError(
      `${matcher}: expect() needs the outcome of invoke(handler, event), got ${outcome === null ? 'null' : typeof outcome}`,
    );
  return outcome as InvokeOutcome;
};

const checkNoArguments = (matcher: string, extra: readonly unknown[]): void => {
  if (extra.length > 0)
    throw new MatcherUsageError(`${matcher}() takes no argument, got ${extra.map(show).join(', ')}`);
};

/**
 * `toDeliverEmail`'s argument: a string or RegExp is what the email's text must contain (the code, say); an object
 * names the parts. Anything else, or an unknown part, is a usage error rather than a pass.
 */
const emailExpectation = (expected: unknown): EmailExpectation => {
  if (expected === undefined) return {};
  if (isWanted(expected)) return { text: expected };
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected))
    throw new MatcherUsageError(
      `toDeliverEmail(expected): expected is a string or RegExp the text must contain, or { subject?, text?, html? }; got ${show(expected)}`,
    );
  for (const [key, value] of Object.entries(expected)) {
    if (!(EMAIL_PARTS as readonly string[]).includes(key))
      throw new MatcherUsageError(
        `toDeliverEmail(expected): unknown part "${key}"; the parts are ${EMAIL_PARTS.join(', ')}`,
      );
    if (value !== undefined && !isWanted(value))
      throw new MatcherUsageError(
        `toDeliverEmail(expected): "${key}" must be a string or RegExp, got ${show(value)}`,
      );
  }
  return expected as EmailExpectation;
};

const matches = (actual: string | null | undefined, wanted: Wanted | undefined): boolean =>
  wanted === undefined ||
  (typeof wanted === 'string' ? (actual ?? '').includes(wanted) : new RegExp(wanted).test(actual ?? ''));

/**
 * Matchers over the result of `invoke`. Register them with `expect.extend(cognitoMatchers)`, or import
 * `cognito-trigger-kit/testing/vitest`, which does it and adds the types. A matcher given an argument it cannot use
 * throws a usage error: it never passes by ignoring what it was asked.
 *
 * @example
 * ```ts
 * const outcome = await invoke(handler, events.updateUserAttribute(), { code: '123456' });
 * expect(outcome).toBeAcceptedByCognito();
 * expect(outcome).toDeliverEmail('123456'); // the email's text contains the code
 * expect(outcome).toDeliverEmail({ subject: /confirm/, html: '<strong>123456</strong>' });
 * expect(outcome).toDeliverSms(/123456/);
 * ```
 */
const cognitoMatchers = {
  /** Cognito sends the function's message: the response is valid and not empty. */
  toBeAcceptedByCognito(received: unknown, ...extra: unknown[]): MatcherResult {
    checkNoArguments('toBeAcceptedByCognito', extra);
    const outcome = checkOutcome('toBeAcceptedByCognito', received);
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
  toKeepCognitoDefaultMessage(received: unknown, ...extra: unknown[]): MatcherResult {
    checkNoArguments('toKeepCognitoDefaultMessage', extra);
    const outcome = checkOutcome('toKeepCognitoDefaultMessage', received);
    const pass = outcome.judgement.verdict === 'unchanged';
    return {
      pass,
      message: () =>
        pass
          ? "expected the function to change Cognito's message"
          : `expected the event unchanged, but it was ${describeOutcome(outcome)}`,
    };
  },
  /**
   * The user receives the function's email, and it contains, or matches, what is given: a string or RegExp for its
   * text (where the code is), or `{ subject, text, html }` for any of its parts.
   */
  toDeliverEmail(received: unknown, expected?: unknown, ...extra: unknown[]): MatcherResult {
    checkNoArguments('toDeliverEmail(expected)', extra);
    const outcome = checkOutcome('toDeliverEmail', received);
    const wanted = emailExpectation(expected);
    const email = outcome.email;
    const asked = EMAIL_PARTS.filter((part) => wanted[part] !== undefined);
    const missed = email === undefined ? asked : asked.filter((part) => !matches(email[part], wanted[part]));
    const pass = outcome.judgement.verdict === 'accepted' && email !== undefined && missed.length === 0;
    return {
      pass,
      message: () => {
        if (email === undefined) return `expected an email, but there is none (${describeOutcome(outcome)})`;
        if (outcome.judgement.verdict !== 'accepted')
          return `expected the function's email, but Cognito's verdict is ${describeOutcome(outcome)}`;
        const parts = (pass ? asked : missed).map(
          (part) =>
            `\n  ${part}: expected${pass ? ' not' : ''} to contain ${show(wanted[part])}, got ${show(email[part])}`,
        );
        return pass && asked.length === 0 ? 'expected no email from the function' : `email${parts.join('')}`;
      },
    };
  },
  /** The user receives the function's SMS, and it contains, or matches, what is given. */
  toDeliverSms(received: unknown, expected?: unknown, ...extra: unknown[]): MatcherResult {
    checkNoArguments('toDeliverSms(expected)', extra);
    const outcome = checkOutcome('toDeliverSms', received);
    if (expected !== undefined && !isWanted(expected))
      throw new MatcherUsageError(
        `toDeliverSms(expected): expected is a string or RegExp, got ${show(expected)}`,
      );
    const sms = outcome.sms;
    const pass = outcome.judgement.verdict === 'accepted' && sms !== undefined && matches(sms, expected);
    return {
      pass,
      message: () =>
        sms === undefined
          ? `expected an SMS, but there is none (${describeOutcome(outcome)})`
          : expected === undefined
            ? `expected${pass ? ' no' : ''} SMS from the function, got ${show(sms)} (${describeOutcome(outcome)})`
            : `expected${pass ? ' no' : ''} SMS containing ${show(expected)}, got ${show(sms)}`,
    };
  },
};

interface CognitoMatchers<R = unknown> {
  toBeAcceptedByCognito(): R;
  toKeepCognitoDefaultMessage(): R;
  /** A string or RegExp is what the email's text must contain; an object names the parts. */
  toDeliverEmail(expected?: Wanted | EmailExpectation): R;
  toDeliverSms(expected?: Wanted): R;
}

export type { CognitoMatchers };
export { cognitoMatchers, MatcherUsageError };
