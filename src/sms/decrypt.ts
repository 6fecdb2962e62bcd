/**
 * @module sms/decrypt — the code in a custom sender event, decrypted with the AWS Encryption SDK: with the user pool's
 * KMS key when deployed, with a local AES key in tests and the local simulator. The SDK is an optional package
 * imported on first use, as are the SNS client and the remote brand sources' clients: {@link importOptional} says
 * what to install when one is missing.
 */
import { randomBytes } from 'node:crypto';
import type { CommitmentPolicy, KeyringNode, KmsKeyringNodeInput } from '@aws-crypto/client-node';
import type { KMS, KMSClientConfig } from '@aws-sdk/client-kms';
import { importOptional, type PackageNeed } from '../aws/optional-package.js';

/** Turns the `request.code` of a custom sender event (base64 of an Encryption SDK message) into the code. */
interface CodeDecrypter {
  decrypt(ciphertextBase64: string): Promise<string>;
}

/** A local key that encrypts codes as Cognito does and decrypts them as the deployed function does. */
interface LocalKeyring extends CodeDecrypter {
  /** Encrypts a code (or temporary password) and returns the base64 Encryption SDK message, as in `request.code`. */
  encrypt(code: string): Promise<string>;
  /** A copy of the AES key, to build the same keyring elsewhere (e.g. in the process that runs the handler). */
  readonly keyBytes: Uint8Array;
}

/**
 * Thrown when `request.code` can't be decrypted: not base64, another key's message, or KMS refused.
 *
 * @example
 * ```ts
 * await keyring.decrypt(code).catch((error) => error instanceof CodeDecryptionError && console.error(error.message));
 * ```
 */
class CodeDecryptionError extends Error {
  override readonly name = 'CodeDecryptionError';
}

/** A commitment policy, by its value: `'REQUIRE_ENCRYPT_ALLOW_DECRYPT'` or the SDK's enum member. */
type CommitmentPolicyName = `${CommitmentPolicy}`;

type KmsDecrypterOptions = {
  /**
   * The ARN of the user pool's KMS key (`LambdaConfig.KMSKeyID`): a key ARN, not an alias. `undefined` is accepted so
   * that `process.env.KEY_ARN` can be passed as it is; the decrypter refuses to be built without one.
   */
  readonly keyArn: string | undefined;
  /** Default: `REQUIRE_ENCRYPT_ALLOW_DECRYPT`, as Cognito's documentation uses. */
  readonly commitmentPolicy?: CommitmentPolicyName;
} & (
  | {
      /** Settings for the KMS client the keyring creates (`endpoint`, `credentials`, …); the region is the key's. */
      readonly clientConfig?: KMSClientConfig;
      readonly clientProvider?: never;
    }
  | {
      /** The Encryption SDK's own client supplier, e.g. `getClient(KMS, config)`. */
      readonly clientProvider?: KmsKeyringNodeInput['clientProvider'];
      readonly clientConfig?: never;
    }
);

type EncryptionSdk = typeof import('@aws-crypto/client-node');
type ClientProvider = NonNullable<KmsKeyringNodeInput['clientProvider']>;

const ENCRYPTION_SDK = '@aws-crypto/client-node';
let loading: Promise<EncryptionSdk> | undefined;
/**
 * The Encryption SDK is loaded on the first decryption, never when a handler module is imported; `need` says what it
 * was for, should it be missing.
 */
const encryptionSdk = (need: PackageNeed): Promise<EncryptionSdk> => {
  loading ??= import('@aws-crypto/client-node');
  const loaded = loading;
  return importOptional(() => loaded, ENCRYPTION_SDK, need);
};
const TO_DECRYPT: PackageNeed = { by: 'The Custom SMS sender', to: 'decrypt the code' };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DEFAULT_POLICY: CommitmentPolicyName = 'REQUIRE_ENCRYPT_ALLOW_DECRYPT';

const decrypterFor = (
  description: string,
  keyring: (sdk: EncryptionSdk) => KeyringNode,
  policy: CommitmentPolicyName,
): CodeDecrypter => {
  let ready: Promise<{ keyring: KeyringNode; decrypt: ReturnType<EncryptionSdk['buildClient']>['decrypt'] }>;
  return {
    async decrypt(ciphertextBase64) {
      if (typeof ciphertextBase64 !== 'string' || ciphertextBase64 === '' || !BASE64.test(ciphertextBase64))
        throw new CodeDecryptionError('the code is not base64: it is not an Encryption SDK message');
      ready ??= encryptionSdk(TO_DECRYPT).then((sdk) => ({
        keyring: keyring(sdk),
        decrypt: sdk.buildClient(policy as CommitmentPolicy).decrypt,
      }));
      const { keyring: ring, decrypt } = await ready;
      try {
        const { plaintext } = await decrypt(ring, Buffer.from(ciphertextBase64, 'base64'));
        return plaintext.toString('utf8');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new CodeDecryptionError(`could not decrypt the code with ${description}: ${reason}`, {
          cause: error,
        });
      }
    },
  };
};

/**
 * Decrypts codes with the user pool's KMS key through the Encryption SDK's `KmsKeyringNode`, as Cognito's
 * documentation does. The function's role needs `kms:Decrypt` on the key. `@aws-crypto/client-node` is imported on
 * the first decryption, and the KMS client is made for the key's region.
 *
 * @example
 * ```ts
 * export const handler = customSmsSender({ …, decrypter: kmsDecrypter({ keyArn: process.env.KEY_ARN }) });
 * ```
 */
const kmsDecrypter = (options: KmsDecrypterOptions): CodeDecrypter => {
  const { keyArn, commitmentPolicy = DEFAULT_POLICY } = options;
  if (typeof keyArn !== 'string' || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(keyArn))
    throw new TypeError(
      `kmsDecrypter: keyArn must be the ARN of the user pool's KMS key (arn:aws:kms:<region>:<account>:key/<id>), ` +
        `got ${keyArn === undefined || keyArn === '' ? 'nothing' : JSON.stringify(keyArn)}; ` +
        'set KEY_ARN to the key in the user pool LambdaConfig.KMSKeyID',
    );
  return decrypterFor(
    `KMS key ${keyArn}`,
    (sdk) => {
      // One client per region for the life of the function, as the keyring's default supplier keeps them.
      const clients = new Map<string, KMS>();
      const fromConfig = (region: string) => {
        let client = clients.get(region);
        if (!client) {
          client = new sdk.KMS({ ...options.clientConfig, region });
          clients.set(region, client);
        }
        return client;
      };
      const clientProvider =
        options.clientProvider ??
        (options.clientConfig ? (fromConfig as unknown as ClientProvider) : undefined);
      return new sdk.KmsKeyringNode({ keyIds: [keyArn], ...(clientProvider ? { clientProvider } : {}) });
    },
    commitmentPolicy,
  );
};

const LOCAL_KEY = { keyNamespace: 'cognito-trigger-kit', keyName: 'local' } as const;

/**
 * A keyring on a local AES key (16, 24 or 32 bytes; default: 32 random bytes) that encrypts codes as Cognito does,
 * base64 of an Encryption SDK message, and decrypts them: for tests and the local simulator, with no AWS account.
 *
 * @example
 * ```ts
 * const keyring = localKeyring();
 * const event = customSmsSenderEvent('CustomSMSSender_SignUp', { code: await keyring.encrypt('123456') });
 * await customSmsSender({ …, decrypter: keyring })(event);
 * ```
 */
const localKeyring = (keyBytes: Uint8Array = randomBytes(32)): LocalKeyring => {
  if (!(keyBytes instanceof Uint8Array) || ![16, 24, 32].includes(keyBytes.length))
    throw new TypeError('localKeyring: the key must be 16, 24 or 32 bytes (AES-128, AES-192 or AES-256)');
  const key = Uint8Array.from(keyBytes);
  const keyring = (sdk: EncryptionSdk) =>
    new sdk.RawAesKeyringNode({
      ...LOCAL_KEY,
      unencryptedMasterKey: Uint8Array.from(key),
      wrappingSuite:
        sdk.RawAesWrappingSuiteIdentifier[
          `AES${key.length * 8}_GCM_IV12_TAG16_NO_PADDING` as 'AES256_GCM_IV12_TAG16_NO_PADDING'
        ],
    });
  const decrypter = decrypterFor(`the local key`, keyring, DEFAULT_POLICY);
  let encryption: Promise<{
    ring: KeyringNode;
    encrypt: ReturnType<EncryptionSdk['buildClient']>['encrypt'];
  }>;
  return {
    decrypt: (ciphertextBase64) => decrypter.decrypt(ciphertextBase64),
    async encrypt(code) {
      encryption ??= encryptionSdk({ by: 'localKeyring', to: 'encrypt the code' }).then((sdk) => ({
        ring: keyring(sdk),
        encrypt: sdk.buildClient(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt,
      }));
      const { ring, encrypt } = await encryption;
      const { result } = await encrypt(ring, code);
      return result.toString('base64');
    },
    get keyBytes() {
      return Uint8Array.from(key);
    },
  };
};

export type { CodeDecrypter, CommitmentPolicyName, KmsDecrypterOptions, LocalKeyring, PackageNeed };
export { CodeDecryptionError, kmsDecrypter, localKeyring };
