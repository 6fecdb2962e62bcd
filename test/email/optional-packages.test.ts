import { describe, expect, it } from 'vitest';
import { printRejection, type Rejection, runWithout } from '../sms/missing-package.js';

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** A child process loads TypeScript through the project's hooks: seconds on a busy machine. */
const CHILD_TIMEOUT_MS = 60_000;

/** A handler with one brand and no template (Cognito's wording), its decrypter made by `decrypter` (script text). */
const handlerScript = (decrypter: string, code: string) => `
import { customEmailSender, customEmailSenderEvent, kmsDecrypter, localKeyring } from 'cognito-trigger-kit/email';
const keyring = localKeyring();
const handler = customEmailSender({
  brands: { acme: { defaultLocale: 'en', locales: ['en'], email: { from: 'Acme <no-reply@acme.example>' } } },
  defaultBrand: 'acme',
  templates: {},
  decrypter: ${decrypter},
  clientConfig: { region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
});
const event = customEmailSenderEvent('CustomEmailSender_SignUp', { code: ${code} });
${printRejection('handler(event)')}`;

describe('Optional packages of the Custom email sender, missing from a Node.js process', () => {
  it('says to install @aws-sdk/client-sesv2 when only that is missing, after decrypting the code', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    const rejection = await runWithout<Rejection>(
      '@aws-sdk/client-sesv2',
      handlerScript('keyring', "await keyring.encrypt('123456')"),
    );
    expect(rejection).toMatchObject({
      name: 'CustomEmailSenderError',
      message: 'SES send failed for CustomEmailSender_SignUp',
      cause: {
        name: 'MissingPackageError',
        message:
          'The Custom email sender needs @aws-sdk/client-sesv2 to send the email: npm install @aws-sdk/client-sesv2',
      },
    });
  });

  it('says to install @aws-crypto/material-management when the decrypter misses it, so that Lambda retries', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    const rejection = await runWithout<Rejection>(
      '@aws-crypto/material-management',
      handlerScript(`kmsDecrypter({ keyArn: '${KEY_ARN}' })`, "'AQID'"),
    );
    expect(rejection).toMatchObject({
      name: 'CustomEmailSenderError',
      message: 'could not decrypt the code for CustomEmailSender_SignUp',
      cause: {
        name: 'MissingPackageError',
        message:
          'kmsDecrypter needs @aws-crypto/material-management to decrypt the code: npm install @aws-crypto/material-management',
      },
    });
  });
});
