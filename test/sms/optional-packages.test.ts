import { describe, expect, it } from 'vitest';
import { importOptional, MissingPackageError } from '../../src/aws/optional-package.js';
import { printRejection, type Rejection, runWithout } from './missing-package.js';

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ENCRYPTION_SDK_MISSING =
  'kmsDecrypter needs @aws-crypto/decrypt-node to decrypt the code: npm install @aws-crypto/decrypt-node';
const SNS_MISSING =
  'The Custom SMS sender needs @aws-sdk/client-sns to publish the SMS: npm install @aws-sdk/client-sns';
/** A child process loads TypeScript through the project's hooks: seconds on a busy machine. */
const CHILD_TIMEOUT_MS = 60_000;

/** An error as Node.js's loaders give it, with its code. */
const loaderError = (message: string, code: string) => Object.assign(new Error(message), { code });
const NEED = { by: 'The Custom SMS sender', to: 'publish the SMS' };

/** A handler with one brand and no template (Cognito's wording), its decrypter made by `decrypter` (script text). */
const handlerScript = (decrypter: string, code: string) => `
import { customSmsSender, customSmsSenderEvent, kmsDecrypter, localKeyring } from 'cognito-trigger-kit/sms';
const keyring = localKeyring();
const handler = customSmsSender({
  brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
  defaultBrand: 'acme',
  templates: {},
  decrypter: ${decrypter},
  clientConfig: { region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
});
const event = customSmsSenderEvent('CustomSMSSender_SignUp', { code: ${code} });
${printRejection('handler(event)')}`;

describe('Function: importOptional', () => {
  it('throws a MissingPackageError that names the package and the command that installs it when ESM cannot find the package', async () => {
    // Prepare
    const notFound = loaderError(
      "Cannot find package '@aws-sdk/client-sns' imported from /var/task/index.mjs",
      'ERR_MODULE_NOT_FOUND',
    );

    // Act
    const error = await importOptional(() => Promise.reject(notFound), '@aws-sdk/client-sns', NEED).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(MissingPackageError);
    expect(error).toMatchObject({ name: 'MissingPackageError', message: SNS_MISSING, cause: notFound });
    expect((error as MissingPackageError).packageName).toBe('@aws-sdk/client-sns');
  });

  it('throws a MissingPackageError when CommonJS cannot find the package', async () => {
    // Prepare
    const notFound = loaderError(
      "Cannot find module '@aws-sdk/client-sns'\nRequire stack:\n- /var/task/index.js",
      'MODULE_NOT_FOUND',
    );

    // Act
    const error = await importOptional(() => Promise.reject(notFound), '@aws-sdk/client-sns', NEED).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toMatchObject({ name: 'MissingPackageError', message: SNS_MISSING, cause: notFound });
  });

  it('throws a MissingPackageError when the package is there without its files', async () => {
    // Prepare
    const notFound = loaderError(
      "Cannot find module '/var/task/node_modules/@aws-sdk/client-sns/dist-es/index.js' imported from /var/task/index.mjs",
      'ERR_MODULE_NOT_FOUND',
    );

    // Act
    const error = await importOptional(() => Promise.reject(notFound), '@aws-sdk/client-sns', NEED).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(MissingPackageError);
  });

  it.each([
    [
      'a dependency the package cannot find',
      loaderError(
        "Cannot find package '@smithy/smithy-client' imported from /var/task/node_modules/@aws-sdk/client-sns/dist-es/index.js",
        'ERR_MODULE_NOT_FOUND',
      ),
    ],
    [
      'another package with the same prefix',
      loaderError(
        "Cannot find package '@aws-sdk/client-sns-extra' imported from /x.mjs",
        'ERR_MODULE_NOT_FOUND',
      ),
    ],
    ['a failure that is not about finding a module', new SyntaxError("Unexpected token '<'")],
    [
      "a message that names the package without the loader's code",
      new Error("Cannot find package '@aws-sdk/client-sns'"),
    ],
  ])('passes on %s as it is', async (_, failure) => {
    // Act
    const error = await importOptional(() => Promise.reject(failure), '@aws-sdk/client-sns', NEED).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBe(failure);
  });

  it('gives back the module when it loads', async () => {
    // Act
    const loaded = await importOptional(() => Promise.resolve({ ok: true }), '@aws-sdk/client-sns', NEED);

    // Assess
    expect(loaded).toEqual({ ok: true });
  });
});

describe('Optional packages of the Custom SMS sender, missing from a Node.js process', () => {
  it('kmsDecrypter says to install @aws-crypto/decrypt-node when it is missing', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const rejection = await runWithout<Rejection>(
      '@aws-crypto/decrypt-node',
      `import { kmsDecrypter } from 'cognito-trigger-kit/sms';
      ${printRejection(`kmsDecrypter({ keyArn: '${KEY_ARN}' }).decrypt('AQID')`)}`,
    );

    // Assess
    expect(rejection).toMatchObject({
      name: 'MissingPackageError',
      message: ENCRYPTION_SDK_MISSING,
      packageName: '@aws-crypto/decrypt-node',
      cause: { code: 'ERR_MODULE_NOT_FOUND' },
    });
    expect(rejection.cause?.message).toMatch(
      /^Cannot find package '@aws-crypto\/decrypt-node' imported from /,
    );
  });

  it('localKeyring says to install @aws-crypto/encrypt-node to encrypt a code when it is missing', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const rejection = await runWithout<Rejection>(
      '@aws-crypto/encrypt-node',
      `import { localKeyring } from 'cognito-trigger-kit/sms';
      ${printRejection(`localKeyring().encrypt('123456')`)}`,
    );

    // Assess
    expect(rejection).toMatchObject({
      name: 'MissingPackageError',
      message:
        'localKeyring needs @aws-crypto/encrypt-node to encrypt the code: npm install @aws-crypto/encrypt-node',
    });
  });

  it('fails the invocation with the missing Encryption SDK as the cause, so that Lambda retries it', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const rejection = await runWithout<Rejection>(
      '@aws-crypto/decrypt-node',
      handlerScript(`kmsDecrypter({ keyArn: '${KEY_ARN}' })`, "'AQID'"),
    );

    // Assess
    expect(rejection).toMatchObject({
      name: 'CustomSmsSenderError',
      message: 'could not decrypt the code for CustomSMSSender_SignUp',
      cause: { name: 'MissingPackageError', message: ENCRYPTION_SDK_MISSING },
    });
  });

  it('says to install @aws-sdk/client-sns when only that is missing, after decrypting the code', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const rejection = await runWithout<Rejection>(
      '@aws-sdk/client-sns',
      handlerScript('keyring', "await keyring.encrypt('123456')"),
    );

    // Assess
    expect(rejection).toMatchObject({
      name: 'CustomSmsSenderError',
      message: 'SNS publish failed for CustomSMSSender_SignUp',
      cause: { name: 'MissingPackageError', message: SNS_MISSING },
    });
  });
});
