/**
 * @module local/sender-environment — what a Custom SMS sender needs to run offline: a local KMS endpoint that the
 * simulator encrypts codes with (as Cognito does, through the AWS Encryption SDK) and the function decrypts with, and a
 * local SNS endpoint that records what it publishes. The function reaches both through `AWS_ENDPOINT_URL_KMS` and
 * `AWS_ENDPOINT_URL_SNS`, so it runs its deployed code unchanged.
 */
import type { CustomSmsSenderSetup, PublishedSms } from './custom-sender.js';
import type { LambdaHandler } from './invoker.js';
import { startKmsEndpoint } from './kms-endpoint.js';
import { LOCAL_CREDENTIALS, localCredentialVariables } from './listen.js';
import { startSnsEndpoint } from './sns-endpoint.js';

interface SenderEnvironment {
  /** The variables the sender function needs: the endpoints, and credentials where the caller has none. */
  readonly variables: Readonly<Record<string, string>>;
  /** The simulator's side, once the function is opened. */
  setup(handler: LambdaHandler): CustomSmsSenderSetup;
  close(): Promise<void>;
}

/**
 * Starts the two endpoints. `secret` is the local KMS keys' material: keep it with the state so that ciphertexts from
 * one run open in the next.
 *
 * @example
 * ```ts
 * const environment = await startSenderEnvironment({ secret: store.secret('kms') });
 * const cognito = new LocalCognito({ customSmsSender: environment.setup(senderHandler) });
 * ```
 */
const startSenderEnvironment = async (
  options: { readonly secret?: Buffer } = {},
): Promise<SenderEnvironment> => {
  const kms = await startKmsEndpoint(options.secret ? { secret: options.secret } : {});
  const sns = await startSnsEndpoint();
  const variables: Record<string, string> = {
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    ...localCredentialVariables(),
  };
  let encryption: Promise<(code: string, keyArn: string) => Promise<string>> | undefined;
  const encrypter = async () => {
    let sdk: typeof import('@aws-crypto/client-node');
    try {
      sdk = await import('@aws-crypto/client-node');
    } catch (error) {
      throw new Error(
        `encrypting SMS codes as Cognito does needs the AWS Encryption SDK: npm install @aws-crypto/client-node (${(error as Error).message})`,
      );
    }
    const { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } = sdk;
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
    const clientProvider = getClient(KMS, { endpoint: kms.url, credentials: LOCAL_CREDENTIALS });
    return async (code: string, keyArn: string) => {
      const { result } = await encrypt(new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider }), code);
      return result.toString('base64');
    };
  };
  return {
    variables,
    setup: (handler) => ({
      handler,
      encrypt: async (code, keyArn) => {
        encryption ??= encrypter();
        return (await encryption)(code, keyArn);
      },
      published: (): readonly PublishedSms[] => sns.messages,
    }),
    close: async () => {
      await Promise.all([kms.close(), sns.close()]);
    },
  };
};

export type { SenderEnvironment };
export { startSenderEnvironment };
