import { describe, expect, it } from 'vitest';
import { printRejection, type Rejection, runWithout } from '../sms/missing-package.js';

const SSM_MISSING =
  'Brand configuration from Parameter Store needs @aws-sdk/client-ssm to call SSM: npm install @aws-sdk/client-ssm';
const APPCONFIG_MISSING =
  'Brand configuration from AppConfig needs @aws-sdk/client-appconfigdata to call AppConfig: npm install @aws-sdk/client-appconfigdata';
/** A child process loads TypeScript through the project's hooks: seconds on a busy machine. */
const CHILD_TIMEOUT_MS = 60_000;

/** Script text: the bundled brands, and client settings that make a source use the SDK client. */
const PREAMBLE = `
const fallback = { brands: { acme: { defaultLocale: 'en', locales: ['en'] } }, defaultBrand: 'acme', clientIds: {} };
const clientConfig = { region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const print = ({ origin, warning }) => console.log(JSON.stringify({ origin, warning }));`;

type Current = { origin: string; warning?: { reason: string; error?: string; using: string } };

describe('Optional packages of remote brand sources, missing from a Node.js process', () => {
  it('a Parameter Store fetch through the SDK fails with a MissingPackageError that says to install @aws-sdk/client-ssm', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const rejection = await runWithout<Rejection>(
      '@aws-sdk/client-ssm',
      `import { LazySsmProvider, sdkParameterStore } from './src/brand/providers.js';
      const provider = new LazySsmProvider(sdkParameterStore(async () => ({ send: async () => ({}) })));
      ${printRejection(`provider.get('/brands', { maxAge: 0, forceFetch: true })`)}`,
    );

    // Assess
    expect(rejection).toMatchObject({
      name: 'GetParameterError',
      message: SSM_MISSING,
      cause: { name: 'MissingPackageError', message: SSM_MISSING },
      causeOfCause: { code: 'ERR_MODULE_NOT_FOUND' },
    });
  });

  it('ssmBrands answers with the bundled brands, and its warning says what to install', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const current = await runWithout<Current>(
      '@aws-sdk/client-ssm',
      `import { ssmBrands } from 'cognito-trigger-kit/ssm';
      ${PREAMBLE}
      print(await ssmBrands({ name: '/brands', fallback, clientConfig }).current());`,
    );

    // Assess
    expect(current).toEqual({
      origin: 'bundled',
      warning: expect.objectContaining({
        reason: 'unavailable',
        error: `GetParameterError: ${SSM_MISSING}`,
        using: 'bundled',
      }),
    });
  });

  it('ssmBrands needs no @aws-sdk/client-ssm where the environment settles the request, as in Lambda', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const current = await runWithout<Current>(
      '@aws-sdk/client-ssm',
      `import { ssmBrands } from 'cognito-trigger-kit/ssm';
      import { startParameterEndpoint } from './src/local/parameter-endpoint.js';
      ${PREAMBLE}
      const endpoint = await startParameterEndpoint({ '/brands': { value: JSON.stringify(fallback) } });
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_SSM: endpoint.url });
      print(await ssmBrands({ name: '/brands', fallback, deadlineMs: 30_000 }).current());
      await endpoint.close();`,
    );

    // Assess
    expect(current).toEqual({ origin: 'remote' });
  });

  it('appConfigBrands answers with the bundled brands, and its warning says to install @aws-sdk/client-appconfigdata', {
    timeout: CHILD_TIMEOUT_MS,
  }, async () => {
    // Act
    const current = await runWithout<Current>(
      '@aws-sdk/client-appconfigdata',
      `import { appConfigBrands } from 'cognito-trigger-kit/appconfig';
      ${PREAMBLE}
      print(await appConfigBrands({ application: 'app', environment: 'prod', profile: 'brands', fallback, clientConfig }).current());`,
    );

    // Assess
    expect(current).toEqual({
      origin: 'bundled',
      warning: expect.objectContaining({
        reason: 'unavailable',
        error: `GetParameterError: ${APPCONFIG_MISSING}`,
        using: 'bundled',
      }),
    });
  });
});
