import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { LocalCognito, type LocalCognitoOptions } from '../../src/local/local-cognito.js';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';

const POOL_ID = DEMO_POOL.UserPool.Id;
const ACME_CLIENT = '4fk0g8ht3nq2r7m9v6c1b5d8e2';
const GLOBEX_CLIENT = '7qp3s1lm9d2k8x4c6v0b5n7h3j';

/** A Custom message function that records each event and returns `answer(event)`. */
const recording = (answer: (event: CustomMessageTriggerEvent) => unknown = (event) => event) => {
  const seen: CustomMessageTriggerEvent[] = [];
  const handler = async (event: CustomMessageTriggerEvent) => {
    seen.push(event);
    return answer(event);
  };
  return { handler, seen };
};

/** The demo pool with changes to its UserPool. */
const demoPoolWith = (changes: Partial<PoolDocument['UserPool']>): PoolDocument => ({
  ...structuredClone(DEMO_POOL),
  UserPool: { ...structuredClone(DEMO_POOL.UserPool), ...changes },
});

const local = (options: LocalCognitoOptions = {}) => new LocalCognito({ code: '424242', ...options });

const update = (cognito: LocalCognito, attributes: Record<string, string | undefined>, extra: object = {}) =>
  cognito.adminUpdateUserAttributes({
    UserPoolId: POOL_ID,
    Username: 'diego@example.com',
    UserAttributes: Object.entries(attributes).map(
      ([Name, Value]) => ({ Name, Value }) as { Name: string; Value: string },
    ),
    ...extra,
  });

const diego = (cognito: LocalCognito, username = 'diego@example.com') =>
  cognito.adminGetUser({ UserPoolId: POOL_ID, Username: username });

const tokenFor = (cognito: LocalCognito, clientId = ACME_CLIENT, username = 'diego@example.com') => {
  const result = cognito.adminInitiateAuth({
    UserPoolId: POOL_ID,
    ClientId: clientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' },
  }) as { AuthenticationResult: { AccessToken: string } };
  return result.AuthenticationResult.AccessToken;
};

export { ACME_CLIENT, demoPoolWith, diego, GLOBEX_CLIENT, local, POOL_ID, recording, tokenFor, update };
