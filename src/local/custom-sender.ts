/**
 * @module local/custom-sender — Cognito's custom sender triggers: when the pool's `LambdaConfig` has
 * `CustomSMSSender` or `CustomEmailSender`, and `KMSKeyID`, the code of each SMS or email is encrypted with the AWS
 * Encryption SDK under that key and handed to the sender function, invoked asynchronously (the API call does not wait
 * for it, and its failure does not fail the call); the message is what the function published to SNS or sent through
 * SES.
 */
import type { CustomEmailSenderTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { SAMPLE } from '../events/factory.js';
import { functionNameOf } from './functions.js';
import { describeThrown, type InvokeOptions, invokeHandler, type LambdaHandler } from './invoker.js';
import type { PoolDocument } from './pool.js';
import type { SesEmail } from './ses-endpoint.js';
import type { SnsSms } from './sns-endpoint.js';
import { regionOf } from './tokens.js';

/** An SMS as the local SNS endpoint recorded its Publish. */
type PublishedSms = Pick<
  SnsSms,
  'phoneNumber' | 'text' | 'senderId' | 'originationNumber' | 'smsType' | 'maxPrice' | 'encoding' | 'segments'
>;

/** An email as the local SES v2 endpoint recorded its SendEmail. */
type SentEmail = Pick<
  SesEmail,
  | 'from'
  | 'to'
  | 'replyTo'
  | 'subject'
  | 'html'
  | 'text'
  | 'configurationSetName'
  | 'fromEmailAddressIdentityArn'
  | 'tags'
>;

/** The two custom sender triggers, by their `LambdaConfig` member. */
type CustomSenderTrigger = 'CustomSMSSender' | 'CustomEmailSender';

interface SenderSetupBase {
  /**
   * The sender function. A pool calls the function its `LambdaConfig` ARN names among LocalCognitoOptions.functions,
   * else this one.
   */
  readonly handler?: LambdaHandler;
  /** Encrypts a code as Cognito does for the pool's key: the base64 of an Encryption SDK message. */
  encrypt(code: string, keyArn: string): Promise<string>;
  /** How long the function may run (default: 10 s, the example template's timeout for the senders). */
  readonly invoke?: InvokeOptions;
}

/** What the simulator needs to run a Custom SMS sender. */
interface CustomSmsSenderSetup extends SenderSetupBase {
  /** Every SMS published so far (the local SNS endpoint's record). */
  published(): readonly PublishedSms[];
}

/** What the simulator needs to run a Custom email sender. */
interface CustomEmailSenderSetup extends SenderSetupBase {
  /** Every email sent so far (the local SES v2 endpoint's record). */
  sent(): readonly SentEmail[];
}

interface SenderOutcome {
  /** The function invoked: the name its `LambdaConfig` ARN gives it. */
  readonly functionName: string;
  readonly outcome: 'returned' | 'threw' | 'timeout';
  readonly error?: { readonly name?: string; readonly message: string };
  readonly durationMs: number;
}

/** One Custom SMS sender invocation. The event's `code` is ciphertext; the plain code appears nowhere here. */
interface SmsSenderInvocationTrace extends SenderOutcome {
  readonly trigger: 'CustomSMSSender';
  readonly event: CustomSMSSenderTriggerEvent;
  /** What the function published to SNS while it ran. */
  readonly published: readonly PublishedSms[];
}

/** One Custom email sender invocation. The event's `code` is ciphertext; the plain code appears nowhere here. */
interface EmailSenderInvocationTrace extends SenderOutcome {
  readonly trigger: 'CustomEmailSender';
  readonly event: CustomEmailSenderTriggerEvent;
  /** What the function sent through SES while it ran. */
  readonly sent: readonly SentEmail[];
}

/** One sender invocation, for the trace. */
type SenderInvocationTrace = SmsSenderInvocationTrace | EmailSenderInvocationTrace;

/** The example template's timeout for the senders: Cognito invokes them asynchronously, so 5 seconds do not apply. */
const SENDER_TIMEOUT_MS = 10_000;

/** The custom sender that carries a medium's messages. */
const SENDER_OF_MEDIUM = { SMS: 'CustomSMSSender', EMAIL: 'CustomEmailSender' } as const;

/** `request.type` of each sender's event. */
const REQUEST_TYPE = {
  CustomSMSSender: 'customSMSSenderRequestV1',
  CustomEmailSender: 'customEmailSenderRequestV1',
} as const;

type SenderConfig = {
  readonly [trigger in CustomSenderTrigger]?: {
    readonly LambdaArn?: string;
    readonly LambdaVersion?: string;
  };
} & { readonly KMSKeyID?: string };

/**
 * The pool's sender for a trigger, when it has one: the function's ARN and the key codes are encrypted under. Both
 * members are required, as CreateUserPool requires them.
 */
const customSenderOf = (
  pool: PoolDocument,
  trigger: CustomSenderTrigger,
): { readonly lambdaArn: string; readonly keyArn: string } | undefined => {
  const config = pool.UserPool.LambdaConfig as SenderConfig | undefined;
  const lambdaArn = config?.[trigger]?.LambdaArn;
  return lambdaArn && config?.KMSKeyID ? { lambdaArn, keyArn: config.KMSKeyID } : undefined;
};

/**
 * The sender function a pool calls: the one its ARN names among `functions`, else the setup's handler; undefined
 * when neither is given.
 */
const senderFunction = (
  functions: ((functionName: string) => LambdaHandler | undefined) | undefined,
  lambdaArn: string,
  setup: SenderSetupBase | undefined,
): { readonly handler: LambdaHandler; readonly functionName: string } | undefined => {
  const functionName = functionNameOf(lambdaArn);
  const handler = functions?.(functionName) ?? setup?.handler;
  return handler ? { handler, functionName } : undefined;
};

/** What one sender invocation is about. */
interface SenderCall {
  readonly pool: PoolDocument;
  readonly keyArn: string;
  /** `CustomSMSSender_<Source>` or `CustomEmailSender_<Source>`. */
  readonly triggerSource: string;
  readonly userName: string;
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly clientMetadata: Readonly<Record<string, string>> | undefined;
  readonly clientId: string;
  /** What Cognito encrypts: the code, or the temporary password as the sender receives it. */
  readonly secret: string;
}

const senderEvent = (trigger: CustomSenderTrigger, call: SenderCall, code: string | null) => ({
  version: '1',
  triggerSource: call.triggerSource,
  region: regionOf(call.pool.UserPool.Id),
  userPoolId: call.pool.UserPool.Id,
  userName: call.userName,
  callerContext: { awsSdkVersion: SAMPLE.awsSdkVersion, clientId: call.clientId },
  request: {
    type: REQUEST_TYPE[trigger],
    code,
    userAttributes: { ...call.userAttributes },
    ...(call.clientMetadata === undefined ? {} : { clientMetadata: { ...call.clientMetadata } }),
  },
  response: {},
});

/**
 * Encrypts the secret, invokes the sender with its event and returns what it did, and what it published or sent
 * meanwhile. Never rejects: a sender that fails, or a code that could not be encrypted, is what the trace reports.
 */
const runCustomSender = async (
  trigger: CustomSenderTrigger,
  setup: CustomSmsSenderSetup | CustomEmailSenderSetup,
  chosen: { readonly handler: LambdaHandler; readonly functionName: string },
  call: SenderCall,
): Promise<SenderInvocationTrace> => {
  const record = (): readonly (PublishedSms | SentEmail)[] =>
    'sent' in setup ? setup.sent() : (setup as CustomSmsSenderSetup).published();
  const traced = (
    event: ReturnType<typeof senderEvent>,
    outcome: SenderOutcome,
    made: readonly (PublishedSms | SentEmail)[],
  ): SenderInvocationTrace =>
    trigger === 'CustomSMSSender'
      ? {
          trigger,
          event: event as CustomSMSSenderTriggerEvent,
          ...outcome,
          published: made as PublishedSms[],
        }
      : { trigger, event: event as CustomEmailSenderTriggerEvent, ...outcome, sent: made as SentEmail[] };
  let ciphertext: string;
  try {
    ciphertext = await setup.encrypt(call.secret, call.keyArn);
  } catch (error) {
    // Cognito could not have called the function: the code was never encrypted.
    return traced(
      senderEvent(trigger, call, null),
      { functionName: chosen.functionName, outcome: 'threw', error: describeThrown(error), durationMs: 0 },
      [],
    );
  }
  const event = senderEvent(trigger, call, ciphertext);
  const before = record().length;
  const { invocation, durationMs } = await invokeHandler(chosen.handler, event, {
    deadlineMs: SENDER_TIMEOUT_MS,
    functionName: chosen.functionName,
    ...setup.invoke,
  });
  const made = record().slice(before);
  if (invocation.kind === 'threw')
    return traced(
      event,
      { functionName: chosen.functionName, outcome: 'threw', error: invocation.error, durationMs },
      made,
    );
  if (invocation.kind === 'timeout')
    return traced(
      event,
      {
        functionName: chosen.functionName,
        outcome: 'timeout',
        error: { message: 'the function did not finish before its timeout' },
        durationMs,
      },
      made,
    );
  return traced(event, { functionName: chosen.functionName, outcome: 'returned', durationMs }, made);
};

export type {
  CustomEmailSenderSetup,
  CustomSenderTrigger,
  CustomSmsSenderSetup,
  EmailSenderInvocationTrace,
  PublishedSms,
  SenderInvocationTrace,
  SentEmail,
  SmsSenderInvocationTrace,
};
export { customSenderOf, runCustomSender, SENDER_OF_MEDIUM, senderFunction };
