/**
 * @module bench/senders/client-node — the decrypter the senders had before they imported the Encryption SDK's own
 * packages: `@aws-crypto/client-node`'s KMS keyring and client, loaded on the first decryption (with the KMS and
 * DynamoDB clients it pulls in), as the benchmark's reference for what the senders cost before.
 */
import type { CodeDecrypter } from 'cognito-trigger-kit/sms';

export const clientNodeDecrypter = (keyArn: string): CodeDecrypter => {
  let ready: Promise<(ciphertext: Buffer) => Promise<string>> | undefined;
  return {
    async decrypt(ciphertextBase64) {
      ready ??= import('@aws-crypto/client-node').then((sdk) => {
        const keyring = new sdk.KmsKeyringNode({ keyIds: [keyArn] });
        const { decrypt } = sdk.buildClient(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
        return async (ciphertext) => (await decrypt(keyring, ciphertext)).plaintext.toString('utf8');
      });
      return (await ready)(Buffer.from(ciphertextBase64, 'base64'));
    },
  };
};
