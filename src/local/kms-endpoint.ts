/**
 * @module local/kms-endpoint — a local AWS KMS endpoint on 127.0.0.1 for the calls the AWS Encryption SDK's KMS
 * keyring makes (GenerateDataKey, Encrypt, Decrypt), so that a Custom SMS sender decrypts its code locally with the
 * same code it runs in Lambda: only `AWS_ENDPOINT_URL_KMS` differs. Every key ARN names a symmetric key whose
 * material is derived from the endpoint's secret; blobs are AES-256-GCM with the encryption context authenticated.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import {
  answerJson,
  answerJsonError,
  EndpointError,
  listenLocally,
  parseJsonObject,
  readBody,
} from './listen.js';

interface KmsEndpoint {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_KMS` or a `KMSClient`'s `endpoint`. */
  readonly url: string;
  /** Every request for an operation the endpoint serves, as `<operation> <key>`. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const MAGIC = Buffer.from('LKMS');
const TARGET_PREFIX = 'TrentService.';
const KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;

/** The encryption context as authenticated data: the same bytes whatever order its members come in. */
const contextBytes = (context: unknown) =>
  Buffer.from(
    JSON.stringify(
      Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
    ),
  );

/**
 * Starts the endpoint. Blobs made with one secret open only with the same secret: pass the one kept in the local
 * state to decrypt across runs (default: a new random secret).
 *
 * @example
 * ```ts
 * const kms = await startKmsEndpoint();
 * process.env.AWS_ENDPOINT_URL_KMS = kms.url;
 * ```
 */
const startKmsEndpoint = async (options: { readonly secret?: Buffer } = {}): Promise<KmsEndpoint> => {
  const secret = options.secret ?? randomBytes(32);
  const requests: string[] = [];
  const keyFor = (arn: string) => createHmac('sha256', secret).update(arn).digest();

  const checkedArn = (keyId: unknown): string => {
    if (typeof keyId !== 'string' || !KEY_ARN.test(keyId))
      throw new EndpointError('NotFoundException', `Invalid keyId '${String(keyId)}'`);
    return keyId;
  };

  const seal = (arn: string, plaintext: Buffer, context: unknown) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyFor(arn), iv);
    cipher.setAAD(contextBytes(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const name = Buffer.from(arn);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(name.length);
    return Buffer.concat([MAGIC, length, name, iv, cipher.getAuthTag(), sealed]);
  };

  const open = (blob: Buffer, context: unknown, expected: unknown) => {
    const invalid = () => new EndpointError('InvalidCiphertextException', '');
    if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid();
    const nameStart = MAGIC.length + 2;
    const ivStart = nameStart + blob.readUInt16BE(MAGIC.length);
    const tagStart = ivStart + 12;
    const bodyStart = tagStart + 16;
    const arn = blob.subarray(nameStart, ivStart).toString();
    if (expected !== undefined && expected !== arn)
      throw new EndpointError(
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    const iv = blob.subarray(ivStart, tagStart);
    const tag = blob.subarray(tagStart, bodyStart);
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(checkedArn(arn)), iv);
      decipher.setAAD(contextBytes(context));
      decipher.setAuthTag(tag);
      return { arn, plaintext: Buffer.concat([decipher.update(blob.subarray(bodyStart)), decipher.final()]) };
    } catch {
      throw invalid();
    }
  };

  // A Map, so that a target naming an Object.prototype member (`TrentService.constructor`) is not an operation.
  const operations = new Map<string, (input: Record<string, unknown>) => Record<string, unknown>>([
    [
      'GenerateDataKey',
      (input) => {
        const arn = checkedArn(input.KeyId);
        const bytes = Number(input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32));
        if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024)
          throw new EndpointError('ValidationException', 'NumberOfBytes must be between 1 and 1024');
        const plaintext = randomBytes(bytes);
        return {
          KeyId: arn,
          Plaintext: plaintext.toString('base64'),
          CiphertextBlob: seal(arn, plaintext, input.EncryptionContext).toString('base64'),
        };
      },
    ],
    [
      'Encrypt',
      (input) => {
        const arn = checkedArn(input.KeyId);
        const plaintext = Buffer.from(String(input.Plaintext ?? ''), 'base64');
        return {
          KeyId: arn,
          CiphertextBlob: seal(arn, plaintext, input.EncryptionContext).toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      },
    ],
    [
      'Decrypt',
      (input) => {
        const { arn, plaintext } = open(
          Buffer.from(String(input.CiphertextBlob ?? ''), 'base64'),
          input.EncryptionContext,
          input.KeyId,
        );
        return {
          KeyId: arn,
          Plaintext: plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      },
    ],
  ]);

  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    try {
      const body = await readBody(request, response);
      const run = target.startsWith(TARGET_PREFIX)
        ? operations.get(target.slice(TARGET_PREFIX.length))
        : undefined;
      if (!run)
        throw new EndpointError(
          'UnknownOperationException',
          `${target || 'A request without X-Amz-Target'} is not an operation the local KMS endpoint serves.`,
        );
      const input = parseJsonObject(body);
      requests.push(`${target.slice(TARGET_PREFIX.length)} ${String(input.KeyId ?? '')}`.trim());
      answerJson(response, 200, run(input));
    } catch (error) {
      if (error instanceof EndpointError) answerJsonError(response, error);
      else answerJsonError(response, new EndpointError('KMSInternalException', String(error), 500));
    }
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    requests,
    close,
  };
};

export type { KmsEndpoint };
export { startKmsEndpoint };
