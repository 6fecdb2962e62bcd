/**
 * @module sender/local-keyring — a local AES key that encrypts codes as Cognito does and decrypts them as the deployed
 * function does, for tests and the local simulator, with no AWS account. Kept apart from the KMS decrypter so that a
 * deployed bundle, which never builds one, carries none of it.
 */
import { randomBytes } from 'node:crypto';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import { importOptional, type PackageNeed } from '../aws/optional-package.js';
import { type CodeDecrypter, DEFAULT_POLICY, decrypterFor } from './decrypt.js';
import { encrypter } from './encrypt.js';

/** A local key that encrypts codes as Cognito does and decrypts them as the deployed function does. */
interface LocalKeyring extends CodeDecrypter {
  /** Encrypts a code (or temporary password) and returns the base64 Encryption SDK message, as in `request.code`. */
  encrypt(code: string): Promise<string>;
  /** A copy of the AES key, to build the same keyring elsewhere (e.g. in the process that runs the handler). */
  readonly keyBytes: Uint8Array;
}

const LOCAL_KEY = { keyNamespace: 'cognito-trigger-kit', keyName: 'local' } as const;

let aesLoading: Promise<typeof import('@aws-crypto/raw-aes-keyring-node')> | undefined;
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
  const keyring = async (need: PackageNeed): Promise<KeyringNode> => {
    aesLoading ??= import('@aws-crypto/raw-aes-keyring-node');
    const loading = aesLoading;
    const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = await importOptional(
      () => loading,
      '@aws-crypto/raw-aes-keyring-node',
      need,
    );
    return new RawAesKeyringNode({
      ...LOCAL_KEY,
      unencryptedMasterKey: Uint8Array.from(key),
      wrappingSuite:
        RawAesWrappingSuiteIdentifier[
          `AES${key.length * 8}_GCM_IV12_TAG16_NO_PADDING` as 'AES256_GCM_IV12_TAG16_NO_PADDING'
        ],
    });
  };
  const toDecrypt: PackageNeed = { by: 'localKeyring', to: 'decrypt the code' };
  const decrypter = decrypterFor('the local key', toDecrypt, () => keyring(toDecrypt), DEFAULT_POLICY);
  let encryption: Promise<{ ring: KeyringNode; encrypt: Awaited<ReturnType<typeof encrypter>> }> | undefined;
  return {
    decrypt: (ciphertextBase64) => decrypter.decrypt(ciphertextBase64),
    async encrypt(code) {
      const toEncrypt: PackageNeed = { by: 'localKeyring', to: 'encrypt the code' };
      encryption ??= Promise.all([keyring(toEncrypt), encrypter(toEncrypt)]).then(([ring, encrypt]) => ({
        ring,
        encrypt,
      }));
      const { ring, encrypt } = await encryption.catch((error: unknown) => {
        encryption = undefined;
        throw error;
      });
      const { result } = await encrypt(ring, code);
      return result.toString('base64');
    },
    get keyBytes() {
      return Uint8Array.from(key);
    },
  };
};

export type { LocalKeyring };
export { localKeyring };
