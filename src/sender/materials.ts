/**
 * @module sender/materials — the decryption materials of a custom sender's code: what the Encryption SDK's default
 * materials manager for Node.js does, with the signing key of a signed message (Cognito's messages are signed, ECDSA
 * P-384) read by Node.js's own crypto. The SDK reads it with bn.js and writes it as PEM with asn1.js, pure JavaScript
 * that costs a cold start tens of milliseconds before it is optimised; the key, the checks and the result are the same.
 */
import { createPublicKey, ECDH, type KeyObject } from 'node:crypto';
import type {
  KeyringNode,
  NodeAlgorithmSuite,
  NodeDecryptionMaterial,
  NodeMaterialsManager,
} from '@aws-crypto/material-management-node';
import type { DecryptPackages } from './decrypt.js';

/** Where the SDK keeps a signed message's public key: the encryption context, compressed, base64. */
const ENCODED_SIGNER_KEY = 'aws-crypto-public-key';

/** Node.js's curve names for the SDK's, and their JWK names. */
const CURVES: Readonly<Record<string, { readonly jwk: string; readonly ecdh: string }>> = {
  prime256v1: { jwk: 'P-256', ecdh: 'prime256v1' },
  secp256r1: { jwk: 'P-256', ecdh: 'prime256v1' },
  secp384r1: { jwk: 'P-384', ecdh: 'secp384r1' },
};

/**
 * The public key of a signed message from its compressed point, as a Node.js key: the point is decompressed, and
 * checked to be on the curve, by OpenSSL.
 *
 * @example
 * ```ts
 * const key = verificationKeyOf(context['aws-crypto-public-key'], 'secp384r1');
 * ```
 */
const verificationKeyOf = (compressedBase64: string, curve: string): KeyObject => {
  const names = CURVES[curve];
  if (!names) throw new Error(`Unsupported signature curve ${curve}`);
  const point = ECDH.convertKey(
    Buffer.from(compressedBase64, 'base64'),
    names.ecdh,
    undefined,
    undefined,
    'uncompressed',
  ) as Buffer;
  const size = (point.length - 1) / 2;
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: names.jwk,
      x: point.subarray(1, 1 + size).toString('base64url'),
      y: point.subarray(1 + size).toString('base64url'),
    },
    format: 'jwk',
  });
};

/**
 * A materials manager for decryption over `keyring`, with the checks of the SDK's default one: a signed suite's
 * context must hold its public key, an unsigned suite's must not, and the keyring must give a valid data key.
 *
 * @example
 * ```ts
 * const { plaintext } = await decrypt(decryptionMaterials(packages, keyring), ciphertext);
 * ```
 */
const decryptionMaterials = (
  { materials, neutral }: Pick<DecryptPackages, 'materials' | 'neutral'>,
  keyring: KeyringNode,
): NodeMaterialsManager => {
  const Material = materials.NodeDecryptionMaterial;
  const { VerificationKey } = neutral;
  const needs: (condition: unknown, message: string) => asserts condition = materials.needs;
  return {
    getEncryptionMaterials: () => Promise.reject(new Error('decryption only')),
    async decryptMaterials({ suite, encryptedDataKeys, encryptionContext }) {
      const material = new Material(suite as NodeAlgorithmSuite, encryptionContext);
      const { signatureCurve } = suite as NodeAlgorithmSuite;
      const signerKey = Object.hasOwn(encryptionContext, ENCODED_SIGNER_KEY)
        ? encryptionContext[ENCODED_SIGNER_KEY]
        : undefined;
      if (signatureCurve) {
        needs(signerKey, 'Context does not contain required public key.');
        material.setVerificationKey(
          new VerificationKey(verificationKeyOf(signerKey as string, signatureCurve) as never, suite),
        );
      } else
        needs(
          signerKey === undefined,
          'Encryption context contains public verification key for unsigned algorithm suite.',
        );
      const decrypted = (await keyring.onDecrypt(
        material,
        encryptedDataKeys.slice(),
      )) as NodeDecryptionMaterial;
      needs(decrypted.getUnencryptedDataKey(), 'Unencrypted data key is invalid.');
      return decrypted;
    },
  } as NodeMaterialsManager;
};

export { decryptionMaterials, verificationKeyOf };
