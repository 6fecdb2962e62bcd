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
  InvalidPassword: error('InvalidPasswordException'),
  UsernameExists: error('UsernameExistsException'),
  UserNotConfirmed: error('UserNotConfirmedException'),
  PasswordResetRequired: error('PasswordResetRequiredException'),
  UnsupportedUserState: error('UnsupportedUserStateException'),
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
  userPoolClientNotFound: (clientId: string) => `User pool client ${clientId} does not exist.`,
  secretHashMissing: (clientId: string) =>
    `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
  secretHashInvalid: (clientId: string) => `Unable to verify secret hash for client ${clientId}`,
  /** A username pool; an email-as-username pool answers with `aliasExists('email')`. */
  usernameExists: 'User already exists',
  /** Observed for AdminCreateUser; the same text for SignUp is [UNC]. */
  usernameShouldBeEmail: 'Username should be an email.',
  usernameShouldBeEmailOrPhone: 'Username should be either an email or a phone number.',
  /** [UNC] by analogy with the email text. */
  usernameShouldBePhone: 'Username should be a phone number.',
  usernameOfEmailFormat: 'Username cannot be of email format, since user pool is configured for email alias.',
  /** Observed for `email`; one clause per attribute, joined by a newline, is [UNC]. */
  requiredAttributes: (names: readonly string[]) =>
    `Attributes did not conform to the schema: ${names.map((name) => `${name}: the attribute is required`).join('\n')}`,
  /** The rule texts other than the symbol and numeric ones are [UNC]. */
  passwordPolicy: (rule: string) => `Password did not conform with policy: ${rule}`,
  cannotConfirm: (status: string) => `User cannot be confirmed. Current status is ${status}`,
  alreadyConfirmed: 'User is already confirmed.',
  /** [UNC] seen in public code; the exception it comes with is not settled. */
  autoVerificationOff: 'Cannot resend codes. Auto verification not turned on.',
  noRecoveryDestination:
    'Cannot reset password for the user as there is no registered/verified email or phone_number',
  cannotResetPassword: 'User password cannot be reset in the current state.',
  userNotConfirmed: 'User is not confirmed.',
  passwordResetRequired: 'Password reset required for the user',
  /** Observed with and without the final period; the period is [UNC]. */
  userDisabled: 'User is disabled.',
  /** A temporary password past TemporaryPasswordValidityDays. */
  userAccountExpired: 'User account has expired, it must be reset by an administrator.',
  /** [UNC] the text for a missing authentication parameter. */
  missingParameter: (name: string) => `Missing required parameter ${name}`,
  /** [UNC] seen in an emulator only. */
  authFlowNotEnabled: (flow: string) => `${flow} flow not enabled for this client`,
  initiateAuthMethodNotSupported: 'Initiate Auth method not supported.',
  /** Observed for a session that is not the one Cognito issued; for an expired one, [UNC]. */
  invalidSession: 'Invalid session for the user.',
  invalidRefreshToken: 'Invalid Refresh Token.',
  refreshTokenRevoked: 'Refresh Token has been revoked',
  /** [UNC] seen on troubleshooting pages, not in a captured response. */
  refreshTokenExpired: 'Refresh Token has expired',
  accessTokenRevoked: 'Access Token has been revoked',
  /** AdminCreateUser's text for a username that is taken. */
  userAccountExists: 'User account already exists',
  /** AdminCreateUser's wording of a broken password rule (observed for the numeric rule). */
  temporaryPasswordPolicy: (rule: string) => `Password did not conform with password policy: ${rule}`,
  /** [UNC] RespondToAuthChallenge's wording, seen in an application's tests. */
  newPasswordPolicy: (rule: string) => `Password does not conform to policy: ${rule}`,
  /** AdminCreateUser's text for an attribute outside the schema. */
  attributeTypeUnknown: (name: string) =>
    `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
  /** A required attribute left out of the NEW_PASSWORD_REQUIRED answer. */
  requiredAttributeMissing: (name: string) => `Invalid attributes given, ${name} is missing`,
  /** A required attribute that has a value, sent again in the NEW_PASSWORD_REQUIRED answer (observed for email). */
  attributeAlreadyProvided: (name: string) => `Cannot modify an already provided ${name}`,
  /** [UNC] the text for MessageAction RESEND to a user who has left FORCE_CHANGE_PASSWORD. */
  resendNotPossible: (status: string) =>
    `Resend not possible. The user's status is ${status}, not FORCE_CHANGE_PASSWORD.`,
  filterParse: 'Error while parsing filter.',
  /** [UNC] observed for a ListUsers call with AttributesToGet; the cause Cognito had is not settled. */
  inputConstraints: 'Input fails to satisfy the constraints.',
  /** [UNC] the text for a pagination token that is not one Cognito issued, or has expired. */
  invalidPaginationToken: 'Invalid pagination token.',
  /** AdminCreateUser asked to deliver by a medium the user has no attribute for (the SMS form is [UNC]). */
  noDeliveryDestination: (medium: 'EMAIL' | 'SMS') =>
    medium === 'EMAIL'
      ? 'No email provided but desired delivery medium was Email'
      : 'No phone_number provided but desired delivery medium was SMS',
  /** DeleteUserPool on a pool whose DeletionProtection is ACTIVE. */
  deletionProtectionActive:
    'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
  attributesRequireVerification:
    'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
  /** [UNC] the documented rule (a pool has aliases or username attributes, not both); the text is not observed. */
  aliasAndUsernameAttributes: 'Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.',
  /** [UNC] the texts for a Schema entry Cognito refuses, from the moto emulator. */
  standardAttributeChanged: (name: string) =>
    `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`,
  customAttributeDataType:
    'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
  requiredCustomAttribute: 'Required custom attributes are not supported currently.',
  /** An app client's ReadAttributes or WriteAttributes naming what the pool lacks; the read form is [UNC]. */
  invalidClientAttributes: (kind: 'read' | 'write', doing: 'creating' | 'updating') =>
    `Invalid ${kind} attributes specified while ${doing} a client`,
  /** A token validity outside its range (access and ID tokens 5 minutes to 1 day, refresh 1 hour to 10 years). */
  tokenValidityRange: 'Invalid range for token validity',
} as const;

export { CognitoServiceError, Exceptions, Messages };
