/**
 * @module local/operations/user-pool-requests — what the user pool and app client operations share: their members
 * checked as the service checks them, pages of a listing, new ids, and timestamps as the service sends them.
 */
import { randomInt } from 'node:crypto';
import { Exceptions, Messages } from '../../cognito/errors.js';
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
} from '../../cognito/limits.js';
import { type StringConstraint, validationMessage } from '../../cognito/validation.js';

/** A request or a member of one, as the JSON 1.1 body carries it. */
type Json = Readonly<Record<string, unknown>>;

/** A member as an object, or an empty one when it is anything else. */
const asJson = (value: unknown): Json => (value !== null && typeof value === 'object' ? (value as Json) : {});

/** `{ [key]: value }` when the value is there, else nothing: a member a response shows only when it is set. */
const given = (key: string, value: unknown): Json => (value === undefined ? {} : { [key]: value });

const TEXT = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}';

/** String members of these operations (service model cognito-idp 2016-04-18). */
const Members = {
  PoolName: { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+', required: true },
  ClientName: { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+', required: true },
  SchemaName: { min: 1, max: 20, pattern: `${TEXT}]+` },
  Arn: {
    min: 20,
    max: 2048,
    pattern:
      'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
  },
  // The message templates take the limits and patterns Cognito applies to a trigger's messages (cognito/limits.ts).
  SmsMessage: { min: SMS_MESSAGE_MIN_LENGTH, max: SMS_MESSAGE_MAX_LENGTH, pattern: SMS_MESSAGE_PATTERN },
  EmailMessage: {
    min: EMAIL_MESSAGE_MIN_LENGTH,
    max: EMAIL_MESSAGE_MAX_LENGTH,
    pattern: EMAIL_MESSAGE_PATTERN,
  },
  EmailMessageByLink: {
    min: EMAIL_MESSAGE_MIN_LENGTH,
    max: EMAIL_MESSAGE_MAX_LENGTH,
    pattern: `${TEXT}\\s*]*\\{##${TEXT}\\s*]*##\\}${TEXT}\\s*]*`,
  },
  EmailSubject: {
    min: EMAIL_SUBJECT_MIN_LENGTH,
    max: EMAIL_SUBJECT_MAX_LENGTH,
    pattern: EMAIL_SUBJECT_PATTERN,
  },
  NextToken: { min: 1, pattern: '[\\S]+' },
} as const satisfies Record<string, StringConstraint>;

/** Integer members, with their range. */
const Ranges = {
  MaxResults: { min: 1, max: 60 },
  RefreshTokenValidity: { min: 0, max: 315_360_000 },
  AccessTokenValidity: { min: 1, max: 86_400 },
  IdTokenValidity: { min: 1, max: 86_400 },
  AuthSessionValidity: { min: 3, max: 15 },
} as const;

/** Enumerations, in the service model's order (the order Cognito lists them in its messages). */
const Enums = {
  VerifiedAttribute: ['phone_number', 'email'],
  AliasAttribute: ['phone_number', 'email', 'preferred_username'],
  MfaConfiguration: ['OFF', 'ON', 'OPTIONAL'],
  DeletionProtection: ['ACTIVE', 'INACTIVE'],
  UserPoolTier: ['LITE', 'ESSENTIALS', 'PLUS'],
  AttributeDataType: ['String', 'Number', 'DateTime', 'Boolean'],
  DefaultEmailOption: ['CONFIRM_WITH_LINK', 'CONFIRM_WITH_CODE'],
  EmailSendingAccount: ['COGNITO_DEFAULT', 'DEVELOPER'],
  TimeUnit: ['seconds', 'minutes', 'hours', 'days'],
  PreventUserExistenceErrors: ['LEGACY', 'ENABLED'],
  ExplicitAuthFlow: [
    'ADMIN_NO_SRP_AUTH',
    'CUSTOM_AUTH_FLOW_ONLY',
    'USER_PASSWORD_AUTH',
    'ALLOW_ADMIN_USER_PASSWORD_AUTH',
    'ALLOW_CUSTOM_AUTH',
    'ALLOW_USER_PASSWORD_AUTH',
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
    'ALLOW_USER_AUTH',
  ],
} as const;

/** `Value null at '…'`: the clause for a required member left out. */
const missing = (path: string): string =>
  `Value null at '${path}' failed to satisfy constraint: Member must not be null`;

/** The clauses for an integer member outside its range (the minimum form is observed, the maximum by analogy). */
const rangeClauses = (
  path: string,
  value: unknown,
  range: { readonly min: number; readonly max: number },
  required = false,
): string[] => {
  if (value === undefined || value === null) return required ? [missing(path)] : [];
  const number = Number(value);
  if (number < range.min)
    return [
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`,
    ];
  if (number > range.max)
    return [
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`,
    ];
  return [];
};

/** The clause for a value outside an enumeration. */
const enumClauses = (path: string, value: unknown, values: readonly string[]): string[] =>
  value === undefined || value === null || values.includes(String(value))
    ? []
    : [
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
      ];

/** The clause for a list with a member outside an enumeration, the list written as Java writes it ([UNC]). */
const enumListClauses = (path: string, value: unknown, values: readonly string[]): string[] =>
  Array.isArray(value) && value.some((member) => !values.includes(String(member)))
    ? [
        `Value '[${value.join(', ')}]' at '${path}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${values.join(', ')}]]`,
      ]
    : [];

/** Throws InvalidParameterException with Cognito's `N validation errors detected` text when there are clauses. */
const raise = (clauses: readonly string[]): void => {
  const message = validationMessage(clauses);
  if (message !== undefined) throw Exceptions.InvalidParameter(message);
};

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWERCASE_ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyz';
const randomFrom = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A pool id as Cognito makes them: `us-west-2_` and 9 letters and digits. */
const newPoolId = (region: string): string => `${region}_${randomFrom(ALPHANUMERIC, 9)}`;
/** An app client id as Cognito makes them: 26 lowercase letters and digits. */
const newClientId = (): string => randomFrom(LOWERCASE_ALPHANUMERIC, 26);
/** [UNC] a client secret of 51 lowercase letters and digits, the length real secrets have been seen with. */
const newClientSecret = (): string => randomFrom(LOWERCASE_ALPHANUMERIC, 51);

/** A stored timestamp (ISO 8601, as the aws CLI prints them) as the service sends it: epoch seconds. */
const epochSeconds = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const milliseconds = Date.parse(value);
  return Number.isFinite(milliseconds) ? milliseconds / 1000 : value;
};

/** A member with its timestamps as the service sends them. */
const withEpochDates = (value: Json): Json => ({
  ...value,
  ...('CreationDate' in value ? { CreationDate: epochSeconds(value.CreationDate) } : {}),
  ...('LastModifiedDate' in value ? { LastModifiedDate: epochSeconds(value.LastModifiedDate) } : {}),
});

/**
 * One page of a listing, in the order of `keyOf`. The NextToken names the last item given, so that items created or
 * deleted between pages neither repeat nor shift the next page ([UNC]: Cognito's tokens are opaque, and its order is
 * not documented). A token this listing did not give is InvalidParameterException.
 */
const page = <T>(
  listing: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } => {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (nextToken !== undefined) {
    let after: unknown;
    try {
      const token = JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8'));
      after = token?.listing === listing ? token.after : undefined;
    } catch {
      // not a token of this kit
    }
    if (typeof after !== 'string') throw Exceptions.InvalidParameter(Messages.invalidPaginationToken);
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const given = sorted.slice(start, start + maxResults);
  const last = given.at(-1);
  return start + maxResults < sorted.length && last !== undefined
    ? {
        items: given,
        nextToken: Buffer.from(JSON.stringify({ listing, after: keyOf(last) })).toString('base64url'),
      }
    : { items: given };
};

export type { Json };
export {
  asJson,
  Enums,
  enumClauses,
  enumListClauses,
  epochSeconds,
  given,
  Members,
  missing,
  newClientId,
  newClientSecret,
  newPoolId,
  page,
  Ranges,
  raise,
  rangeClauses,
  withEpochDates,
};
