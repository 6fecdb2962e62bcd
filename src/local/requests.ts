/** @module local/requests — the requests of the reproduced operations, validated as the service validates them. */
import { Constraints, violations } from '../cognito/validation.js';
import { adminUserClauses, metadataClauses, raise } from './client-requests.js';
import type { AttributeType } from './pool.js';

interface AdminUpdateUserAttributesRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly UserAttributes: readonly AttributeType[];
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface UpdateUserAttributesRequest {
  readonly AccessToken: string;
  readonly UserAttributes: readonly AttributeType[];
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface AdminGetUserRequest {
  readonly UserPoolId: string;
  readonly Username: string;
}

interface AdminInitiateAuthRequest {
  readonly UserPoolId: string;
  readonly ClientId: string;
  readonly AuthFlow: string;
  readonly AuthParameters?: Readonly<Record<string, string>>;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface GetUserRequest {
  readonly AccessToken: string;
}

interface GetUserAttributeVerificationCodeRequest {
  readonly AccessToken: string;
  readonly AttributeName: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface VerifyUserAttributeRequest {
  readonly AccessToken: string;
  readonly AttributeName: string;
  readonly Code: string;
}

const attributeClauses = (attributes: unknown): string[] => {
  if (attributes === undefined || attributes === null)
    return ["Value null at 'userAttributes' failed to satisfy constraint: Member must not be null"];
  if (!Array.isArray(attributes)) return [];
  return attributes.flatMap((attribute: Partial<AttributeType> | null, index) => [
    ...violations(`userAttributes.${index + 1}.member.name`, attribute?.Name, Constraints.AttributeName),
    ...violations(`userAttributes.${index + 1}.member.value`, attribute?.Value, Constraints.AttributeValue),
  ]);
};

/** Throws InvalidParameterException with Cognito's validation text when the request breaks a member constraint. */
const validateAdminUpdateUserAttributes = (request: AdminUpdateUserAttributesRequest): void =>
  raise([
    ...adminUserClauses(request),
    ...attributeClauses(request.UserAttributes),
    ...metadataClauses(request.ClientMetadata),
  ]);

const validateUpdateUserAttributes = (request: UpdateUserAttributesRequest): void =>
  raise([
    ...attributeClauses(request.UserAttributes),
    ...violations('accessToken', request.AccessToken, Constraints.AccessToken),
    ...metadataClauses(request.ClientMetadata),
  ]);

const validateAdminGetUser = (request: AdminGetUserRequest): void => raise(adminUserClauses(request));

const validateAdminInitiateAuth = (request: AdminInitiateAuthRequest): void =>
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...violations('clientId', request.ClientId, Constraints.ClientId),
    ...(request.AuthFlow
      ? []
      : ["Value null at 'authFlow' failed to satisfy constraint: Member must not be null"]),
  ]);

const validateGetUser = (request: GetUserRequest): void =>
  raise(violations('accessToken', request.AccessToken, Constraints.AccessToken));

const validateGetUserAttributeVerificationCode = (request: GetUserAttributeVerificationCodeRequest): void =>
  raise([
    ...violations('accessToken', request.AccessToken, Constraints.AccessToken),
    ...violations('attributeName', request.AttributeName, Constraints.AttributeName),
    ...metadataClauses(request.ClientMetadata),
  ]);

const validateVerifyUserAttribute = (request: VerifyUserAttributeRequest): void =>
  raise([
    ...violations('accessToken', request.AccessToken, Constraints.AccessToken),
    ...violations('attributeName', request.AttributeName, Constraints.AttributeName),
    ...violations('code', request.Code, Constraints.ConfirmationCode),
  ]);

export type {
  AdminGetUserRequest,
  AdminInitiateAuthRequest,
  AdminUpdateUserAttributesRequest,
  GetUserAttributeVerificationCodeRequest,
  GetUserRequest,
  UpdateUserAttributesRequest,
  VerifyUserAttributeRequest,
};
export {
  validateAdminGetUser,
  validateAdminInitiateAuth,
  validateAdminUpdateUserAttributes,
  validateGetUser,
  validateGetUserAttributeVerificationCode,
  validateUpdateUserAttributes,
  validateVerifyUserAttribute,
};
