/**
 * @module sms/decrypt — the code in a Custom SMS sender event, decrypted with the AWS Encryption SDK: the decrypters
 * every custom sender shares (src/sender), named here as the Custom SMS sender's API has always named them.
 */
export type { PackageNeed } from '../aws/optional-package.js';
export type { CodeDecrypter, CommitmentPolicyName, KmsDecrypterOptions } from '../sender/decrypt.js';
export { CodeDecryptionError, kmsDecrypter } from '../sender/decrypt.js';
export type { LocalKeyring } from '../sender/local-keyring.js';
export { localKeyring } from '../sender/local-keyring.js';
