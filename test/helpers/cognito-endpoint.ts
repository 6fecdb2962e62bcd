/** @module test/helpers/cognito-endpoint — a local Cognito endpoint per test file, with an SDK client on it. */
import {
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type LocalCognitoEndpoint,
  type StartLocalCognitoOptions,
  startLocalCognito,
} from '../../src/testing/local-cognito.js';

/** The demo pool and its acme-web app client. */
const POOL = 'us-west-2_aaaaaaaaa';
const ACME = '4fk0g8ht3nq2r7m9v6c1b5d8e2';
/** The repository's root, where `handlers/` lies. */
const ROOT = new URL('../../', import.meta.url).pathname;
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

/** An SDK client on a local endpoint, in us-west-2 with throwaway credentials. */
const sdkClient = (
  endpoint: LocalCognitoEndpoint,
  config: CognitoIdentityProviderClientConfig = {},
): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    endpoint: endpoint.endpoint,
    region: 'us-west-2',
    credentials: LOCAL_CREDENTIALS,
    ...config,
  });

/**
 * Starts a local Cognito endpoint before the file's tests and an SDK client on it, resets the endpoint before each
 * test and closes both after the last. Read `cognito` and `client` inside hooks and tests.
 *
 * @example
 * ```ts
 * const local = useCognitoEndpoint({ handler: 'handlers/custom-message.ts', cwd: ROOT });
 * it('…', async () => { await local.client.send(new GetUserCommand({ AccessToken })); });
 * ```
 */
const useCognitoEndpoint = (
  options: StartLocalCognitoOptions,
  clientConfig: CognitoIdentityProviderClientConfig = {},
): { readonly cognito: LocalCognitoEndpoint; readonly client: CognitoIdentityProviderClient } => {
  const held = {} as { cognito: LocalCognitoEndpoint; client: CognitoIdentityProviderClient };
  beforeAll(async () => {
    held.cognito = await startLocalCognito(options);
    held.client = sdkClient(held.cognito, clientConfig);
  }, 60_000);
  afterAll(async () => {
    held.client?.destroy();
    await held.cognito?.close();
  });
  beforeEach(() => held.cognito.reset());
  return held;
};

/** AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH through acme-web in the demo pool. */
const adminSignIn = (
  client: CognitoIdentityProviderClient,
  username: string,
  password = 'Passw0rd!',
): Promise<AdminInitiateAuthCommandOutput> =>
  client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: POOL,
      ClientId: ACME,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

export { ACME, adminSignIn, LOCAL_CREDENTIALS, POOL, ROOT, sdkClient, useCognitoEndpoint };
