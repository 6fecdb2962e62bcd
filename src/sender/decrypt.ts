/**
 * @module sender/decrypt — the code in a custom sender event (Custom SMS sender, Custom email sender), decrypted with
 * the AWS Encryption SDK and the user pool's KMS key. The SDK's own packages are imported on the first decryption,
 * each an optional package that {@link importOptional} names when it is missing: `@aws-crypto/decrypt-node`, the
 * platform-neutral KMS keyring of `@aws-crypto/kms-keyring`, `@aws-crypto/material-management-node` and
 * `@aws-crypto/material-management` — not `@aws-crypto/client-node` nor `@aws-crypto/kms-keyring-node`, whose
 * hierarchical keyring loads the DynamoDB client that no sender uses. The materials manager is the senders' own
 * (sender/materials).
 */
import type {
  CommitmentPolicy,
  KeyringNode,
  NodeMaterialsManager,
} from '@aws-crypto/material-management-node';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { importOptional, type PackageNeed } from '../aws/optional-package.js';
import { type KmsClientProvider, kmsClientProvider } from './kms-client.js';
import { decryptionMaterials } from './materials.js';

/** Turns the `request.code` of a custom sender event (base64 of an Encryption SDK message) into the code. */
interface CodeDecrypter {
  decrypt(ciphertextBase64: string): Promise<string>;
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
      /** Settings for the KMS client made for the key's region (`endpoint`, `credentials`, …). */
      readonly clientConfig?: KMSClientConfig;
      readonly clientProvider?: never;
    }
  | {
      /** The Encryption SDK's own client supplier, e.g. `getClient(KMS, config)` from `@aws-crypto/kms-keyring`. */
      readonly clientProvider?: KmsClientProvider;
      readonly clientConfig?: never;
    }
);

/** The Encryption SDK's packages a decryption needs, loaded once. */
interface DecryptPackages {
  readonly decryptNode: typeof import('@aws-crypto/decrypt-node');
  readonly materials: typeof import('@aws-crypto/material-management-node');
  /** The platform-neutral materials: `VerificationKey`, which the Node.js package does not re-export. */
  readonly neutral: typeof import('@aws-crypto/material-management');
}

let decryptLoading: Promise<typeof import('@aws-crypto/decrypt-node')> | undefined;
let neutralLoading: Promise<typeof import('@aws-crypto/material-management')> | undefined;
let materialsLoading: Promise<DecryptPackages['materials']> | undefined;
/**
 * The packages for decrypting, imported on the first decryption, never when a handler module is imported; `need`
 * says who wanted them, should one be missing.
 */
const decryptPackages = async (need: PackageNeed): Promise<DecryptPackages> => {
  decryptLoading ??= import('@aws-crypto/decrypt-node');
  neutralLoading ??= import('@aws-crypto/material-management');
  const [decrypting, neutral] = [decryptLoading, neutralLoading];
  // All at once, so that each failure has a handler from the start: a missing one is named, never left unhandled.
  const [decryptNode, materials, neutralPackage] = await Promise.all([
    importOptional(() => decrypting, '@aws-crypto/decrypt-node', need),
    materialPackage(need),
    importOptional(() => neutral, '@aws-crypto/material-management', need),
  ]);
  return { decryptNode, materials, neutral: neutralPackage };
};

/** `@aws-crypto/material-management-node`: keyrings' base class and the commitment policies. */
const materialPackage = (need: PackageNeed): Promise<DecryptPackages['materials']> => {
  materialsLoading ??= import('@aws-crypto/material-management-node');
  const loading = materialsLoading;
  return importOptional(() => loading, '@aws-crypto/material-management-node', need);
};

let keyringLoading: Promise<typeof import('@aws-crypto/kms-keyring')> | undefined;
/** `@aws-crypto/kms-keyring`: the KMS keyring, platform-neutral, made a Node.js keyring below. */
const kmsKeyringPackage = (need: PackageNeed) => {
  keyringLoading ??= import('@aws-crypto/kms-keyring');
  const loading = keyringLoading;
  return importOptional(() => loading, '@aws-crypto/kms-keyring', need);
};

// biome-ignore lint/suspicious/noExplicitAny: the keyring class of the Encryption SDK, built on first use
let keyringClass: (new (input: any) => unknown) | undefined;

/**
 * A KMS keyring on `keyArn`, built as `@aws-crypto/kms-keyring-node` builds its `KmsKeyringNode`: the keyring class of
 * `@aws-crypto/kms-keyring` over the Node.js keyring base; as `generatorKeyId` it also encrypts.
 */
const kmsKeyring = async (
  need: PackageNeed,
  input: {
    readonly clientProvider: KmsClientProvider;
    readonly keyArn: string;
    readonly generator?: boolean;
  },
): Promise<KeyringNode> => {
  const [{ KmsKeyringClass }, { KeyringNode: Base, immutableClass }] = await Promise.all([
    kmsKeyringPackage(need),
    materialPackage(need),
  ]);
  // The class the SDK builds is abstract: it can only be the base of a keyring class of its own, as in Node.js's.
  if (!keyringClass) {
    class KmsKeyringNode extends KmsKeyringClass(Base as never) {}
    immutableClass(KmsKeyringNode);
    keyringClass = KmsKeyringNode;
  }
  return new keyringClass({
    clientProvider: input.clientProvider,
    ...(input.generator ? { generatorKeyId: input.keyArn } : { keyIds: [input.keyArn] }),
  }) as unknown as KeyringNode;
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DEFAULT_POLICY: CommitmentPolicyName = 'REQUIRE_ENCRYPT_ALLOW_DECRYPT';

/**
 * A decrypter over a keyring made on the first decryption; `description` names the key in errors.
 *
 * @example
 * ```ts
 * const decrypter = decrypterFor('the local key', need, () => aesKeyring(need), DEFAULT_POLICY);
 * ```
 */
const decrypterFor = (
  description: string,
  need: PackageNeed,
  keyring: () => Promise<KeyringNode>,
  policy: CommitmentPolicyName,
): CodeDecrypter => {
  let ready:
    | Promise<{
        materials: NodeMaterialsManager;
        decrypt: ReturnType<DecryptPackages['decryptNode']['buildDecrypt']>['decrypt'];
      }>
    | undefined;
  return {
    async decrypt(ciphertextBase64) {
      if (typeof ciphertextBase64 !== 'string' || ciphertextBase64 === '' || !BASE64.test(ciphertextBase64))
        throw new CodeDecryptionError('the code is not base64: it is not an Encryption SDK message');
      ready ??= Promise.all([decryptPackages(need), keyring()]).then(([packages, ring]) => ({
        materials: decryptionMaterials(packages, ring),
        decrypt: packages.decryptNode.buildDecrypt(policy as never).decrypt,
      }));
      // A missing package is thrown as it is (a later call tries again); only the decryption's own failures are
      // CodeDecryptionErrors.
      const { materials, decrypt } = await ready.catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      try {
        const { plaintext } = await decrypt(materials, Buffer.from(ciphertextBase64, 'base64'));
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

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;

/** The key ARN, or a TypeError that says what to set. */
const checkedKeyArn = (builder: string, keyArn: string | undefined): string => {
  if (typeof keyArn !== 'string' || !KEY_ARN.test(keyArn))
    throw new TypeError(
      `${builder}: keyArn must be the ARN of the user pool's KMS key (arn:aws:kms:<region>:<account>:key/<id>), ` +
        `got ${keyArn === undefined || keyArn === '' ? 'nothing' : JSON.stringify(keyArn)}; ` +
        'set KEY_ARN to the key in the user pool LambdaConfig.KMSKeyID',
    );
  return keyArn;
};

/**
 * Decrypts codes with the user pool's KMS key through the Encryption SDK's KMS keyring, as Cognito's documentation
 * does. The function's role needs `kms:Decrypt` on the key. The SDK's packages are imported on the first decryption;
 * KMS is called with one signed request where the environment settles region and credentials (as in Lambda), else
 * through the KMS client of `@aws-sdk/client-kms` for the key's region.
 *
 * @example
 * ```ts
 * export const handler = customSmsSender({ …, decrypter: kmsDecrypter({ keyArn: process.env.KEY_ARN }) });
 * ```
 */
const kmsDecrypter = (options: KmsDecrypterOptions): CodeDecrypter => {
  const keyArn = checkedKeyArn('kmsDecrypter', options.keyArn);
  const need: PackageNeed = { by: 'kmsDecrypter', to: 'decrypt the code' };
  const clientProvider =
    options.clientProvider ?? kmsClientProvider({ clientConfig: options.clientConfig, need });
  return decrypterFor(
    `KMS key ${keyArn}`,
    need,
    () => kmsKeyring(need, { clientProvider, keyArn }),
    options.commitmentPolicy ?? DEFAULT_POLICY,
  );
};

export type { CodeDecrypter, CommitmentPolicyName, DecryptPackages, KmsDecrypterOptions, PackageNeed };
export {
  CodeDecryptionError,
  checkedKeyArn,
  DEFAULT_POLICY,
  decrypterFor,
  kmsDecrypter,
  kmsKeyring,
  materialPackage,
};
