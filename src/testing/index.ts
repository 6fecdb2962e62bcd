/** @module cognito-trigger-kit/testing — events, a Cognito-faithful invoker, matchers and the local service. */
export type { CustomMessageEventOptions } from '../events/factory.js';
export { customMessageEvent, events } from '../events/factory.js';
export type { Trace } from '../local/local-cognito.js';
export { LocalCognito } from '../local/local-cognito.js';
export { DEMO_POOL } from '../local/pool.js';
export type { InvokeOutcome, TestInvokeOptions } from './invoke.js';
export { invoke } from './invoke.js';
export type { CognitoMatchers } from './matchers.js';
export { cognitoMatchers } from './matchers.js';
