/** @module cognito/rules — what Cognito accepts from a Custom message trigger, as precise findings. */
import { type CharacterPosition, findCharacters } from './characters.js';
import {
  CONTROL_CHARACTER,
  EMAIL_MESSAGE_MAX_LENGTH,
  EMAIL_MESSAGE_MIN_LENGTH,
  EMAIL_MESSAGE_PATTERN,
  EMAIL_SUBJECT_MAX_LENGTH,
  EMAIL_SUBJECT_MIN_LENGTH,
  EMAIL_SUBJECT_PATTERN,
  emailMessageForbidden,
  emailSubjectForbidden,
  SMS_MESSAGE_MAX_LENGTH,
  SMS_MESSAGE_MIN_LENGTH,
  UNCOMMON_CHARACTER,
} from './limits.js';
import { CustomMessageTriggerSource } from './trigger-sources.js';

/** The rules a Custom message response is checked against. */
const Rule = {
  /** A response field is neither a string nor null. */
  ResponseType: 'response-type',
  /** The email body or SMS lacks the event's `codeParameter`. */
  CodePlaceholder: 'code-placeholder',
  /** An AdminCreateUser invitation lacks the event's `usernameParameter`. */
  UsernamePlaceholder: 'username-placeholder',
  MinLength: 'min-length',
  MaxLength: 'max-length',
  /** A character outside the field's pattern, such as a no-break space in an email body. */
  CharacterPattern: 'character-pattern',
  /** A control character (CR, LF, tab, …) in the subject line. */
  ControlCharacters: 'control-characters',
  /** Cognito uses emailMessage and emailSubject only when the pool sends email through Amazon SES. */
  EmailSendingAccount: 'email-sending-account',
  /** Cognito does not replace placeholders in the subject, so the user would see `{####}` literally. */
  PlaceholderInSubject: 'placeholder-in-subject',
} as const;
type Rule = (typeof Rule)[keyof typeof Rule];

/** The response fields of a Custom message trigger. */
type MessageField = 'emailMessage' | 'emailSubject' | 'smsMessage';

/**
 * `error`: Cognito rejects the response, or the user would get a broken message.
 * `warning`: Cognito accepts it, but something is likely not what the author meant.
 */
type Severity = 'error' | 'warning';

/** One broken rule: which, where, and what exactly. Details never quote message content. */
interface Finding {
  readonly rule: Rule;
  readonly field: MessageField;
  readonly severity: Severity;
  readonly detail: string;
  /** For pattern findings: the offending characters (at most 10), the first one first. */
  readonly positions?: readonly CharacterPosition[];
}

/** Where the pool sends email from: `EmailConfiguration.EmailSendingAccount` in DescribeUserPool. */
type EmailSendingAccount = 'COGNITO_DEFAULT' | 'DEVELOPER';

interface CheckOptions {
  /**
   * The pool's EmailSendingAccount. When `COGNITO_DEFAULT`, the documented rule applies: Cognito answers a
   * returned emailMessage or emailSubject with InvalidLambdaResponseException. Real pools have been seen to accept
   * them, so the rule is only checked when this is set (default: not checked).
   */
  readonly emailSendingAccount?: EmailSendingAccount;
}

/** The parts of a Custom message event the rules read: the placeholders, and the response to judge. */
interface CheckInput {
  readonly triggerSource: string;
  readonly request: { readonly codeParameter: string; readonly usernameParameter?: string | null };
  readonly response: {
    readonly emailMessage?: unknown;
    readonly emailSubject?: unknown;
    readonly smsMessage?: unknown;
  };
}

const finding = (
  rule: Rule,
  field: MessageField,
  detail: string,
  severity: Severity = 'error',
  positions?: readonly CharacterPosition[],
): Finding =>
  positions === undefined ? { rule, field, severity, detail } : { rule, field, severity, detail, positions };

const checkLength = (field: MessageField, value: string, min: number, max: number): Finding[] => {
  if (value.length < min)
    return [
      finding(
        Rule.MinLength,
        field,
        `${field} is ${value.length} characters; Cognito requires at least ${min}`,
      ),
    ];
  if (value.length > max)
    return [
      finding(Rule.MaxLength, field, `${field} is ${value.length} characters; Cognito allows at most ${max}`),
    ];
  return [];
};

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');
const NO_CHARACTERS = { positions: [], count: 0 } as const;

const checkPattern = (
  field: MessageField,
  value: string,
  forbidden: () => RegExp,
  pattern: string,
): Finding[] => {
  if (!UNCOMMON_CHARACTER.test(value)) return [];
  const { positions, count } = findCharacters(value, forbidden());
  const first = positions[0];
  if (first === undefined) return [];
  const more = count > 1 ? ` (and ${count - 1} more)` : '';
  return [
    finding(
      Rule.CharacterPattern,
      field,
      `${first.codePoint} ${first.description} at index ${first.index} (line ${first.line}, column ${first.column})${more} is outside Cognito's pattern ${pattern}`,
      'error',
      positions,
    ),
  ];
};

const checkPlaceholder = (
  rule: Rule,
  field: MessageField,
  value: string,
  placeholder: string,
  name: string,
) =>
  value.includes(placeholder)
    ? []
    : [
        finding(
          rule,
          field,
          `${field} must contain the ${name} ${JSON.stringify(placeholder)} from the event`,
        ),
      ];

/**
 * Checks a Custom message trigger's response against Cognito's rules and returns every finding.
 * An empty list means Cognito accepts the response; a response left all null is Cognito's own message.
 *
 * Lengths are counted in UTF-16 code units, as Cognito's Java service counts them; the placeholders are counted
 * as written, since Cognito checks the response before it replaces them.
 *
 * @example
 * ```ts
 * const findings = checkCustomMessageResponse(event, { emailSendingAccount: 'DEVELOPER' });
 * const errors = findings.filter((f) => f.severity === 'error');
 * ```
 */
const checkCustomMessageResponse = (input: CheckInput, options: CheckOptions = {}): Finding[] => {
  const { codeParameter } = input.request;
  const usernameParameter =
    input.triggerSource === CustomMessageTriggerSource.AdminCreateUser
      ? input.request.usernameParameter
      : undefined;
  const findings: Finding[] = [];
  const response = input.response ?? {};

  for (const field of ['emailMessage', 'emailSubject', 'smsMessage'] as const) {
    const value = response[field];
    if (value !== null && value !== undefined && typeof value !== 'string')
      findings.push(
        finding(Rule.ResponseType, field, `${field} must be a string or null, not ${typeof value}`),
      );
  }
  const text = (field: MessageField): string | undefined => {
    const value = response[field];
    return typeof value === 'string' ? value : undefined;
  };

  const email = text('emailMessage');
  if (email !== undefined) {
    findings.push(...checkLength('emailMessage', email, EMAIL_MESSAGE_MIN_LENGTH, EMAIL_MESSAGE_MAX_LENGTH));
    findings.push(
      ...checkPlaceholder(Rule.CodePlaceholder, 'emailMessage', email, codeParameter, 'codeParameter'),
    );
    if (usernameParameter)
      findings.push(
        ...checkPlaceholder(
          Rule.UsernamePlaceholder,
          'emailMessage',
          email,
          usernameParameter,
          'usernameParameter',
        ),
      );
    findings.push(...checkPattern('emailMessage', email, emailMessageForbidden, EMAIL_MESSAGE_PATTERN));
  }

  const subject = text('emailSubject');
  if (subject !== undefined) {
    findings.push(
      ...checkLength('emailSubject', subject, EMAIL_SUBJECT_MIN_LENGTH, EMAIL_SUBJECT_MAX_LENGTH),
    );
    const controls = CONTROL_CHARACTER.test(subject)
      ? findCharacters(subject, CONTROL_CHARACTERS)
      : NO_CHARACTERS;
    const firstControl = controls.positions[0];
    if (firstControl !== undefined)
      findings.push(
        finding(
          Rule.ControlCharacters,
          'emailSubject',
          `emailSubject contains ${controls.count} control character(s), the first ${firstControl.codePoint} ${firstControl.description} at index ${firstControl.index}`,
          'error',
          controls.positions,
        ),
      );
    else
      findings.push(...checkPattern('emailSubject', subject, emailSubjectForbidden, EMAIL_SUBJECT_PATTERN));
    for (const placeholder of [codeParameter, usernameParameter])
      if (placeholder && subject.includes(placeholder))
        findings.push(
          finding(
            Rule.PlaceholderInSubject,
            'emailSubject',
            `Cognito does not replace ${JSON.stringify(placeholder)} in the subject; the user would see it as written`,
            'warning',
          ),
        );
  }

  const sms = text('smsMessage');
  if (sms !== undefined) {
    findings.push(...checkLength('smsMessage', sms, SMS_MESSAGE_MIN_LENGTH, SMS_MESSAGE_MAX_LENGTH));
    findings.push(
      ...checkPlaceholder(Rule.CodePlaceholder, 'smsMessage', sms, codeParameter, 'codeParameter'),
    );
    if (usernameParameter)
      findings.push(
        ...checkPlaceholder(
          Rule.UsernamePlaceholder,
          'smsMessage',
          sms,
          usernameParameter,
          'usernameParameter',
        ),
      );
  }

  if (options.emailSendingAccount === 'COGNITO_DEFAULT')
    for (const field of ['emailMessage', 'emailSubject'] as const)
      if (text(field) !== undefined)
        findings.push(
          finding(
            Rule.EmailSendingAccount,
            field,
            `Cognito can use the ${field} parameter only if the EmailSendingAccount attribute of the user pool is DEVELOPER`,
          ),
        );

  return findings;
};

/** The findings Cognito would reject the response for, or that would break the user's message. */
const errorsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'error');

export type { CheckInput, CheckOptions, EmailSendingAccount, Finding, MessageField, Severity };
export { checkCustomMessageResponse, errorsOf, Rule };
