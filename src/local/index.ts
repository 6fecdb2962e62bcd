/** @module cognito-trigger-kit/local — the local Cognito behind the CLI, for programs of your own. */
export type { AttributeUpdatePlan, Delivery } from './attribute-update.js';
export { planAttributeUpdate } from './attribute-update.js';
export type { InvokeOptions, InvokeResult, LambdaHandler } from './invoker.js';
export { invokeHandler, loadHandler } from './invoker.js';
export type { DeliveredMessage, InvocationTrace, LocalCognitoOptions, Trace } from './local-cognito.js';
export { LocalCognito, maskDestination } from './local-cognito.js';
export type { AppClient, AttributeType, PoolDocument, SchemaAttribute, User, UserPool } from './pool.js';
export { DEMO_POOL, findUser } from './pool.js';
export { StateStore } from './state.js';
