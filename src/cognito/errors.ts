/** @module cognito/errors — the exceptions Cognito answers with, and their exact messages. */

/** An error as the Cognito API returns it: the exception name and its message. */
class CognitoServiceError extends Error {
  /** The exception's name, as in `x-amzn-ErrorType` and the SDK's `error.name`. */
  override readonly name: string;
  /** Every Cognito client error is HTTP 400; InternalErrorException is 500. */
  readonly statusCode: number;
  constructor(name: string, message: string, statusCode = 400) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
  }
}

const error =
  (name: string) =>
  (message: string): CognitoServiceError =>
    new CognitoServiceError(name, message);

/** The exceptions this kit reproduces, each a factory taking Cognito's message. */
const Exceptions = {
  InvalidParameter: error('InvalidParameterException'),
  ResourceNotFound: error('ResourceNotFoundException'),
  UserNotFound: error('UserNotFoundException'),
  NotAuthorized: error('NotAuthorizedException'),
  AliasExists: error('AliasExistsException'),
  InvalidLambdaResponse: error('InvalidLambdaResponseException'),
  UserLambdaValidation: error('UserLambdaValidationException'),
  UnexpectedLambda: error('UnexpectedLambdaException'),
  CodeMismatch: error('CodeMismatchException'),
  ExpiredCode: error('ExpiredCodeException'),
  LimitExceeded: error('LimitExceededException'),
} as const;

/** Cognito's messages, written once. Sources and certainty: docs/cognito-behaviour.md#error-texts. */
const Messages = {
  userPoolNotFound: (userPoolId: string) => `User pool ${userPoolId} does not exist.`,
  userNotFound: 'User does not exist.',
  accessTokenExpired: 'Access Token has expired',
  invalidAccessToken: 'Invalid Access Token',
  /** [UNC] the text for a token without the aws.cognito.signin.user.admin scope. */
  accessTokenScopes: 'Access Token does not have required scopes',
  unauthorizedAttribute: 'A client attempted to write unauthorized attribute',
  incorrectCredentials: 'Incorrect username or password.',
  unknownAttribute: (name: string) => `user.${name}: Attribute does not exist in the schema.\n`,
  attributeCannotBeUpdated: (name: string) => `user.${name}: Attribute cannot be updated.\n`,
  nonMutableSub: 'Cannot modify the non-mutable attribute sub',
  nullAttributeValue: (name: string) => `Attribute value for ${name} must not be null`,
  stringTooShort: (name: string, min: number) =>
    `user.${name}: String must be no shorter than ${min} characters\n`,
  /** [UNC] by analogy with the observed minimum-length text. */
  stringTooLong: (name: string, max: number) =>
    `user.${name}: String must be no longer than ${max} characters\n`,
  invalidEmail: 'Invalid email address format.',
  invalidPhoneNumber: 'Invalid phone number format.',
  /** The phone form is [UNC]: the email form is observed. */
  aliasExists: (attribute: 'email' | 'phone_number') =>
    attribute === 'email'
      ? 'An account with the given email already exists.'
      : 'An account with the given phone_number already exists.',
  unrecognizableLambdaOutput: 'Unrecognizable lambda output',
  lambdaFailed: (trigger: string, message: string) => `${trigger} failed with error ${message}.`,
  lambdaInvocationFailed: (trigger: string, reason: string) =>
    `${trigger} invocation failed due to error ${reason}.`,
  lambdaSocketTimeout: 'Socket timeout while invoking Lambda function',
  /** Observed for ConfirmForgotPassword; the same text for VerifyUserAttribute is [UNC]. */
  codeMismatch: 'Invalid verification code provided, please try again.',
  /** Observed for an expired or superseded code, and for a code never sent. */
  expiredCode: 'Invalid code provided, please request a code again.',
  /** Observed once the wrong-code attempts are used up. */
  attemptLimitExceeded: 'Attempt limit exceeded, please try after some time.',
  /** [UNC] the text when the attribute to verify is not one the user has. */
  noAttributeToVerify: (name: string) =>
    `Invalid attribute name: ${name} is not an email address or phone number the user has.`,
} as const;

export { CognitoServiceError, Exceptions, Messages };
