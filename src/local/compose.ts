/**
 * @module local/compose — a verification message as the user receives it: the Custom message trigger invoked with the
 * event Cognito sends and judged as Cognito judges it, then the trigger's message or the pool's own, code filled in.
 */
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import type { CognitoServiceError } from '../cognito/errors.js';
import { judgeCustomMessage, Verdict } from '../cognito/lambda-response.js';
import { substitutePlaceholders } from '../cognito/trigger-sources.js';
import { SAMPLE } from '../events/factory.js';
import { htmlToText } from '../message/text.js';
import type { Delivery } from './attribute-update.js';
import { type InvokeOptions, invokeHandler, type LambdaHandler } from './invoker.js';
import type { PoolDocument } from './pool.js';
import { regionOf } from './tokens.js';
import { type DeliveredMessage, describe, type InvocationTrace } from './trace.js';

/** Cognito's own messages, used when a pool sets no template and the trigger leaves the response empty. */
const COGNITO_DEFAULT_MESSAGE = {
  email: 'Your verification code is {####}. ',
  subject: 'Your verification code',
  sms: 'Your verification code is {####}. ',
} as const;

/** Who a Custom message event is about, and for which source. */
interface MessageSubject {
  readonly triggerSource: CustomMessageTriggerEvent['triggerSource'];
  readonly userName: string;
  readonly eventAttributes: Readonly<Record<string, string>>;
}

/** What composing a message needs of the engine: the function, and how to run and judge it. */
interface MessageEngine {
  readonly options: {
    readonly handler?: LambdaHandler | undefined;
    readonly invoke?: InvokeOptions | undefined;
    readonly cognitoDefaultEmail?: 'reject' | 'allow' | undefined;
  };
}

/**
 * One verification message: the Custom message trigger invoked (when the pool has one and a function is given) and
 * judged, then the message the user receives, from the trigger or the pool's template, with `code` filled in.
 */
const composeMessage = async (
  engine: MessageEngine,
  pool: PoolDocument,
  subject: MessageSubject,
  delivery: Delivery,
  clientMetadata: Readonly<Record<string, string>> | undefined,
  clientId: string,
  invocations: InvocationTrace[],
  notes: string[],
  code: string,
): Promise<Omit<DeliveredMessage, 'files'> | CognitoServiceError> => {
  const template = pool.UserPool.VerificationMessageTemplate;
  const fallback = {
    email: template?.EmailMessage ?? COGNITO_DEFAULT_MESSAGE.email,
    subject: template?.EmailSubject ?? COGNITO_DEFAULT_MESSAGE.subject,
    sms: template?.SmsMessage ?? COGNITO_DEFAULT_MESSAGE.sms,
  };
  let response = {
    emailMessage: null as string | null,
    emailSubject: null as string | null,
    smsMessage: null as string | null,
  };
  const handler = engine.options.handler;
  if (handler && pool.UserPool.LambdaConfig?.CustomMessage !== undefined) {
    const event = customMessageEvent(pool, subject, clientMetadata, clientId);
    const { invocation, durationMs } = await invokeHandler(handler, event, engine.options.invoke);
    const emailSendingAccount = pool.UserPool.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT';
    const judgement = judgeCustomMessage(
      event,
      invocation,
      engine.options.cognitoDefaultEmail === 'allow' ? {} : { emailSendingAccount },
    );
    notes.push(...judgement.notes);
    invocations.push({
      delivery,
      event,
      ...(invocation.kind === 'returned' ? { returned: invocation.value } : {}),
      verdict: judgement.verdict,
      findings: judgement.findings,
      ...(judgement.error ? { error: describe(judgement.error) } : {}),
      durationMs,
    });
    if (judgement.error) return judgement.error;
    if (judgement.verdict === Verdict.Accepted && judgement.response) response = { ...judgement.response };
  }
  const fill = (text: string) =>
    substitutePlaceholders(text, { codeParameter: SAMPLE.codeParameter }, { code });
  const about = {
    attribute: delivery.attribute,
    destination: delivery.destination,
    code,
    triggerSource: subject.triggerSource,
    userPoolId: pool.UserPool.Id,
    username: subject.userName,
  };
  if (delivery.medium === 'SMS') {
    const fromTrigger = response.smsMessage !== null;
    return {
      medium: 'SMS',
      ...about,
      source: fromTrigger ? 'trigger' : 'pool',
      text: fill(response.smsMessage ?? fallback.sms),
    };
  }
  const html = fill(response.emailMessage ?? fallback.email);
  return withLazyText({
    medium: 'EMAIL',
    ...about,
    source: response.emailMessage !== null ? 'trigger' : 'pool',
    subject: response.emailSubject ?? fallback.subject,
    html,
  });
};

const customMessageEvent = (
  pool: PoolDocument,
  subject: MessageSubject,
  clientMetadata: Readonly<Record<string, string>> | undefined,
  clientId: string,
): CustomMessageTriggerEvent => {
  return {
    version: '1',
    triggerSource: subject.triggerSource,
    region: regionOf(pool.UserPool.Id),
    userPoolId: pool.UserPool.Id,
    userName: subject.userName,
    callerContext: { awsSdkVersion: SAMPLE.awsSdkVersion, clientId },
    request: {
      userAttributes: { ...subject.eventAttributes },
      codeParameter: SAMPLE.codeParameter,
      linkParameter: SAMPLE.linkParameter,
      usernameParameter: null,
      ...(clientMetadata === undefined ? {} : { clientMetadata: { ...clientMetadata } }),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  };
};

/**
 * Gives an email its plain-text reading on first use: most callers (a replay, a test on the HTML) never read it, and
 * it costs more than the rest of the delivery. Enumerable, so traces written as JSON include it.
 */
const withLazyText = (message: Omit<DeliveredMessage, 'files' | 'text'>): Omit<DeliveredMessage, 'files'> => {
  let text: string | undefined;
  return Object.defineProperty(message, 'text', {
    enumerable: true,
    get: () => {
      text ??= htmlToText(message.html ?? '');
      return text;
    },
  }) as Omit<DeliveredMessage, 'files'>;
};

export type { MessageEngine, MessageSubject };
export { COGNITO_DEFAULT_MESSAGE, composeMessage, customMessageEvent };
