/**
 * @module local/sender-environment — what the custom senders need to run offline: a local KMS endpoint that the
 * simulator encrypts codes with (as Cognito does, through the AWS Encryption SDK) and the functions decrypt with, a
 * local SNS endpoint that records what the Custom SMS sender publishes, and a local SES v2 endpoint that records what
 * the Custom email sender sends. The functions reach them through `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL_SNS` and
 * `AWS_ENDPOINT_URL_SESV2`, so they run their deployed code unchanged.
 */

import { type CodeEncrypter, kmsCodeEncrypter } from '../sender/encrypt.js';
import { kmsClientProvider } from '../sender/kms-client.js';
import type { CustomEmailSenderSetup, CustomSmsSenderSetup, SentEmail } from './custom-sender.js';
import type { LambdaHandler } from './invoker.js';
import { startKmsEndpoint } from './kms-endpoint.js';
import { LOCAL_CREDENTIALS, localCredentialVariables } from './listen.js';
import type { PoolDocument } from './pool.js';
import { startSesEndpoint } from './ses-endpoint.js';
import { startSnsEndpoint } from './sns-endpoint.js';

interface SenderEnvironment {
  /** The variables the sender functions need: the endpoints, and credentials where the caller has none. */
  readonly variables: Readonly<Record<string, string>>;
  /** The simulator's side of a Custom SMS sender; without a handler, the pool's LambdaArn finds it in `functions`. */
  setup(handler?: LambdaHandler): CustomSmsSenderSetup;
  /** The simulator's side of a Custom email sender; without a handler, as `setup`. */
  emailSetup(handler?: LambdaHandler): CustomEmailSenderSetup;
  close(): Promise<void>;
}

/**
 * Starts the three endpoints. `secret` is the local KMS keys' material: keep it with the state so that ciphertexts
 * from one run open in the next.
 *
 * @example
 * ```ts
 * const environment = await startSenderEnvironment({ secret: store.secret('kms') });
 * const cognito = new LocalCognito({
 *   customSmsSender: environment.setup(smsSender),
 *   customEmailSender: environment.emailSetup(emailSender),
 * });
 * ```
 */
const startSenderEnvironment = async (
  options: { readonly secret?: Buffer } = {},
): Promise<SenderEnvironment> => {
  const [kms, sns, ses] = await Promise.all([
    startKmsEndpoint(options.secret ? { secret: options.secret } : {}),
    startSnsEndpoint(),
    startSesEndpoint(),
  ]);
  const variables: Record<string, string> = {
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SESV2: ses.url,
    ...localCredentialVariables(),
  };
  // Cognito's part: one signed KMS request per call, to the local endpoint, whatever this process's environment says.
  const encrypt: CodeEncrypter = kmsCodeEncrypter({
    clientProvider: kmsClientProvider({
      need: { by: 'the local Cognito', to: 'encrypt codes for a custom sender as Cognito does' },
      env: {
        AWS_ENDPOINT_URL_KMS: kms.url,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      },
    }),
  });
  return {
    variables,
    setup: (handler) => ({ ...(handler ? { handler } : {}), encrypt, published: () => sns.messages }),
    emailSetup: (handler) => ({
      ...(handler ? { handler } : {}),
      encrypt,
      sent: (): readonly SentEmail[] => ses.emails,
    }),
    close: async () => {
      await Promise.all([kms.close(), sns.close(), ses.close()]);
    },
  };
};

/**
 * The variables a pool's sender function is opened with: the environment's endpoints and, unless `environment`
 * sets it, `KEY_ARN` set to the key of the first pool with a custom sender.
 */
const senderVariables = (
  environment: SenderEnvironment,
  pools: readonly PoolDocument[],
  given: Readonly<Record<string, string>> = {},
): Record<string, string> => {
  const key = pools
    .map((pool) => (pool.UserPool.LambdaConfig as { KMSKeyID?: unknown } | undefined)?.KMSKeyID)
    .find((id): id is string => typeof id === 'string');
  return {
    ...(given.KEY_ARN === undefined && key !== undefined ? { KEY_ARN: key } : {}),
    ...environment.variables,
  };
};

export type { SenderEnvironment };
export { senderVariables, startSenderEnvironment };
