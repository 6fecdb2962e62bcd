/** @module local/pool — a user pool as `describe-user-pool` prints it, its app clients and users, and the demo pool. */
import type { EmailSendingAccount } from '../cognito/rules.js';

/** `SchemaAttributes[]` of DescribeUserPool. Constraints are strings there, as the API returns them. */
interface SchemaAttribute {
  readonly Name: string;
  readonly AttributeDataType?: 'String' | 'Number' | 'DateTime' | 'Boolean';
  readonly DeveloperOnlyAttribute?: boolean;
  readonly Mutable?: boolean;
  readonly Required?: boolean;
  readonly StringAttributeConstraints?: { readonly MinLength?: string; readonly MaxLength?: string };
  readonly NumberAttributeConstraints?: { readonly MinValue?: string; readonly MaxValue?: string };
}

type VerifiableAttribute = 'email' | 'phone_number';

/** The parts of DescribeUserPool's `UserPool` that attribute updates depend on. */
interface UserPool {
  readonly Id: string;
  readonly Name?: string;
  readonly SchemaAttributes?: readonly SchemaAttribute[];
  readonly AutoVerifiedAttributes?: readonly VerifiableAttribute[];
  readonly UsernameAttributes?: readonly VerifiableAttribute[];
  readonly AliasAttributes?: readonly (VerifiableAttribute | 'preferred_username')[];
  readonly UsernameConfiguration?: { readonly CaseSensitive?: boolean };
  readonly UserAttributeUpdateSettings?: {
    readonly AttributesRequireVerificationBeforeUpdate?: readonly VerifiableAttribute[];
  };
  readonly EmailConfiguration?: {
    readonly EmailSendingAccount?: EmailSendingAccount;
    readonly SourceArn?: string;
  };
  readonly VerificationMessageTemplate?: {
    readonly SmsMessage?: string;
    readonly EmailMessage?: string;
    readonly EmailSubject?: string;
    readonly DefaultEmailOption?: 'CONFIRM_WITH_CODE' | 'CONFIRM_WITH_LINK';
  };
  readonly LambdaConfig?: { readonly CustomMessage?: string; readonly [trigger: string]: unknown };
}

/** DescribeUserPoolClient's `UserPoolClient`. */
interface AppClient {
  readonly ClientId: string;
  readonly ClientName?: string;
  readonly UserPoolId?: string;
  /** Attributes the client may write; absent means every attribute but the `*_verified` flags [UNC]. */
  readonly WriteAttributes?: readonly string[];
  readonly ExplicitAuthFlows?: readonly string[];
  /** Access token validity, in `TokenValidityUnits.AccessToken` (default unit: hours; unset: 1 hour). */
  readonly AccessTokenValidity?: number;
  /** ID token validity, in `TokenValidityUnits.IdToken` (default unit: hours; unset: 1 hour). */
  readonly IdTokenValidity?: number;
  /** Refresh token validity, in `TokenValidityUnits.RefreshToken` (default unit: days; unset or 0: 30 days). */
  readonly RefreshTokenValidity?: number;
  /** The unit of each validity above; DescribeUserPoolClient prints `{}` when none was set. */
  readonly TokenValidityUnits?: {
    readonly AccessToken?: TimeUnit;
    readonly IdToken?: TimeUnit;
    readonly RefreshToken?: TimeUnit;
  };
}

/** `TimeUnitsType` of the API. */
type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

interface AttributeType {
  readonly Name: string;
  readonly Value?: string;
}

/** A user as AdminGetUser prints it, plus the local-only `Password` used by admin-initiate-auth. */
interface User {
  readonly Username: string;
  readonly UserAttributes: readonly AttributeType[];
  readonly UserCreateDate?: string;
  readonly UserLastModifiedDate?: string;
  readonly Enabled?: boolean;
  readonly UserStatus?: string;
  readonly Password?: string;
  /** Values waiting for verification when "keep original attribute value active" is on. */
  readonly PendingAttributes?: readonly AttributeType[];
  /** Codes sent and not yet used, by what they verify (`email`, `phone_number`): kept with the state, never output. */
  readonly Codes?: Readonly<Record<string, StoredCode>>;
  /** When an AdminCreateUser temporary password stops working (epoch milliseconds). */
  readonly TemporaryPasswordExpiresAt?: number;
  /** A sign-in waiting for its NEW_PASSWORD_REQUIRED answer. */
  readonly AuthSession?: StoredAuthSession;
  /** The refresh tokens issued to the user, one per sign-in, by their hash: kept with the state, never output. */
  readonly RefreshTokens?: readonly StoredRefreshToken[];
  /** When GlobalSignOut last revoked the user's tokens (epoch milliseconds). */
  readonly TokensRevokedAt?: number;
}

/** A code Cognito sent: what it is, until when it holds (epoch milliseconds), and how many wrong tries it has had. */
interface StoredCode {
  readonly Code: string;
  readonly ExpiresAt: number;
  readonly Failures: number;
}

/** The `Session` of a challenge: for which app client, and until when it holds (epoch milliseconds). */
interface StoredAuthSession {
  readonly Session: string;
  readonly ClientId: string;
  readonly ExpiresAt: number;
}

/**
 * A refresh token issued at a sign-in: its SHA-256 (never the token), the app client, what the sign-in's tokens share
 * (`origin_jti`, `auth_time` in seconds), when it was issued and stops working (epoch milliseconds), and whether
 * GlobalSignOut revoked it and the sign-in's tokens.
 */
interface StoredRefreshToken {
  readonly Hash: string;
  readonly ClientId: string;
  readonly OriginJti: string;
  readonly AuthTime: number;
  readonly IssuedAt: number;
  readonly ExpiresAt: number;
  readonly Revoked?: boolean;
}

/** A pool file: `describe-user-pool` output with the pool's clients and users beside it. */
interface PoolDocument {
  readonly UserPool: UserPool;
  readonly UserPoolClients?: readonly AppClient[];
  readonly Users?: readonly User[];
}

const DEFAULT_STRING = {
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
} as const;
const standard = (Name: string, extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  Name,
  ...DEFAULT_STRING,
  StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
  ...extra,
});

/** The standard attributes every pool has, as DescribeUserPool lists them. */
const STANDARD_ATTRIBUTES: readonly SchemaAttribute[] = [
  standard('sub', {
    Mutable: false,
    Required: true,
    StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
  }),
  ...[
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'email',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'phone_number',
    'address',
  ].map((name) => standard(name)),
  {
    Name: 'email_verified',
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  },
  {
    Name: 'phone_number_verified',
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  },
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  },
];

const at = '2026-01-15T09:30:00.000000+00:00';

/**
 * The embedded demo pool: the user pool of the AWS CLI's admin-update-user-attributes example (`us-west-2_aaaaaaaaa`,
 * user `diego@example.com`, a mutable `custom:CustomAttr1`), email and phone auto-verified, email as the username,
 * SES sending, a second user, and two app clients that the example handler maps to its two brands.
 */
const DEMO_POOL: PoolDocument = {
  UserPool: {
    Id: 'us-west-2_aaaaaaaaa',
    Name: 'demo',
    SchemaAttributes: [
      ...STANDARD_ATTRIBUTES.map((attribute) =>
        attribute.Name === 'email' ? { ...attribute, Required: true } : attribute,
      ),
      {
        Name: 'custom:CustomAttr1',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '256' },
      },
      {
        Name: 'custom:brand',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '32' },
      },
      {
        Name: 'custom:employee_id',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '32' },
      },
      {
        Name: 'dev:custom:tier',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: true,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '0', MaxLength: '32' },
      },
    ],
    AutoVerifiedAttributes: ['email', 'phone_number'],
    UsernameAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
    EmailConfiguration: {
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: 'arn:aws:ses:us-west-2:123456789012:identity/example.com',
    },
    VerificationMessageTemplate: {
      SmsMessage: 'Your verification code is {####}. ',
      EmailMessage: 'Your verification code is {####}. ',
      EmailSubject: 'Your verification code',
      DefaultEmailOption: 'CONFIRM_WITH_CODE',
    },
    LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message' },
  },
  UserPoolClients: [
    {
      ClientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
      ClientName: 'acme-web',
      UserPoolId: 'us-west-2_aaaaaaaaa',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      WriteAttributes: [
        'email',
        'phone_number',
        'given_name',
        'family_name',
        'name',
        'locale',
        'custom:CustomAttr1',
      ],
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
    },
    {
      ClientId: '7qp3s1lm9d2k8x4c6v0b5n7h3j',
      ClientName: 'globex-mobile',
      UserPoolId: 'us-west-2_aaaaaaaaa',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      WriteAttributes: ['email', 'phone_number', 'given_name', 'family_name', 'name', 'locale'],
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
    },
  ],
  Users: [
    {
      Username: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7',
      UserAttributes: [
        { Name: 'sub', Value: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7' },
        { Name: 'email', Value: 'diego@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+14325551212' },
        { Name: 'phone_number_verified', Value: 'true' },
        { Name: 'given_name', Value: 'Diego' },
        { Name: 'family_name', Value: 'Ramirez' },
        { Name: 'locale', Value: 'en' },
        { Name: 'custom:CustomAttr1', Value: 'Blue' },
      ],
      UserCreateDate: at,
      UserLastModifiedDate: at,
      Enabled: true,
      UserStatus: 'CONFIRMED',
      Password: 'Passw0rd!',
    },
    {
      Username: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
      UserAttributes: [
        { Name: 'sub', Value: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' },
        { Name: 'email', Value: 'zoe@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: 'Zoë' },
        { Name: 'locale', Value: 'fr' },
        { Name: 'custom:brand', Value: 'globex' },
      ],
      UserCreateDate: at,
      UserLastModifiedDate: at,
      Enabled: true,
      UserStatus: 'CONFIRMED',
      Password: 'Passw0rd!',
    },
  ],
};

/**
 * The user pool of the AdminUpdateUserAttributes API reference's sample request (`us-west-2_EXAMPLE`, user
 * `testuser`, a mutable `custom:deliverables`), so that request runs as written through `--cli-input-json`.
 */
const EXAMPLE_POOL: PoolDocument = {
  UserPool: {
    Id: 'us-west-2_EXAMPLE',
    Name: 'api-reference-example',
    SchemaAttributes: [
      ...STANDARD_ATTRIBUTES,
      {
        Name: 'custom:deliverables',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '0', MaxLength: '256' },
      },
    ],
    AutoVerifiedAttributes: ['email'],
    EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
    LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message' },
  },
  UserPoolClients: [],
  Users: [
    {
      Username: 'testuser',
      UserAttributes: [
        { Name: 'sub', Value: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' },
        { Name: 'email', Value: 'testuser@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Test User' },
      ],
      UserCreateDate: at,
      UserLastModifiedDate: at,
      Enabled: true,
      UserStatus: 'CONFIRMED',
    },
  ],
};

/**
 * The demo pool with a Custom SMS sender: SMS codes go, encrypted with the pool's KMS key, to the sender function
 * (handlers/custom-sms-sender.ts) instead of through the Custom message function, which still writes the emails.
 */
const SMS_SENDER_POOL: PoolDocument = {
  ...DEMO_POOL,
  UserPool: {
    ...DEMO_POOL.UserPool,
    Id: 'us-west-2_bbbbbbbbb',
    Name: 'cognito-trigger-kit-demo-sms-sender',
    LambdaConfig: {
      CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message',
      CustomSMSSender: {
        LambdaArn: 'arn:aws:lambda:us-west-2:123456789012:function:custom-sms-sender',
        LambdaVersion: 'V1_0',
      },
      KMSKeyID: 'arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c',
    },
  },
  UserPoolClients: (DEMO_POOL.UserPoolClients ?? []).map((client) => ({
    ...client,
    UserPoolId: 'us-west-2_bbbbbbbbb',
  })),
};

/** The ids of the email-sender demo pool's own app clients, which no other pool has: sign-ups find this pool. */
const EMAIL_SENDER_CLIENT_IDS = {
  acme: '3c8e5a1k7m2p9r4t6v0x2z5b8d',
  globex: '6h2j9l4n1q8s3u5w7y0a2c4e6g',
} as const;

/**
 * The demo pool with a Custom email sender: email codes and invitations go, encrypted with the pool's KMS key (the
 * SMS sender pool's), to the sender function (handlers/custom-email-sender.ts), which sends them through Amazon SES
 * from each brand's own address, instead of through the Custom message function, which still writes the SMS. Its app
 * clients have ids of their own, so that SignUp and ForgotPassword through them reach this pool.
 */
const EMAIL_SENDER_POOL: PoolDocument = {
  ...DEMO_POOL,
  UserPool: {
    ...DEMO_POOL.UserPool,
    Id: 'us-west-2_ccccccccc',
    Name: 'cognito-trigger-kit-demo-email-sender',
    LambdaConfig: {
      CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message',
      CustomEmailSender: {
        LambdaArn: 'arn:aws:lambda:us-west-2:123456789012:function:custom-email-sender',
        LambdaVersion: 'V1_0',
      },
      KMSKeyID: 'arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c',
    },
  },
  UserPoolClients: (DEMO_POOL.UserPoolClients ?? []).map((client, index) => ({
    ...client,
    ClientId: index === 0 ? EMAIL_SENDER_CLIENT_IDS.acme : EMAIL_SENDER_CLIENT_IDS.globex,
    UserPoolId: 'us-west-2_ccccccccc',
  })),
};

/** The pools the simulator holds when no pool file is given. */
const DEMO_POOLS: readonly PoolDocument[] = [DEMO_POOL, EXAMPLE_POOL, SMS_SENDER_POOL, EMAIL_SENDER_POOL];

const attributeValue = (user: Pick<User, 'UserAttributes'>, name: string): string | undefined =>
  user.UserAttributes.find((attribute) => attribute.Name === name)?.Value;

/** Finds a user by username, `sub`, or an email/phone number the pool signs in with. Case follows the pool. */
const findUser = (pool: PoolDocument, username: string): User | undefined => {
  const caseSensitive = pool.UserPool.UsernameConfiguration?.CaseSensitive ?? true;
  const same = (a: string | undefined, b: string) =>
    a !== undefined && (caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const signInAttributes = [
    ...(pool.UserPool.UsernameAttributes ?? []),
    ...(pool.UserPool.AliasAttributes ?? []),
  ];
  const users = pool.Users ?? [];
  return (
    users.find((user) => same(user.Username, username)) ??
    users.find((user) => attributeValue(user, 'sub') === username) ??
    users.find((user) =>
      signInAttributes.some(
        (name) =>
          same(attributeValue(user, name), username) &&
          (name === 'preferred_username' ||
            attributeValue(user, `${name}_verified`) === 'true' ||
            pool.UserPool.UsernameAttributes?.includes(name as VerifiableAttribute)),
      ),
    )
  );
};

export type {
  AppClient,
  AttributeType,
  PoolDocument,
  SchemaAttribute,
  StoredAuthSession,
  StoredCode,
  StoredRefreshToken,
  User,
  UserPool,
  VerifiableAttribute,
};
export {
  attributeValue,
  DEMO_POOL,
  DEMO_POOLS,
  EMAIL_SENDER_POOL,
  EXAMPLE_POOL,
  findUser,
  SMS_SENDER_POOL,
  STANDARD_ATTRIBUTES,
};
