/** @module cognito-trigger-kit/testing — events, a Cognito-faithful invoker, matchers and the local service. */
export type { CustomMessageEventOptions } from '../events/factory.js';
export { customMessageEvent, events } from '../events/factory.js';
export type { InvokeEventOptions as TestInvokeOptions, InvokeOutcome } from '../local/invoke-event.js';
export { invokeEvent as invoke } from '../local/invoke-event.js';
export type { Trace } from '../local/local-cognito.js';
export { LocalCognito } from '../local/local-cognito.js';
export { DEMO_POOL, SMS_SENDER_POOL } from '../local/pool.js';
export { startSenderEnvironment } from '../local/sender-environment.js';
export { startSnsEndpoint } from '../local/sns-endpoint.js';
export type { LocalCognitoEndpoint, LocalMessage, StartLocalCognitoOptions } from './local-cognito.js';
export { startLocalCognito } from './local-cognito.js';
export type { CognitoMatchers } from './matchers.js';
export { cognitoMatchers } from './matchers.js';
