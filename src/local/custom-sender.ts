/**
 * @module local/custom-sender — Cognito's Custom SMS sender path: when the pool's `LambdaConfig` has `CustomSMSSender`
 * and `KMSKeyID`, the code is encrypted with the AWS Encryption SDK under that key and handed to the sender function,
 * invoked asynchronously (the API call does not wait for it, and its failure does not fail the call); the message is
 * what the function published to SNS.
 */
import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { SAMPLE } from '../events/factory.js';
import { describeThrown, type InvokeOptions, invokeHandler, type LambdaHandler } from './invoker.js';
import type { PoolDocument } from './pool.js';
import type { SnsSms } from './sns-endpoint.js';
import { regionOf } from './tokens.js';

/** An SMS as the local SNS endpoint recorded its Publish. */
type PublishedSms = Pick<
  SnsSms,
  'phoneNumber' | 'text' | 'senderId' | 'originationNumber' | 'smsType' | 'maxPrice' | 'encoding' | 'segments'
>;

/** What the simulator needs to run a Custom SMS sender. */
interface CustomSmsSenderSetup {
  readonly handler: LambdaHandler;
  /** Encrypts a code as Cognito does for the pool's key: the base64 of an Encryption SDK message. */
  encrypt(code: string, keyArn: string): Promise<string>;
  /** Every SMS published so far (the local SNS endpoint's record). */
  published(): readonly PublishedSms[];
  /** How long the function may run (default: 10 s, the example template's timeout for the sender). */
  readonly invoke?: InvokeOptions;
}

/** One sender invocation, for the trace. The event's `code` is ciphertext; the plain code appears nowhere here. */
interface SenderInvocationTrace {
  readonly event: CustomSMSSenderTriggerEvent;
  readonly outcome: 'returned' | 'threw' | 'timeout';
  readonly error?: { readonly name?: string; readonly message: string };
  readonly durationMs: number;
  readonly published: readonly PublishedSms[];
}

/** The example template's timeout for the sender: Cognito invokes it asynchronously, so its 5 seconds do not apply. */
const SENDER_TIMEOUT_MS = 10_000;

/** The key the pool's custom sender uses, when the pool sends SMS through one. */
const customSmsSenderKey = (pool: PoolDocument): string | undefined => {
  const config = pool.UserPool.LambdaConfig as
    | { readonly CustomSMSSender?: { readonly LambdaArn?: string }; readonly KMSKeyID?: string }
    | undefined;
  return config?.CustomSMSSender?.LambdaArn && config.KMSKeyID ? config.KMSKeyID : undefined;
};

/**
 * Encrypts the code, invokes the sender with a `CustomSMSSender_UpdateUserAttribute` event and returns what it did and
 * published. Never rejects: a sender that fails, or a code that could not be encrypted, is what the trace reports.
 */
const runCustomSmsSender = async (
  setup: CustomSmsSenderSetup,
  call: {
    readonly pool: PoolDocument;
    readonly keyArn: string;
    readonly userName: string;
    readonly userAttributes: Readonly<Record<string, string>>;
    readonly clientMetadata: Readonly<Record<string, string>> | undefined;
    readonly clientId: string;
    readonly code: string;
  },
): Promise<SenderInvocationTrace> => {
  const event = (code: string | null): CustomSMSSenderTriggerEvent =>
    ({
      version: '1',
      triggerSource: 'CustomSMSSender_UpdateUserAttribute',
      region: regionOf(call.pool.UserPool.Id),
      userPoolId: call.pool.UserPool.Id,
      userName: call.userName,
      callerContext: { awsSdkVersion: SAMPLE.awsSdkVersion, clientId: call.clientId },
      request: {
        type: 'customSMSSenderRequestV1',
        code,
        userAttributes: { ...call.userAttributes },
        ...(call.clientMetadata === undefined ? {} : { clientMetadata: { ...call.clientMetadata } }),
      },
      response: {},
    }) as CustomSMSSenderTriggerEvent;
  let ciphertext: string;
  try {
    ciphertext = await setup.encrypt(call.code, call.keyArn);
  } catch (error) {
    // Cognito could not have called the function: the code was never encrypted.
    return {
      event: event(null),
      outcome: 'threw',
      error: describeThrown(error),
      durationMs: 0,
      published: [],
    };
  }
  const sent = event(ciphertext);
  const before = setup.published().length;
  const { invocation, durationMs } = await invokeHandler(setup.handler, sent, {
    deadlineMs: SENDER_TIMEOUT_MS,
    functionName: 'custom-sms-sender',
    ...setup.invoke,
  });
  const published = setup.published().slice(before);
  if (invocation.kind === 'threw')
    return { event: sent, outcome: 'threw', error: invocation.error, durationMs, published };
  if (invocation.kind === 'timeout')
    return {
      event: sent,
      outcome: 'timeout',
      error: { message: 'the function did not finish before its timeout' },
      durationMs,
      published,
    };
  return { event: sent, outcome: 'returned', durationMs, published };
};

export type { CustomSmsSenderSetup, PublishedSms, SenderInvocationTrace };
export { customSmsSenderKey, runCustomSmsSender };
