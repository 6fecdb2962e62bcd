/**
 * @module preview/ciphertext — the code as Cognito hands it to a Custom SMS sender, encrypted with the AWS Encryption
 * SDK under the local KMS. The preview's local keys come from one fixed secret, so a ciphertext made once opens in
 * every later run: it is kept in the system's temporary folder, and only the first run loads the Encryption SDK.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The local KMS's key material for previews. Nothing real is encrypted with it: the code is a sample. */
const PREVIEW_KMS_SECRET = createHash('sha256')
  .update('cognito-trigger-kit preview: local KMS keys')
  .digest();

const CACHE = join(tmpdir(), 'cognito-trigger-preview');

/**
 * The ciphertext of `code` under `keyArn`, from the cache, else from `encrypt` (then cached).
 *
 * @example
 * ```ts
 * const code = await previewCiphertext('123456', keyArn, () => kms.setup(handler).encrypt('123456', keyArn));
 * ```
 */
const previewCiphertext = async (
  code: string,
  keyArn: string,
  encrypt: () => Promise<string>,
): Promise<string> => {
  const key = createHash('sha1')
    .update(`${keyArn}\0${code}\0${PREVIEW_KMS_SECRET.toString('hex')}`)
    .digest('hex');
  const file = join(CACHE, `${key}.b64`);
  try {
    const cached = readFileSync(file, 'utf8');
    if (/^[A-Za-z0-9+/]+=*$/.test(cached)) return cached;
  } catch {
    // not made yet
  }
  const ciphertext = await encrypt();
  try {
    mkdirSync(CACHE, { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, ciphertext);
    renameSync(temporary, file);
  } catch {
    // a cache that can't be written only costs time
  }
  return ciphertext;
};

export { PREVIEW_KMS_SECRET, previewCiphertext };
