/**
 * @module sender/kms-client — the KMS client the Encryption SDK's KMS keyring calls (Decrypt; GenerateDataKey and
 * Encrypt to encrypt as Cognito does). Where the environment settles the key's region, credentials and endpoint (as
 * Lambda's does), each call is one signed JSON request, so that the first decryption does not load the KMS client; the
 * client from `@aws-sdk/client-kms` is used otherwise, or when settings for it are given.
 */
import type { AwsEsdkKMSInterface, KmsClientSupplier } from '@aws-crypto/kms-keyring';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { importOptional, type PackageNeed } from '../aws/optional-package.js';
import { type RequestSettings, settingsFromEnvironment } from '../aws/signed-request.js';
import { callSigned, serviceError } from './signed-call.js';

/** What the keyring calls: the three KMS operations, each resolving to the SDK's output shape. */
type KmsClient = AwsEsdkKMSInterface;
/** A KMS client for a region, or `false` to refuse keys in that region (the Encryption SDK's client supplier). */
type KmsClientProvider = KmsClientSupplier<KmsClient>;

const KMS = { id: 'KMS', endpointPrefix: 'kms' } as const;
/** No KMS call should take this long; the callers' own deadlines end sooner. */
const CALL_TIMEOUT_MS = 10_000;

const base64 = (bytes: Uint8Array | undefined) =>
  bytes === undefined
    ? undefined
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
/** A blob of the answer as bytes of their own: the keyring zeroes what KMS returned once it has copied it. */
const bytes = (value: unknown) =>
  typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;

/** KMS over signed JSON 1.1 requests, for one region's settings. */
const signedKmsClient = (settings: RequestSettings): KmsClient => {
  const call = async (operation: string, input: Record<string, unknown>) => {
    const answer = await callSigned(settings, {
      service: 'kms',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `TrentService.${operation}`,
      },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    if (answer.status < 200 || answer.status >= 300) throw serviceError(answer);
    return JSON.parse(answer.text) as Record<string, unknown>;
  };
  return {
    async decrypt({ KeyId, CiphertextBlob, EncryptionContext, GrantTokens }) {
      const output = await call('Decrypt', {
        KeyId,
        CiphertextBlob: base64(CiphertextBlob),
        EncryptionContext,
        GrantTokens,
      });
      return { KeyId: output.KeyId as string, Plaintext: bytes(output.Plaintext) };
    },
    async encrypt({ KeyId, Plaintext, EncryptionContext, GrantTokens }) {
      const output = await call('Encrypt', {
        KeyId,
        Plaintext: base64(Plaintext),
        EncryptionContext,
        GrantTokens,
      });
      return { KeyId: output.KeyId as string, CiphertextBlob: bytes(output.CiphertextBlob) };
    },
    async generateDataKey({ KeyId, NumberOfBytes, EncryptionContext, GrantTokens }) {
      const output = await call('GenerateDataKey', { KeyId, NumberOfBytes, EncryptionContext, GrantTokens });
      return {
        KeyId: output.KeyId as string,
        Plaintext: bytes(output.Plaintext),
        CiphertextBlob: bytes(output.CiphertextBlob),
      };
    },
  };
};

type KmsSdk = typeof import('@aws-sdk/client-kms');

/** The KMS client of `@aws-sdk/client-kms` for one region, loaded on its first call. */
const sdkKmsClient = (config: KMSClientConfig, need: PackageNeed): KmsClient => {
  let ready: Promise<{ sdk: KmsSdk; client: InstanceType<KmsSdk['KMSClient']> }> | undefined;
  const connect = () => {
    ready ??= importOptional(() => import('@aws-sdk/client-kms'), '@aws-sdk/client-kms', need).then(
      (sdk) => ({ sdk, client: new sdk.KMSClient(config) }),
    );
    return ready;
  };
  return {
    async decrypt(input) {
      const { sdk, client } = await connect();
      return client.send(new sdk.DecryptCommand(input));
    },
    async encrypt(input) {
      const { sdk, client } = await connect();
      return client.send(new sdk.EncryptCommand(input));
    },
    async generateDataKey(input) {
      const { sdk, client } = await connect();
      return client.send(new sdk.GenerateDataKeyCommand(input));
    },
  };
};

/**
 * The keyring's client supplier: one client per region for the life of the function. With `clientConfig`, the SDK's
 * KMS client with those settings (the region is the key's); without, a signed-request client where the environment
 * settles the key's region (`AWS_ENDPOINT_URL_KMS` included), else the SDK's client.
 *
 * @example
 * ```ts
 * const clientProvider = kmsClientProvider({ need: { by: 'kmsDecrypter', to: 'decrypt the code' } });
 * ```
 */
const kmsClientProvider = (options: {
  readonly clientConfig?: KMSClientConfig | undefined;
  readonly need: PackageNeed;
  readonly env?: NodeJS.ProcessEnv;
}): KmsClientProvider => {
  const clients = new Map<string, KmsClient>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      const settings = options.clientConfig
        ? undefined
        : settingsFromEnvironment(KMS, { ...(options.env ?? process.env), AWS_REGION: region });
      client = settings
        ? signedKmsClient(settings)
        : sdkKmsClient({ ...options.clientConfig, region }, options.need);
      clients.set(region, client);
    }
    return client;
  };
};

export type { KmsClient, KmsClientProvider };
export { kmsClientProvider, signedKmsClient };
