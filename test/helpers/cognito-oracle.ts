/**
 * @module test/helpers/cognito-oracle — Cognito's documented constraints on a Custom message response, written out
 * from the AWS documentation and nothing else, to judge what the code under test returns.
 *
 * Sources:
 * - MessageTemplateType (lengths, the subject pattern):
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_MessageTemplateType.html
 * - VerificationMessageTemplateType (the email pattern with `\{####\}`, which is also the pattern Cognito names when it
 *   rejects a Custom message `emailBody`):
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerificationMessageTemplateType.html
 * - Custom message Lambda trigger (must include codeParameter; AdminCreateUser must include usernameParameter too;
 *   "20,000 UTF-8 characters" and "140 UTF-8 characters"):
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
 *
 * How the documentation is read:
 * - The patterns are Java regular expressions, checked against the whole value (Java's `String.matches`). Read as a
 *   search instead, the email pattern would accept any body holding `{####}`, yet Cognito has rejected such bodies
 *   for a no-break space elsewhere in them (aws-amplify/amplify-js#6917).
 * - Java's `\s` is `[ \t\n\x0B\f\r]` and nothing more: no no-break space, no U+2000–U+200A, no U+2028, no U+3000, no
 *   BOM, all of which JavaScript's `\s` takes. So the classes below spell Java's `\s` out instead of writing `\s`.
 * - Lengths are counted in characters, that is Unicode code points, as the trigger's documentation counts them
 *   ("UTF-8 characters"): an emoji is one character, not the two UTF-16 code units of JavaScript's `length`.
 * - `*` inside `[…]` is a literal asterisk in Java, as it is here.
 */

/** A response field Cognito reads from a Custom message trigger. */
type OracleField = 'emailMessage' | 'emailSubject' | 'smsMessage';

/** Which documented constraint a value breaks. */
type OracleRule = 'type' | 'length' | 'pattern' | 'codeParameter' | 'usernameParameter';

interface Violation {
  readonly field: OracleField;
  readonly rule: OracleRule;
  readonly detail: string;
}

/** The parts of a Custom message event the constraints depend on. */
interface OracleInput {
  readonly triggerSource: string;
  readonly request: { readonly codeParameter: string; readonly usernameParameter?: string | null };
  readonly response: { readonly [field in OracleField]?: unknown };
}

/**
 * VerificationMessageTemplateType EmailMessage, the pattern Cognito quotes for a rejected Custom message body:
 * `[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`, anchored, with Java's `\s`
 * (`\v` is U+000B, Java's `\x0B`).
 */
const EMAIL_MESSAGE =
  /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r *]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r *]*$/u;

/** MessageTemplateType EmailSubject: `[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+`, anchored, with Java's `\s`. */
const EMAIL_SUBJECT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r ]+$/u;

/** The placeholder both the email pattern and the SMS constraint name. */
const CODE = '{####}';

/** MessageTemplateType: EmailMessage 6–20000, EmailSubject 1–140, SMSMessage 6–140. */
const LENGTHS: Readonly<Record<OracleField, readonly [min: number, max: number]>> = {
  emailMessage: [6, 20_000],
  emailSubject: [1, 140],
  smsMessage: [6, 140],
};

/** Characters as the documentation counts them: code points (a lone surrogate counts as one). */
const characterCount = (value: string): number => {
  let count = 0;
  for (const _ of value) count++;
  return count;
};

const lengthViolation = (field: OracleField, value: string): Violation[] => {
  const [min, max] = LENGTHS[field];
  const count = characterCount(value);
  return count < min || count > max
    ? [{ field, rule: 'length', detail: `${count} characters, outside ${min}–${max}` }]
    : [];
};

const mustContain = (
  field: OracleField,
  rule: OracleRule,
  value: string,
  placeholder: string,
): Violation[] =>
  value.includes(placeholder)
    ? []
    : [{ field, rule, detail: `does not contain ${JSON.stringify(placeholder)}` }];

/**
 * Every documented constraint the response breaks; an empty list means Cognito accepts it. A field left null or
 * absent is not sent, so it breaks nothing.
 *
 * @example
 * ```ts
 * expect(cognitoViolations(await handler(event))).toEqual([]);
 * ```
 */
const cognitoViolations = (input: OracleInput): Violation[] => {
  const { codeParameter, usernameParameter } = input.request;
  const needsUsername = input.triggerSource === 'CustomMessage_AdminCreateUser' && !!usernameParameter;
  const found: Violation[] = [];
  for (const field of ['emailMessage', 'emailSubject', 'smsMessage'] as const) {
    const value = input.response[field];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      found.push({ field, rule: 'type', detail: `a ${typeof value}, not a string` });
      continue;
    }
    found.push(...lengthViolation(field, value));
    if (field === 'emailMessage' && !EMAIL_MESSAGE.test(value))
      found.push({ field, rule: 'pattern', detail: `does not match ${EMAIL_MESSAGE.source}` });
    if (field === 'emailSubject' && !EMAIL_SUBJECT.test(value))
      found.push({ field, rule: 'pattern', detail: `does not match ${EMAIL_SUBJECT.source}` });
    if (field !== 'emailSubject') {
      found.push(...mustContain(field, 'codeParameter', value, CODE));
      if (codeParameter !== CODE) found.push(...mustContain(field, 'codeParameter', value, codeParameter));
      if (needsUsername)
        found.push(...mustContain(field, 'usernameParameter', value, usernameParameter as string));
    }
  }
  return found;
};

/** The broken constraints as `field:rule`, for assertions that name them. */
const violatedRules = (input: OracleInput): string[] =>
  cognitoViolations(input).map(({ field, rule }) => `${field}:${rule}`);

export type { OracleField, OracleInput, OracleRule, Violation };
export { characterCount, cognitoViolations, LENGTHS, violatedRules };
