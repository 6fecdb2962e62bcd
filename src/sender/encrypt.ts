/**
 * @module sender/encrypt — codes encrypted as Cognito encrypts them for a custom sender trigger: an AWS Encryption SDK
 * message (key commitment, format version 2) under the user pool's KMS key, base64-encoded into `request.code`. For
 * the local simulator and tests, which play Cognito's part.
 */
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { importOptional, type PackageNeed } from '../aws/optional-package.js';
import { checkedKeyArn, kmsKeyring, materialPackage } from './decrypt.js';
import { type KmsClientProvider, kmsClientProvider } from './kms-client.js';

let encryptLoading: Promise<typeof import('@aws-crypto/encrypt-node')> | undefined;

/**
 * `@aws-crypto/encrypt-node`'s `encrypt`, with the policy Cognito's messages follow (key commitment, format version 2).
 *
 * @example
 * ```ts
 * const encrypt = await encrypter({ by: 'localKeyring', to: 'encrypt the code' });
 * const { result } = await encrypt(keyring, '482916');
 * ```
 */
const encrypter = async (need: PackageNeed) => {
  encryptLoading ??= import('@aws-crypto/encrypt-node');
  const loading = encryptLoading;
  const [{ buildEncrypt }, { CommitmentPolicy }] = await Promise.all([
    importOptional(() => loading, '@aws-crypto/encrypt-node', need),
    materialPackage(need),
  ]);
  return buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt;
};

/** Encrypts a code (or temporary password) under a KMS key, as Cognito does for the pool's `KMSKeyID`. */
type CodeEncrypter = (code: string, keyArn: string) => Promise<string>;

/**
 * Encrypts codes as Cognito does for a custom sender trigger (Custom SMS sender or Custom email sender): the
 * Encryption SDK's KMS keyring with the pool's key as generator, base64 of the message. KMS is reached as
 * `kmsDecrypter` reaches it: `clientConfig` (e.g. a local KMS endpoint and credentials), or the environment.
 *
 * @example
 * ```ts
 * const encrypt = kmsCodeEncrypter({ clientConfig: { endpoint: kms.url, credentials } });
 * const event = customEmailSenderEvent('CustomEmailSender_SignUp', { code: await encrypt('482916', keyArn) });
 * ```
 */
const kmsCodeEncrypter = (
  options: { readonly clientConfig?: KMSClientConfig; readonly clientProvider?: KmsClientProvider } = {},
): CodeEncrypter => {
  const need: PackageNeed = { by: 'kmsCodeEncrypter', to: 'encrypt the code' };
  const clientProvider =
    options.clientProvider ?? kmsClientProvider({ clientConfig: options.clientConfig, need });
  return async (code, keyArn) => {
    const [keyring, encrypt] = await Promise.all([
      kmsKeyring(need, {
        clientProvider,
        keyArn: checkedKeyArn('kmsCodeEncrypter', keyArn),
        generator: true,
      }),
      encrypter(need),
    ]);
    const { result } = await encrypt(keyring, code);
    return result.toString('base64');
  };
};

export type { CodeEncrypter };
export { encrypter, kmsCodeEncrypter };
