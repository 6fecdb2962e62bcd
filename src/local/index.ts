/**
 * @module cognito-trigger-kit/local — the local Cognito engine behind the CLI and the endpoint, for programs of your
 * own: the engine and its state, the operations it serves, the functions it runs, and the local AWS endpoints its
 * senders and brand sources talk to. What is not here is internal and may change.
 */
export type {
  CustomEmailSenderSetup,
  CustomSmsSenderSetup,
  PublishedSms,
  SenderInvocationTrace,
  SentEmail,
} from './custom-sender.js';
export type {
  FunctionDescription,
  FunctionResolver,
  ResolvedFunctions,
  ResolveFunctionsOptions,
} from './functions.js';
export { functionsFromSpecs, functionsFromTemplate, resolveFunctions } from './functions.js';
export type { OpenedHandler } from './handler-process.js';
export { openHandler } from './handler-process.js';
export type { InvokeOptions, InvokeResult, LambdaHandler } from './invoker.js';
export { invokeHandler, loadHandler } from './invoker.js';
export type { KmsEndpoint } from './kms-endpoint.js';
export { startKmsEndpoint } from './kms-endpoint.js';
export type { LambdaEndpointOptions } from './lambda-endpoint.js';
export { LambdaInvokeFailure, lambdaEndpointFunctions } from './lambda-endpoint.js';
export type { DeliveredMessage, InvocationTrace, LocalCognitoOptions, Trace } from './local-cognito.js';
export { LocalCognito } from './local-cognito.js';
export type { Authorization, OperationName } from './operations/index.js';
export { OPERATIONS } from './operations/index.js';
export type { Behaviour as ParameterBehaviour, ParameterEndpoint } from './parameter-endpoint.js';
export { startParameterEndpoint } from './parameter-endpoint.js';
export type { AppClient, AttributeType, PoolDocument, SchemaAttribute, User, UserPool } from './pool.js';
export { DEMO_POOL, DEMO_POOLS, EMAIL_SENDER_POOL, findUser, SMS_SENDER_POOL } from './pool.js';
export type { SamTemplate, SamTemplateOptions, TemplateFunction } from './sam-template.js';
export { readSamTemplate, readSamTemplateFile } from './sam-template.js';
export type { SenderEnvironment } from './sender-environment.js';
export { startSenderEnvironment } from './sender-environment.js';
export type { SesBehaviour, SesEmail, SesEndpoint, SesEndpointOptions, SesRequest } from './ses-endpoint.js';
export { SesFailure, startSesEndpoint } from './ses-endpoint.js';
export type { SnsBehaviour, SnsEndpoint, SnsEndpointOptions, SnsRequest, SnsSms } from './sns-endpoint.js';
export { SnsFailure, startSnsEndpoint } from './sns-endpoint.js';
export { StateError, StateStore } from './state.js';
