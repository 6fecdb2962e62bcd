/** @module cognito/limits — Cognito's documented limits on Custom message responses, each written once. */

/** emailMessage: "maximum length … 20,000 UTF-8 characters … includes the verification code" (MessageTemplateType). */
const EMAIL_MESSAGE_MAX_LENGTH = 20_000;
/** emailMessage: minimum length in MessageTemplateType. */
const EMAIL_MESSAGE_MIN_LENGTH = 6;
/** emailSubject: MessageTemplateType allows 1–140 characters. */
const EMAIL_SUBJECT_MAX_LENGTH = 140;
const EMAIL_SUBJECT_MIN_LENGTH = 1;
/** smsMessage: "maximum length … 140 UTF-8 characters … includes the verification code". */
const SMS_MESSAGE_MAX_LENGTH = 140;
const SMS_MESSAGE_MIN_LENGTH = 6;

/** Cognito waits this long for a synchronous trigger, and the limit can't be changed. */
const TRIGGER_TIMEOUT_MS = 5_000;

/** An attribute verification code holds for 24 hours (Cognito's code security quotas). */
const ATTRIBUTE_CODE_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** A sign-up confirmation code (or link) holds for 24 hours, and the time can't be changed. */
const SIGN_UP_CODE_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** A password-reset code (ForgotPassword, AdminResetUserPassword) holds for one hour. */
const PASSWORD_RESET_CODE_VALIDITY_MS = 60 * 60 * 1000;

/** The characters a password policy's RequireSymbols counts: the documented set, and the space. */
const PASSWORD_SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/**
 * The password policy of a pool created without `Policies`: 8 characters and every character class ([UNC]: moto's
 * copy of the default; the pool files the kit reads normally carry their own).
 */
const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
} as const;

/** A phone number as the attribute takes it: `+`, then 4 to 15 digits ([UNC]: the real check is loose). */
const PHONE_NUMBER = /^\+[0-9]{4,15}$/;

/** An AdminCreateUser temporary password holds this many days when the pool's policy sets none (or 0). */
const TEMPORARY_PASSWORD_VALIDITY_DAYS = 7;

/** A challenge `Session` holds this many minutes when the app client sets no AuthSessionValidity (range 3–15). */
const AUTH_SESSION_VALIDITY_MINUTES = 3;

/** ListUsers returns at most this many users a page (`Limit` 0–60). */
const LIST_USERS_MAX_LIMIT = 60;

/** ListUsers' `Filter` is at most this long. */
const LIST_USERS_FILTER_MAX_LENGTH = 256;

/** A ListUsers pagination token expires after an hour. */
const PAGINATION_TOKEN_VALIDITY_MS = 60 * 60 * 1000;

/**
 * Wrong codes accepted before LimitExceededException. Cognito does not publish the number ([UNC]); five is the
 * smallest hourly quota it documents for the code operations.
 */
const WRONG_CODE_LIMIT = 5;

/**
 * Lambda's quota on a synchronous invocation's response: 6 MB, enforced as 6,291,556 bytes of JSON, the figure its
 * `Function.ResponseSizeTooLarge` error names ([OBS] in the runtime's error text).
 */
const LAMBDA_RESPONSE_MAX_BYTES = 6_291_556;

/**
 * An email address as Cognito accepts it in the `email` attribute: Cognito documents no rule, so this is the loose
 * shape known to be accepted ([UNC]); the kit checks brand addresses with the same one.
 */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** ClientMetadata keys and values may each be up to this long (AdminUpdateUserAttributes, UpdateUserAttributes). */
const CLIENT_METADATA_VALUE_MAX_LENGTH = 131_072;

/** The characters Cognito's email body pattern allows, as a regular expression class (Java's `\s` is `[ \t\n\x0B\f\r]`). */
const EMAIL_MESSAGE_CLASS = '\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\v\\f\\r *';
/** The characters Cognito's subject pattern allows. */
const EMAIL_SUBJECT_CLASS = '\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\v\\f\\r ';

/**
 * The pattern Cognito applies to a Custom message `emailMessage` (Java regular expression, as Cognito prints it in
 * its `InvalidParameterException`).
 */
const EMAIL_MESSAGE_PATTERN =
  '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*';
/** The pattern Cognito applies to a Custom message `smsMessage` and a pool's SMS templates: the code placeholder. */
const SMS_MESSAGE_PATTERN = '.*\\{####\\}.*';
/** The pattern Cognito applies to `emailSubject` (MessageTemplateType). */
const EMAIL_SUBJECT_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+';

/*
 * V8 expands a Unicode property class when it parses the expression, about a millisecond each: at import time for a
 * literal. These are built on first use, and most text never needs them: a character from the common range below is
 * inside both patterns, which a plain, cheap expression can tell.
 */
const lazyRegExp = (source: string, flags: string): (() => RegExp) => {
  let regExp: RegExp | undefined;
  return () => {
    regExp ??= new RegExp(source, flags);
    return regExp;
  };
};

/**
 * Matches any character outside the common range that both patterns allow without a Unicode lookup: printable ASCII,
 * Java's whitespace, and U+00A1–U+02FF (Latin-1 to IPA letters and symbols) less the soft hyphen U+00AD.
 */
const UNCOMMON_CHARACTER = /[^\t\n\v\f\r\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff]/;

/** Every character not allowed in an email body (global). */
const emailMessageForbidden = lazyRegExp(`[^${EMAIL_MESSAGE_CLASS}]`, 'gu');
/** Every character not allowed in a subject by {@link EMAIL_SUBJECT_PATTERN} (global). */
const emailSubjectForbidden = lazyRegExp(`[^${EMAIL_SUBJECT_CLASS}]`, 'gu');
/** A control character (C0, DEL or C1), which a subject line must not carry even where the pattern lets it through. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/;

export {
  ATTRIBUTE_CODE_VALIDITY_MS,
  AUTH_SESSION_VALIDITY_MINUTES,
  CLIENT_METADATA_VALUE_MAX_LENGTH,
  CONTROL_CHARACTER,
  DEFAULT_PASSWORD_POLICY,
  EMAIL_ADDRESS,
  EMAIL_MESSAGE_CLASS,
  EMAIL_MESSAGE_MAX_LENGTH,
  EMAIL_MESSAGE_MIN_LENGTH,
  EMAIL_MESSAGE_PATTERN,
  EMAIL_SUBJECT_CLASS,
  EMAIL_SUBJECT_MAX_LENGTH,
  EMAIL_SUBJECT_MIN_LENGTH,
  EMAIL_SUBJECT_PATTERN,
  emailMessageForbidden,
  emailSubjectForbidden,
  LAMBDA_RESPONSE_MAX_BYTES,
  LIST_USERS_FILTER_MAX_LENGTH,
  LIST_USERS_MAX_LIMIT,
  lazyRegExp,
  PAGINATION_TOKEN_VALIDITY_MS,
  PASSWORD_RESET_CODE_VALIDITY_MS,
  PASSWORD_SYMBOLS,
  PHONE_NUMBER,
  SIGN_UP_CODE_VALIDITY_MS,
  SMS_MESSAGE_MAX_LENGTH,
  SMS_MESSAGE_MIN_LENGTH,
  SMS_MESSAGE_PATTERN,
  TEMPORARY_PASSWORD_VALIDITY_DAYS,
  TRIGGER_TIMEOUT_MS,
  UNCOMMON_CHARACTER,
  WRONG_CODE_LIMIT,
};
