/** @module cognito/lambda-response — how Cognito judges what a Custom message function returned. */
import { type CognitoServiceError, Exceptions, Messages } from './errors.js';
import {
  EMAIL_MESSAGE_MAX_LENGTH,
  EMAIL_MESSAGE_MIN_LENGTH,
  EMAIL_MESSAGE_PATTERN,
  EMAIL_SUBJECT_MAX_LENGTH,
  EMAIL_SUBJECT_MIN_LENGTH,
  EMAIL_SUBJECT_PATTERN,
  SMS_MESSAGE_MAX_LENGTH,
  SMS_MESSAGE_MIN_LENGTH,
  SMS_MESSAGE_PATTERN,
} from './limits.js';
import {
  type CheckOptions,
  checkCustomMessageResponse,
  errorsOf,
  type Finding,
  type MessageField,
  Rule,
} from './rules.js';
import { validationMessage } from './validation.js';

/** What happened when the function was invoked. */
type Invocation =
  | { readonly kind: 'returned'; readonly value: unknown }
  | { readonly kind: 'threw'; readonly error: { readonly name?: string; readonly message: string } }
  | { readonly kind: 'timeout' };

/** Cognito's decision, in the words the local invoker prints. */
const Verdict = {
  /** The function's message is sent. */
  Accepted: 'accepted',
  /** The function left the response empty: the pool's own message is sent. */
  Unchanged: 'unchanged',
  /** The output is not a message Cognito can use: the API call fails. */
  InvalidResponse: 'invalid-response',
  /** The function threw: UserLambdaValidationException. */
  Threw: 'threw',
  /** The function did not answer within 5 seconds (after Cognito's retries): UnexpectedLambdaException. */
  Timeout: 'timeout',
} as const;
type Verdict = (typeof Verdict)[keyof typeof Verdict];

interface CustomMessageResponse {
  readonly emailMessage: string | null;
  readonly emailSubject: string | null;
  readonly smsMessage: string | null;
}

interface Judgement {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  /** The error the API call returns, for every verdict but accepted and unchanged. */
  readonly error?: CognitoServiceError;
  /** The response Cognito reads, for accepted and unchanged. */
  readonly response?: CustomMessageResponse;
  /** Where the judgement rests on an uncertain reading of Cognito's behaviour, and which. */
  readonly notes: readonly string[];
}

/** The constraint each response field is reported under, as Cognito names it in its validation errors. */
const FIELD_CONSTRAINTS: Readonly<
  Record<MessageField, { path: string; min: number; max: number; pattern: string }>
> = {
  emailMessage: {
    path: 'emailBody',
    min: EMAIL_MESSAGE_MIN_LENGTH,
    max: EMAIL_MESSAGE_MAX_LENGTH,
    pattern: EMAIL_MESSAGE_PATTERN,
  },
  emailSubject: {
    path: 'emailSubject',
    min: EMAIL_SUBJECT_MIN_LENGTH,
    max: EMAIL_SUBJECT_MAX_LENGTH,
    pattern: EMAIL_SUBJECT_PATTERN,
  },
  smsMessage: {
    path: 'smsMessage',
    min: SMS_MESSAGE_MIN_LENGTH,
    max: SMS_MESSAGE_MAX_LENGTH,
    pattern: SMS_MESSAGE_PATTERN,
  },
};

const PATTERN_RULES: readonly string[] = [
  Rule.CharacterPattern,
  Rule.CodePlaceholder,
  Rule.UsernamePlaceholder,
  Rule.ControlCharacters,
];

/** Builds Cognito's InvalidParameterException text for the broken fields of a response. */
const invalidParameterMessage = (
  response: CustomMessageResponse,
  errors: readonly Finding[],
): string | undefined => {
  const clauses: string[] = [];
  for (const field of ['emailMessage', 'emailSubject', 'smsMessage'] as const) {
    const broken = errors.filter((finding) => finding.field === field);
    if (broken.length === 0) continue;
    const { path, min, max, pattern } = FIELD_CONSTRAINTS[field];
    const value = `Value '${response[field]}' at '${path}' failed to satisfy constraint: Member must`;
    if (broken.some((f) => f.rule === Rule.MinLength))
      clauses.push(`${value} have length greater than or equal to ${min}`);
    if (broken.some((f) => f.rule === Rule.MaxLength))
      clauses.push(`${value} have length less than or equal to ${max}`);
    if (broken.some((f) => PATTERN_RULES.includes(f.rule)))
      clauses.push(`${value} satisfy regular expression pattern: ${pattern}`);
  }
  return validationMessage(clauses);
};

const TRIGGER = 'CustomMessage';

/**
 * Judges a Custom message invocation as Cognito does: a thrown error fails the API call with
 * UserLambdaValidationException, a timeout with UnexpectedLambdaException, output that is not the event with
 * InvalidLambdaResponseException, a message that breaks a constraint with InvalidParameterException (Cognito's
 * validation text, as observed for `emailBody`), and an empty response means the pool's own message.
 *
 * @example
 * ```ts
 * const judgement = judgeCustomMessage(event, { kind: 'returned', value: await handler(event) });
 * if (judgement.error) console.error(judgement.error.name, judgement.error.message);
 * ```
 */
const judgeCustomMessage = (
  event: {
    readonly triggerSource: string;
    readonly request: { readonly codeParameter: string; readonly usernameParameter?: string | null };
  },
  invocation: Invocation,
  options: CheckOptions = {},
): Judgement => {
  if (invocation.kind === 'threw')
    return {
      verdict: Verdict.Threw,
      findings: [],
      error: Exceptions.UserLambdaValidation(Messages.lambdaFailed(TRIGGER, invocation.error.message)),
      notes: [
        '[UNC] AWS documents the text "CustomMessage failed with error <message>" but not whether Cognito adds the final "."; the simulator adds it, as in the one text observed (docs/cognito-behaviour.md#failed-trigger)',
      ],
    };
  if (invocation.kind === 'timeout')
    return {
      verdict: Verdict.Timeout,
      findings: [],
      error: Exceptions.UnexpectedLambda(
        Messages.lambdaInvocationFailed(TRIGGER, Messages.lambdaSocketTimeout),
      ),
      notes: [
        'Cognito waits 5 seconds and makes up to three attempts in all; the text is observed for other triggers',
      ],
    };

  const value = invocation.value as { response?: unknown } | null | undefined;
  const responseObject = value !== null && typeof value === 'object' ? value.response : undefined;
  if (responseObject === null || typeof responseObject !== 'object')
    return {
      verdict: Verdict.InvalidResponse,
      findings: [],
      error: Exceptions.InvalidLambdaResponse(Messages.unrecognizableLambdaOutput),
      notes:
        value === null || value === undefined
          ? ['the function returned nothing: it must return the event']
          : ['the function must return the whole event, with its response object'],
    };

  const raw = responseObject as Record<string, unknown>;
  const findings = checkCustomMessageResponse({ ...event, response: raw }, options);
  const errors = errorsOf(findings);
  const notes = findings.filter((f) => f.severity === 'warning').map((f) => f.detail);
  if (errors.some((f) => f.rule === Rule.ResponseType || f.rule === Rule.EmailSendingAccount))
    return {
      verdict: Verdict.InvalidResponse,
      findings,
      error: Exceptions.InvalidLambdaResponse(Messages.unrecognizableLambdaOutput),
      notes: [
        ...notes,
        errors.some((f) => f.rule === Rule.EmailSendingAccount)
          ? '[UNC] AWS documents that Cognito rejects emailMessage and emailSubject unless EmailSendingAccount is DEVELOPER, but real pools have been seen to accept them and the error text is not documented; the simulator rejects them with "Unrecognizable lambda output" (docs/cognito-behaviour.md#email-sending-account)'
          : '[UNC] AWS documents that the function must return the event, not the error text for a response field that is neither a string nor null; the simulator answers InvalidLambdaResponseException "Unrecognizable lambda output", the text observed for unusable output (docs/cognito-behaviour.md#function-output)',
      ],
    };

  const text = (field: MessageField) => (typeof raw[field] === 'string' ? (raw[field] as string) : null);
  const response: CustomMessageResponse = {
    emailMessage: text('emailMessage'),
    emailSubject: text('emailSubject'),
    smsMessage: text('smsMessage'),
  };
  if (errors.length > 0) {
    const message = invalidParameterMessage(response, errors) ?? Messages.unrecognizableLambdaOutput;
    const observed = errors.every((f) => f.field === 'emailMessage');
    return {
      verdict: Verdict.InvalidResponse,
      findings,
      error: Exceptions.InvalidParameter(message),
      notes: observed
        ? notes
        : [
            ...notes,
            '[UNC] AWS documents the length and pattern of smsMessage and emailSubject, not the error text when one is broken; the simulator words it like the InvalidParameterException observed for emailBody (docs/cognito-behaviour.md#function-output)',
          ],
    };
  }
  const empty =
    response.emailMessage === null && response.emailSubject === null && response.smsMessage === null;
  return { verdict: empty ? Verdict.Unchanged : Verdict.Accepted, findings, response, notes };
};

export type { CustomMessageResponse, Invocation, Judgement };
export { judgeCustomMessage, Verdict };
