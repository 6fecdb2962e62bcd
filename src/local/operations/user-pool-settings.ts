/**
 * @module local/operations/user-pool-settings — what a user pool is made of when CreateUserPool and UpdateUserPool
 * leave members out: the service's defaults, the standard attributes, and the checks on the members they share.
 * Sources and certainty: docs/cognito-behaviour.md#user-pools-and-app-clients.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { DEFAULT_PASSWORD_POLICY, TEMPORARY_PASSWORD_VALIDITY_DAYS } from '../../cognito/limits.js';
import { violations } from '../../cognito/validation.js';
import { COGNITO_DEFAULT_INVITATION, COGNITO_DEFAULT_MESSAGE } from '../compose.js';
import { type SchemaAttribute, STANDARD_ATTRIBUTES } from '../pool.js';
import {
  asJson,
  Enums,
  enumClauses,
  enumListClauses,
  given,
  type Json,
  Members,
  rangeClauses,
} from './user-pool-requests.js';

/**
 * The standard attributes of a new pool, in the order DescribeUserPool lists them, with `birthdate` at 10 characters
 * and `updated_at` from 0, as the aws CLI's create-user-pool example shows them.
 */
const NEW_POOL_STANDARD_ATTRIBUTES: readonly SchemaAttribute[] = (() => {
  const named = (name: string) => STANDARD_ATTRIBUTES.find((standard) => standard.Name === name);
  // The standard attributes' order, each `_verified` flag right after its attribute and `updated_at` last.
  const ordered = STANDARD_ATTRIBUTES.filter(
    ({ Name }) => !Name.endsWith('_verified') && Name !== 'updated_at',
  ).flatMap((attribute) => [attribute, named(`${attribute.Name}_verified`) ?? []].flat());
  return [...ordered, named('updated_at') as SchemaAttribute].map((attribute) => {
    if (attribute.Name === 'birthdate')
      return { ...attribute, StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } };
    if (attribute.Name === 'updated_at')
      return { ...attribute, NumberAttributeConstraints: { MinValue: '0' } };
    return attribute;
  });
})();

/** The members UpdateUserPool sets again from the request, each to its default when the request leaves it out. */
const RESET_BY_UPDATE = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
] as const;

/** The trigger members of LambdaConfig that hold a function ARN. */
const LAMBDA_ARNS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
  'UserMigration',
  'KMSKeyID',
] as const;

const camel = (name: string): string => `${name[0]?.toLowerCase() ?? ''}${name.slice(1)}`;

/** The clauses of the members CreateUserPool and UpdateUserPool share. */
const settingsClauses = (request: Json): string[] => {
  const template = asJson(request.VerificationMessageTemplate);
  const password = asJson(asJson(request.Policies).PasswordPolicy);
  const lambda = asJson(request.LambdaConfig);
  return [
    ...rangeClauses('policies.passwordPolicy.minimumLength', password.MinimumLength, { min: 6, max: 99 }),
    ...rangeClauses('policies.passwordPolicy.passwordHistorySize', password.PasswordHistorySize, {
      min: 0,
      max: 24,
    }),
    ...rangeClauses(
      'policies.passwordPolicy.temporaryPasswordValidityDays',
      password.TemporaryPasswordValidityDays,
      {
        min: 0,
        max: 365,
      },
    ),
    ...enumClauses('deletionProtection', request.DeletionProtection, Enums.DeletionProtection),
    ...LAMBDA_ARNS.flatMap((name) => violations(`lambdaConfig.${camel(name)}`, lambda[name], Members.Arn)),
    ...enumListClauses('autoVerifiedAttributes', request.AutoVerifiedAttributes, Enums.VerifiedAttribute),
    ...violations('smsVerificationMessage', request.SmsVerificationMessage, Members.SmsMessage),
    ...violations('emailVerificationMessage', request.EmailVerificationMessage, Members.EmailMessage),
    ...violations('emailVerificationSubject', request.EmailVerificationSubject, Members.EmailSubject),
    ...violations('verificationMessageTemplate.smsMessage', template.SmsMessage, Members.SmsMessage),
    ...violations('verificationMessageTemplate.emailMessage', template.EmailMessage, Members.EmailMessage),
    ...violations('verificationMessageTemplate.emailSubject', template.EmailSubject, Members.EmailSubject),
    ...violations(
      'verificationMessageTemplate.emailMessageByLink',
      template.EmailMessageByLink,
      Members.EmailMessageByLink,
    ),
    ...violations(
      'verificationMessageTemplate.emailSubjectByLink',
      template.EmailSubjectByLink,
      Members.EmailSubject,
    ),
    ...enumClauses(
      'verificationMessageTemplate.defaultEmailOption',
      template.DefaultEmailOption,
      Enums.DefaultEmailOption,
    ),
    ...violations('smsAuthenticationMessage', request.SmsAuthenticationMessage, Members.SmsMessage),
    ...enumListClauses(
      'userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdate',
      asJson(request.UserAttributeUpdateSettings).AttributesRequireVerificationBeforeUpdate,
      Enums.VerifiedAttribute,
    ),
    ...enumClauses('mfaConfiguration', request.MfaConfiguration, Enums.MfaConfiguration),
    ...enumClauses(
      'emailConfiguration.emailSendingAccount',
      asJson(request.EmailConfiguration).EmailSendingAccount,
      Enums.EmailSendingAccount,
    ),
    ...enumClauses('userPoolTier', request.UserPoolTier, Enums.UserPoolTier),
  ];
};

/** The members UpdateUserPool resets, as a request gives them or as they default. */
const settingsOf = (request: Json): Json => {
  const template = asJson(request.VerificationMessageTemplate);
  const verification = {
    // The template wins over the older top-level members, which are kept in step with it ([UNC]).
    SmsMessage: template.SmsMessage ?? request.SmsVerificationMessage ?? COGNITO_DEFAULT_MESSAGE.sms,
    EmailMessage: template.EmailMessage ?? request.EmailVerificationMessage ?? COGNITO_DEFAULT_MESSAGE.email,
    EmailSubject:
      template.EmailSubject ?? request.EmailVerificationSubject ?? COGNITO_DEFAULT_MESSAGE.subject,
    ...given('EmailMessageByLink', template.EmailMessageByLink),
    ...given('EmailSubjectByLink', template.EmailSubjectByLink),
    DefaultEmailOption: template.DefaultEmailOption ?? 'CONFIRM_WITH_CODE',
  };
  const policies = asJson(request.Policies);
  const password =
    policies.PasswordPolicy === undefined
      ? (DEFAULT_PASSWORD_POLICY as Json)
      : asJson(policies.PasswordPolicy);
  const adminCreateUser = asJson(request.AdminCreateUserConfig);
  return {
    Policies: {
      ...policies,
      // "If you submit a value of 0, Amazon Cognito treats it as a null value and sets it to its default value."
      PasswordPolicy: {
        ...password,
        TemporaryPasswordValidityDays:
          password.TemporaryPasswordValidityDays || TEMPORARY_PASSWORD_VALIDITY_DAYS,
      },
    },
    DeletionProtection: request.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: request.LambdaConfig ?? {},
    ...given('AutoVerifiedAttributes', request.AutoVerifiedAttributes),
    SmsVerificationMessage: verification.SmsMessage,
    EmailVerificationMessage: verification.EmailMessage,
    EmailVerificationSubject: verification.EmailSubject,
    VerificationMessageTemplate: verification,
    ...given('SmsAuthenticationMessage', request.SmsAuthenticationMessage),
    MfaConfiguration: request.MfaConfiguration ?? 'OFF',
    ...given('DeviceConfiguration', request.DeviceConfiguration),
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT', ...asJson(request.EmailConfiguration) },
    ...given('SmsConfiguration', request.SmsConfiguration),
    ...given('UserPoolTags', request.UserPoolTags),
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: TEMPORARY_PASSWORD_VALIDITY_DAYS,
      ...adminCreateUser,
      InviteMessageTemplate: {
        SMSMessage: COGNITO_DEFAULT_INVITATION.sms,
        EmailMessage: COGNITO_DEFAULT_INVITATION.email,
        EmailSubject: COGNITO_DEFAULT_INVITATION.subject,
        ...asJson(adminCreateUser.InviteMessageTemplate),
      },
    },
    ...given('UserPoolAddOns', request.UserPoolAddOns),
    ...given('AccountRecoverySetting', request.AccountRecoverySetting),
  };
};

/**
 * The pool's schema: the standard attributes, with the changes the request's Schema makes to them, then its custom
 * attributes as `custom:<name>` (`dev:custom:<name>` when developer-only, as the kit's pool files have them [UNC]).
 */
const schemaOf = (schema: unknown): SchemaAttribute[] => {
  const requested = Array.isArray(schema) ? (schema as Json[]) : [];
  const isStandard = (name: unknown) => NEW_POOL_STANDARD_ATTRIBUTES.some((a) => a.Name === name);
  const standard = NEW_POOL_STANDARD_ATTRIBUTES.map((attribute) => {
    const change = requested.find((entry) => entry.Name === attribute.Name);
    if (!change) return attribute;
    if (
      (change.AttributeDataType !== undefined && change.AttributeDataType !== attribute.AttributeDataType) ||
      change.DeveloperOnlyAttribute === true
    )
      throw Exceptions.InvalidParameter(Messages.standardAttributeChanged(attribute.Name));
    return {
      ...attribute,
      ...given('Mutable', change.Mutable),
      ...given('Required', change.Required),
      ...given('StringAttributeConstraints', change.StringAttributeConstraints),
      ...given('NumberAttributeConstraints', change.NumberAttributeConstraints),
    } as SchemaAttribute;
  });
  const custom = requested
    .filter((entry) => !isStandard(entry.Name))
    .map((entry) => {
      if (entry.AttributeDataType === undefined)
        throw Exceptions.InvalidParameter(Messages.customAttributeDataType);
      if (entry.Required === true) throw Exceptions.InvalidParameter(Messages.requiredCustomAttribute);
      const type = entry.AttributeDataType as SchemaAttribute['AttributeDataType'];
      return {
        Name: `${entry.DeveloperOnlyAttribute === true ? 'dev:' : ''}custom:${entry.Name}`,
        AttributeDataType: type,
        DeveloperOnlyAttribute: entry.DeveloperOnlyAttribute === true,
        Mutable: entry.Mutable !== false,
        Required: false,
        ...(type === 'String' ? { StringAttributeConstraints: entry.StringAttributeConstraints ?? {} } : {}),
        ...(type === 'Number' ? { NumberAttributeConstraints: entry.NumberAttributeConstraints ?? {} } : {}),
      } as SchemaAttribute;
    });
  return [...standard, ...custom];
};

/** Every attribute that must be verified before an update has to be one the pool verifies. */
const checkUpdateSettings = (pool: Json): void => {
  const required = asJson(pool.UserAttributeUpdateSettings).AttributesRequireVerificationBeforeUpdate;
  const verified = (pool.AutoVerifiedAttributes ?? []) as readonly string[];
  if (Array.isArray(required) && required.some((name) => !verified.includes(name)))
    throw Exceptions.InvalidParameter(Messages.attributesRequireVerification);
};

export { checkUpdateSettings, RESET_BY_UPDATE, schemaOf, settingsClauses, settingsOf };
