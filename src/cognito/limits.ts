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

/** ClientMetadata keys and values may each be up to this long (AdminUpdateUserAttributes, UpdateUserAttributes). */
const CLIENT_METADATA_VALUE_MAX_LENGTH = 131_072;

/**
 * The pattern Cognito applies to a Custom message `emailMessage` (Java regular expression, as Cognito prints it in
 * its `InvalidParameterException`). Java's `\s` is `[ \t\n\x0B\f\r]` only.
 */
const EMAIL_MESSAGE_PATTERN =
  '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*';
/** The pattern Cognito applies to `emailSubject` (MessageTemplateType). */
const EMAIL_SUBJECT_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+';

/** One character allowed in an email body: the JavaScript form of the class in {@link EMAIL_MESSAGE_PATTERN}. */
const EMAIL_MESSAGE_CHARACTER = /[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r *]/u;
/** Every character not allowed in an email body. */
const EMAIL_MESSAGE_FORBIDDEN = /[^\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r *]/gu;
/** Every character not allowed in a subject by {@link EMAIL_SUBJECT_PATTERN}. */
const EMAIL_SUBJECT_FORBIDDEN = /[^\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r ]/gu;
/** Control characters, which a subject line must not carry even where the pattern lets them through. */
const CONTROL_CHARACTERS = /\p{Cc}/gu;

export {
  CLIENT_METADATA_VALUE_MAX_LENGTH,
  CONTROL_CHARACTERS,
  EMAIL_MESSAGE_CHARACTER,
  EMAIL_MESSAGE_FORBIDDEN,
  EMAIL_MESSAGE_MAX_LENGTH,
  EMAIL_MESSAGE_MIN_LENGTH,
  EMAIL_MESSAGE_PATTERN,
  EMAIL_SUBJECT_FORBIDDEN,
  EMAIL_SUBJECT_MAX_LENGTH,
  EMAIL_SUBJECT_MIN_LENGTH,
  EMAIL_SUBJECT_PATTERN,
  SMS_MESSAGE_MAX_LENGTH,
  SMS_MESSAGE_MIN_LENGTH,
  TRIGGER_TIMEOUT_MS,
};
