/** @module cli/skeleton — what `aws cognito-idp <operation> --generate-cli-skeleton` prints, from a small model. */

/**
 * One shape of the cognito-idp service model, in the model's own terms; shapes refer to each other by name.
 * Only what the CLI reads when it builds or checks a skeleton is kept: `max` and `pattern` are never checked there.
 * The cognito-idp model has no `float` or `double` shapes, so neither does this.
 *
 * @example
 * ```ts
 * const attribute: ShapeDefinition = { type: 'structure', members: { Name: 'AttributeNameType' } };
 * ```
 */
type ShapeDefinition<Name extends string = string> =
  | {
      readonly type: 'structure';
      readonly members: Readonly<Record<string, Name>>;
      readonly required?: readonly string[];
    }
  | { readonly type: 'list'; readonly member: Name; readonly min?: number }
  | { readonly type: 'map'; readonly key: Name; readonly value: Name }
  | { readonly type: 'string'; readonly enum?: readonly string[]; readonly min?: number }
  | { readonly type: 'integer' | 'long'; readonly min?: number }
  | { readonly type: 'boolean' | 'timestamp' | 'blob' };

// Checks at compile time that every shape a member, item, key or value names is itself defined.
const defineShapes = <const T extends { readonly [K in keyof T]: ShapeDefinition<Extract<keyof T, string>> }>(
  shapes: T,
): T => shapes;

/**
 * The shapes of AdminUpdateUserAttributes, UpdateUserAttributes, AdminGetUser and AdminInitiateAuth, copied from
 * botocore's `cognito-idp/2016-04-18/service-2.json` as shipped with aws-cli 2.9.19. Member order is the model's:
 * the CLI prints members in that order.
 *
 * @example
 * ```ts
 * SHAPES.AdminGetUserResponse.members.UserCreateDate; // 'DateType', a timestamp
 * ```
 */
const SHAPES = defineShapes({
  AdminUpdateUserAttributesRequest: {
    type: 'structure',
    required: ['UserPoolId', 'Username', 'UserAttributes'],
    members: {
      UserPoolId: 'UserPoolIdType',
      Username: 'UsernameType',
      UserAttributes: 'AttributeListType',
      ClientMetadata: 'ClientMetadataType',
    },
  },
  AdminUpdateUserAttributesResponse: { type: 'structure', members: {} },
  UpdateUserAttributesRequest: {
    type: 'structure',
    required: ['UserAttributes', 'AccessToken'],
    members: {
      UserAttributes: 'AttributeListType',
      AccessToken: 'TokenModelType',
      ClientMetadata: 'ClientMetadataType',
    },
  },
  UpdateUserAttributesResponse: {
    type: 'structure',
    members: { CodeDeliveryDetailsList: 'CodeDeliveryDetailsListType' },
  },
  AdminGetUserRequest: {
    type: 'structure',
    required: ['UserPoolId', 'Username'],
    members: { UserPoolId: 'UserPoolIdType', Username: 'UsernameType' },
  },
  AdminGetUserResponse: {
    type: 'structure',
    required: ['Username'],
    members: {
      Username: 'UsernameType',
      UserAttributes: 'AttributeListType',
      UserCreateDate: 'DateType',
      UserLastModifiedDate: 'DateType',
      Enabled: 'BooleanType',
      UserStatus: 'UserStatusType',
      MFAOptions: 'MFAOptionListType',
      PreferredMfaSetting: 'StringType',
      UserMFASettingList: 'UserMFASettingListType',
    },
  },
  AdminInitiateAuthRequest: {
    type: 'structure',
    required: ['UserPoolId', 'ClientId', 'AuthFlow'],
    members: {
      UserPoolId: 'UserPoolIdType',
      ClientId: 'ClientIdType',
      AuthFlow: 'AuthFlowType',
      AuthParameters: 'AuthParametersType',
      ClientMetadata: 'ClientMetadataType',
      AnalyticsMetadata: 'AnalyticsMetadataType',
      ContextData: 'ContextDataType',
    },
  },
  AdminInitiateAuthResponse: {
    type: 'structure',
    members: {
      ChallengeName: 'ChallengeNameType',
      Session: 'SessionType',
      ChallengeParameters: 'ChallengeParametersType',
      AuthenticationResult: 'AuthenticationResultType',
    },
  },
  AttributeListType: { type: 'list', member: 'AttributeType' },
  AttributeType: {
    type: 'structure',
    required: ['Name'],
    members: { Name: 'AttributeNameType', Value: 'AttributeValueType' },
  },
  CodeDeliveryDetailsListType: { type: 'list', member: 'CodeDeliveryDetailsType' },
  CodeDeliveryDetailsType: {
    type: 'structure',
    members: {
      Destination: 'StringType',
      DeliveryMedium: 'DeliveryMediumType',
      AttributeName: 'AttributeNameType',
    },
  },
  MFAOptionListType: { type: 'list', member: 'MFAOptionType' },
  MFAOptionType: {
    type: 'structure',
    members: { DeliveryMedium: 'DeliveryMediumType', AttributeName: 'AttributeNameType' },
  },
  UserMFASettingListType: { type: 'list', member: 'StringType' },
  AnalyticsMetadataType: { type: 'structure', members: { AnalyticsEndpointId: 'StringType' } },
  ContextDataType: {
    type: 'structure',
    required: ['IpAddress', 'ServerName', 'ServerPath', 'HttpHeaders'],
    members: {
      IpAddress: 'StringType',
      ServerName: 'StringType',
      ServerPath: 'StringType',
      HttpHeaders: 'HttpHeaderList',
      EncodedData: 'StringType',
    },
  },
  HttpHeaderList: { type: 'list', member: 'HttpHeader' },
  HttpHeader: { type: 'structure', members: { headerName: 'StringType', headerValue: 'StringType' } },
  AuthenticationResultType: {
    type: 'structure',
    members: {
      AccessToken: 'TokenModelType',
      ExpiresIn: 'IntegerType',
      TokenType: 'StringType',
      RefreshToken: 'TokenModelType',
      IdToken: 'TokenModelType',
      NewDeviceMetadata: 'NewDeviceMetadataType',
    },
  },
  NewDeviceMetadataType: {
    type: 'structure',
    members: { DeviceKey: 'DeviceKeyType', DeviceGroupKey: 'StringType' },
  },
  ClientMetadataType: { type: 'map', key: 'StringType', value: 'StringType' },
  AuthParametersType: { type: 'map', key: 'StringType', value: 'StringType' },
  ChallengeParametersType: { type: 'map', key: 'StringType', value: 'StringType' },
  StringType: { type: 'string' },
  UserPoolIdType: { type: 'string', min: 1 },
  UsernameType: { type: 'string', min: 1 },
  AttributeNameType: { type: 'string', min: 1 },
  AttributeValueType: { type: 'string' },
  TokenModelType: { type: 'string' },
  ClientIdType: { type: 'string', min: 1 },
  SessionType: { type: 'string', min: 20 },
  DeviceKeyType: { type: 'string', min: 1 },
  DeliveryMediumType: { type: 'string', enum: ['SMS', 'EMAIL'] },
  UserStatusType: {
    type: 'string',
    enum: [
      'UNCONFIRMED',
      'CONFIRMED',
      'ARCHIVED',
      'COMPROMISED',
      'UNKNOWN',
      'RESET_REQUIRED',
      'FORCE_CHANGE_PASSWORD',
    ],
  },
  AuthFlowType: {
    type: 'string',
    enum: [
      'USER_SRP_AUTH',
      'REFRESH_TOKEN_AUTH',
      'REFRESH_TOKEN',
      'CUSTOM_AUTH',
      'ADMIN_NO_SRP_AUTH',
      'USER_PASSWORD_AUTH',
      'ADMIN_USER_PASSWORD_AUTH',
    ],
  },
  ChallengeNameType: {
    type: 'string',
    enum: [
      'SMS_MFA',
      'SOFTWARE_TOKEN_MFA',
      'SELECT_MFA_TYPE',
      'MFA_SETUP',
      'PASSWORD_VERIFIER',
      'CUSTOM_CHALLENGE',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
      'ADMIN_NO_SRP_AUTH',
      'NEW_PASSWORD_REQUIRED',
    ],
  },
  IntegerType: { type: 'integer' },
  BooleanType: { type: 'boolean' },
  DateType: { type: 'timestamp' },
});

/**
 * The name of a shape in {@link SHAPES}.
 *
 * @example
 * ```ts
 * const name: ShapeName = 'AttributeType';
 * ```
 */
type ShapeName = keyof typeof SHAPES;

/**
 * The operations this module knows, with the names of their input and output shapes.
 *
 * @example
 * ```ts
 * OPERATIONS.UpdateUserAttributes.output; // 'UpdateUserAttributesResponse'
 * ```
 */
const OPERATIONS = {
  AdminUpdateUserAttributes: {
    input: 'AdminUpdateUserAttributesRequest',
    output: 'AdminUpdateUserAttributesResponse',
  },
  UpdateUserAttributes: { input: 'UpdateUserAttributesRequest', output: 'UpdateUserAttributesResponse' },
  AdminGetUser: { input: 'AdminGetUserRequest', output: 'AdminGetUserResponse' },
  AdminInitiateAuth: { input: 'AdminInitiateAuthRequest', output: 'AdminInitiateAuthResponse' },
} as const satisfies Record<string, { readonly input: ShapeName; readonly output: ShapeName }>;

/**
 * An operation in {@link OPERATIONS}, by its API name (`AdminGetUser`, not `admin-get-user`).
 *
 * @example
 * ```ts
 * const operation: ModeledOperation = 'AdminInitiateAuth';
 * ```
 */
type ModeledOperation = keyof typeof OPERATIONS;

/**
 * Which skeleton to print: `input`, a sample for `--cli-input-json`; `output`, a sample response.
 *
 * @example
 * ```ts
 * generateCliSkeleton('AdminGetUser', SkeletonKind.Output);
 * ```
 */
const SkeletonKind = { Input: 'input', Output: 'output' } as const;
type SkeletonKind = (typeof SkeletonKind)[keyof typeof SkeletonKind];

/**
 * A JSON value as Python's `json` module sees it, with keys in insertion order.
 *
 * @example
 * ```ts
 * const value: JsonValue = { Username: 'zoe', Enabled: true };
 * ```
 */
type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * The exit code of `aws` when parameters, or a stubbed response, fail botocore's validation.
 *
 * @example
 * ```ts
 * new SkeletonValidationError('…').exitCode === PARAM_VALIDATION_EXIT_CODE; // true
 * ```
 */
const PARAM_VALIDATION_EXIT_CODE = 252;

/**
 * Thrown where `aws … --generate-cli-skeleton output` fails instead of printing: the CLI feeds its sample response
 * through botocore's validator, and a sample string such as `"Session"` (7 characters) is shorter than the model's
 * `min` (20 for AdminInitiateAuth's Session).
 *
 * @example
 * ```ts
 * try {
 *   generateCliSkeleton('AdminInitiateAuth', 'output');
 * } catch (error) {
 *   if (error instanceof SkeletonValidationError) process.stderr.write(error.stderr); // exit code: error.exitCode
 * }
 * ```
 */
class SkeletonValidationError extends Error {
  override readonly name = 'SkeletonValidationError';
  /** botocore's report: one line for each broken rule. */
  readonly report: string;
  readonly exitCode = PARAM_VALIDATION_EXIT_CODE;

  constructor(report: string, options?: ErrorOptions) {
    super(`Parameter validation failed:\n${report}`, options);
    this.report = report;
  }

  /** What `aws` writes to stderr, blank line first. */
  get stderr(): string {
    return `\n${this.message}\n`;
  }
}

// What Python's isoformat() gives for the naive datetime(1970, 1, 1) botocore puts in for every timestamp.
const SAMPLE_TIMESTAMP = '1970-01-01T00:00:00';

// botocore's ArgumentGenerator: member names as sample strings only for output, one item per list, one `KeyName`
// per map, and an empty structure where a structure recurs, so recursive shapes end.
const sample = (
  name: ShapeName,
  stack: ShapeName[],
  memberName: string,
  useMemberNames: boolean,
): JsonValue => {
  stack.push(name);
  try {
    const shape: ShapeDefinition<ShapeName> = SHAPES[name];
    switch (shape.type) {
      case 'structure':
        if (stack.filter((seen) => seen === name).length > 1) return {};
        return Object.fromEntries(
          Object.entries(shape.members).map(([member, target]) => [
            member,
            sample(target, stack, member, useMemberNames),
          ]),
        );
      case 'list':
        return [sample(shape.member, stack, useMemberNames ? shape.member : '', useMemberNames)];
      case 'map':
        return { KeyName: sample(shape.value, stack, '', useMemberNames) };
      case 'string':
        if (useMemberNames) return memberName;
        return shape.enum?.[0] ?? '';
      case 'integer':
      case 'long':
        return 0;
      case 'boolean':
        return true;
      case 'timestamp':
        return SAMPLE_TIMESTAMP;
      case 'blob':
        return null;
    }
  } finally {
    stack.pop();
  }
};

// Python's len() counts code points, not UTF-16 units.
const codePointLength = (text: string): number => [...text].length;

const parameterName = (path: string): string => (path === '' ? 'input' : path.replace(/^\./, ''));

// botocore's ParamValidator, reduced to the rules a sample built from the same shapes can break: required members
// and `min`. Types always match, since the sample was made from these shapes.
const validate = (value: JsonValue, name: ShapeName, path: string, errors: string[]): void => {
  const shape: ShapeDefinition<ShapeName> = SHAPES[name];
  const belowMin = (actual: number, kind: 'length' | 'value') => {
    if ('min' in shape && shape.min !== undefined && actual < shape.min)
      errors.push(
        `Invalid ${kind} for parameter ${parameterName(path)}, value: ${actual}, valid min ${kind}: ${shape.min}`,
      );
  };
  switch (shape.type) {
    case 'structure': {
      const fields = value as Readonly<Record<string, JsonValue>>;
      for (const required of shape.required ?? [])
        if (!(required in fields))
          errors.push(`Missing required parameter in ${parameterName(path)}: "${required}"`);
      for (const [member, memberValue] of Object.entries(fields)) {
        const target = shape.members[member];
        if (target !== undefined) validate(memberValue, target, `${path}.${member}`, errors);
      }
      return;
    }
    case 'list': {
      const items = value as readonly JsonValue[];
      belowMin(items.length, 'length');
      items.forEach((item, index) => {
        validate(item, shape.member, `${path}[${index}]`, errors);
      });
      return;
    }
    case 'map':
      for (const [key, entry] of Object.entries(value as Readonly<Record<string, JsonValue>>)) {
        validate(key, shape.key, `${path} (key: ${key})`, errors);
        validate(entry, shape.value, `${path}.${key}`, errors);
      }
      return;
    case 'string':
      belowMin(codePointLength(value as string), 'length');
      return;
    case 'integer':
    case 'long':
      belowMin(value as number, 'value');
      return;
    default:
      return;
  }
};

const pythonFloat = (value: number): string => {
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  const exponent = Number(exponentText);
  // repr() switches to scientific notation outside 1e-4 ≤ |x| < 1e16, where JavaScript keeps fixed notation longer.
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
};

/**
 * A number as Python prints what `json.loads` made of it. JSON.parse keeps no difference between `1` and `1.0`, so
 * whole numbers below 1e16 count as Python ints and everything else as floats (`0.5`, `1e-05`, `1e+16`).
 *
 * @example
 * ```ts
 * pythonNumber(3600); // '3600'
 * pythonNumber(0.00001); // '1e-05'
 * ```
 */
const pythonNumber = (value: number): string =>
  Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloat(value);

const escapeNonAscii = (json: string): string =>
  json.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Serializes a value as Python's `json.dump(value, indent=4)` does: four spaces, `": "` after keys, `[]` and `{}`
 * for empty containers, and non-ASCII characters written as they are unless `ensureAscii` is set (default: false).
 * No trailing newline.
 *
 * @example
 * ```ts
 * dumpJson({ Username: 'Zoë' }); // '{\n    "Username": "Zoë"\n}'
 * ```
 */
const dumpJson = (
  value: JsonValue,
  options: { readonly ensureAscii?: boolean } = {},
  indent = '',
): string => {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  // JSON.stringify escapes exactly the characters Python's encoder escapes: `"`, `\` and the C0 controls.
  if (typeof value === 'string')
    return options.ensureAscii ? escapeNonAscii(JSON.stringify(value)) : JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: JsonValue) => `${inner}${dumpJson(item, options, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Readonly<Record<string, JsonValue>>).filter(
    ([, entry]) => entry !== undefined,
  );
  if (entries.length === 0) return '{}';
  const fields = entries.map(
    ([key, entry]) => `${inner}${dumpJson(key, options)}: ${dumpJson(entry, options, inner)}`,
  );
  return `{\n${fields.join(',\n')}\n${indent}}`;
};

/**
 * What `aws cognito-idp <operation> --generate-cli-skeleton <kind>` prints on stdout (aws-cli 2.9.19, default
 * `--output json`), built from {@link SHAPES} the way the CLI builds it from the model:
 *
 * - `input`: every member, strings empty or the first enum value, numbers 0, booleans true, timestamps
 *   `1970-01-01T00:00:00`, one list item, one map entry `KeyName`; non-ASCII escaped.
 * - `output`: the same, but a string is its member's name (a list's item is its shape's name); printed through the
 *   json output format, so an operation with an empty response (AdminUpdateUserAttributes) prints nothing at all.
 *
 * @throws {SkeletonValidationError} for `output` where botocore rejects its own sample (AdminInitiateAuth).
 * @example
 * ```ts
 * process.stdout.write(generateCliSkeleton('AdminGetUser', 'input'));
 * // {
 * //     "UserPoolId": "",
 * //     "Username": ""
 * // }
 * ```
 */
const generateCliSkeleton = (
  operation: ModeledOperation,
  kind: SkeletonKind = SkeletonKind.Input,
): string => {
  const shapes = OPERATIONS[operation];
  if (kind === SkeletonKind.Input)
    return `${dumpJson(sample(shapes.input, [], '', false), { ensureAscii: true })}\n`;
  const response = sample(shapes.output, [], '', true);
  const errors: string[] = [];
  validate(response, shapes.output, '', errors);
  if (errors.length > 0) throw new SkeletonValidationError(errors.join('\n'));
  const empty = typeof response === 'object' && response !== null && Object.keys(response).length === 0;
  return empty ? '' : `${dumpJson(response)}\n`;
};

export type { JsonValue, ModeledOperation, ShapeDefinition, ShapeName };
export {
  dumpJson,
  generateCliSkeleton,
  OPERATIONS,
  PARAM_VALIDATION_EXIT_CODE,
  pythonNumber,
  SHAPES,
  SkeletonKind,
  SkeletonValidationError,
};
