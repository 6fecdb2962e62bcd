/**
 * @module local/compose — a verification message as the user receives it: the Custom message trigger invoked with the
 * event Cognito sends and judged as Cognito judges it, then the trigger's message or the pool's own, code filled in.
 */
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { CognitoServiceError } from '../cognito/errors.js';
import { judgeCustomMessage, Verdict } from '../cognito/lambda-response.js';
import { hasUsernameParameter, substitutePlaceholders } from '../cognito/trigger-sources.js';
import { SAMPLE } from '../events/factory.js';
import { htmlToText } from '../message/text.js';
import type { Delivery } from './attribute-update.js';
import { customMessageFunction, type FunctionResolver, invokeFunction } from './functions.js';
import type { InvokeOptions, LambdaHandler } from './invoker.js';
import type { PoolDocument } from './pool.js';
import { regionOf } from './tokens.js';
import { type DeliveredMessage, describe, type InvocationTrace } from './trace.js';

/** Cognito's own messages, used when a pool sets no template and the trigger leaves the response empty. */
const COGNITO_DEFAULT_MESSAGE = {
  email: 'Your verification code is {####}. ',
  subject: 'Your verification code',
  sms: 'Your verification code is {####}. ',
} as const;

/** Cognito's link message, used when a pool sends links and sets no link template ([UNC]: the console's default). */
const COGNITO_DEFAULT_LINK_MESSAGE = {
  email: 'Please click the link below to verify your email address. {##Verify Email##} ',
  subject: 'Your verification link',
} as const;

/**
 * Cognito's invitation, used for AdminCreateUser when the pool sets no AdminCreateUserConfig.InviteMessageTemplate
 * ([UNC]: moto's copy of the default).
 */
const COGNITO_DEFAULT_INVITATION = {
  email: 'Your username is {username} and temporary password is {####}. ',
  subject: 'Your temporary password',
  sms: 'Your username is {username} and temporary password is {####}. ',
} as const;

/** AdminCreateUserConfig's invitation template (MessageTemplateType), read where the pool file has it. */
type InviteMessageTemplate = {
  readonly EmailMessage?: string;
  readonly EmailSubject?: string;
  readonly SMSMessage?: string;
};

/** The pool's invitation, for an AdminCreateUser message; undefined for the other sources. */
const invitationOf = (pool: PoolDocument, subject: MessageSubject) => {
  if (!hasUsernameParameter(subject.triggerSource)) return undefined;
  const template = (
    pool.UserPool as {
      readonly AdminCreateUserConfig?: { readonly InviteMessageTemplate?: InviteMessageTemplate };
    }
  ).AdminCreateUserConfig?.InviteMessageTemplate;
  return {
    email: template?.EmailMessage ?? COGNITO_DEFAULT_INVITATION.email,
    subject: template?.EmailSubject ?? COGNITO_DEFAULT_INVITATION.subject,
    sms: template?.SMSMessage ?? COGNITO_DEFAULT_INVITATION.sms,
  };
};

/** The username placeholder an event carries: `{username}` in an AdminCreateUser invitation, null elsewhere. */
const usernameParameterOf = (triggerSource: MessageSubject['triggerSource']): string | null =>
  hasUsernameParameter(triggerSource) ? SAMPLE.usernameParameter : null;

/** `{##text##}`: where a link message puts its confirmation link, around the text the user clicks. */
const LINK_PLACEHOLDER = /\{##(.*?)##\}/gs;

/** VerificationMessageTemplateType's link template, read where the pool file has it. */
type LinkTemplate = { readonly EmailMessageByLink?: string; readonly EmailSubjectByLink?: string };

/** Who a Custom message event is about, and for which source. */
interface MessageSubject {
  readonly triggerSource: CustomMessageTriggerEvent['triggerSource'];
  readonly userName: string;
  readonly eventAttributes: Readonly<Record<string, string>>;
  /**
   * The confirmation link, when the email is sent as a link (sign-up and resend-code with CONFIRM_WITH_LINK): the
   * pool's link template stands in for its code template, and each `{##text##}` becomes a link around `text`.
   */
  readonly confirmationLink?: string;
}

/** What composing a message needs of the engine: the functions, and how to run and judge them. */
interface MessageEngine {
  readonly options: {
    readonly handler?: LambdaHandler | undefined;
    readonly functions?: FunctionResolver | undefined;
    readonly invoke?: InvokeOptions | undefined;
    readonly cognitoDefaultEmail?: 'reject' | 'allow' | undefined;
  };
}

/**
 * One verification message: the Custom message trigger invoked (when the pool has one and a function is given: the
 * one its ARN names among `functions`, else `handler`) and judged, then the message the user receives, from the
 * trigger or the pool's template, with `code` filled in.
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
  const template = pool.UserPool.VerificationMessageTemplate as
    | (NonNullable<PoolDocument['UserPool']['VerificationMessageTemplate']> & LinkTemplate)
    | undefined;
  const link = delivery.medium === 'EMAIL' ? subject.confirmationLink : undefined;
  const fallback = invitationOf(pool, subject) ?? {
    email:
      link === undefined
        ? (template?.EmailMessage ?? COGNITO_DEFAULT_MESSAGE.email)
        : (template?.EmailMessageByLink ?? COGNITO_DEFAULT_LINK_MESSAGE.email),
    subject:
      link === undefined
        ? (template?.EmailSubject ?? COGNITO_DEFAULT_MESSAGE.subject)
        : (template?.EmailSubjectByLink ?? COGNITO_DEFAULT_LINK_MESSAGE.subject),
    sms: template?.SmsMessage ?? COGNITO_DEFAULT_MESSAGE.sms,
  };
  let response = {
    emailMessage: null as string | null,
    emailSubject: null as string | null,
    smsMessage: null as string | null,
  };
  const chosen = customMessageFunction(engine.options, pool, notes);
  if (chosen instanceof CognitoServiceError) return chosen;
  if (chosen) {
    const event = customMessageEvent(pool, subject, clientMetadata, clientId);
    const { invocation, durationMs, failure } = await invokeFunction(
      chosen,
      event,
      engine.options.invoke,
      notes,
    );
    // Cognito could not reach the function: nothing ran, so there is no answer to judge.
    if (failure) return failure;
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
    substitutePlaceholders(
      text,
      { codeParameter: SAMPLE.codeParameter, usernameParameter: usernameParameterOf(subject.triggerSource) },
      { code, username: subject.userName },
    );
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
  const filled = fill(response.emailMessage ?? fallback.email);
  const html =
    link === undefined
      ? filled
      : filled.replace(
          LINK_PLACEHOLDER,
          (_, text: string) => `<a href="${escapeAttribute(link)}">${text}</a>`,
        );
  return withLazyText({
    medium: 'EMAIL',
    ...about,
    source: response.emailMessage !== null ? 'trigger' : 'pool',
    subject: response.emailSubject ?? fallback.subject,
    html,
  });
};

const escapeAttribute = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

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
      usernameParameter: usernameParameterOf(subject.triggerSource),
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
export {
  COGNITO_DEFAULT_INVITATION,
  COGNITO_DEFAULT_LINK_MESSAGE,
  COGNITO_DEFAULT_MESSAGE,
  composeMessage,
  customMessageEvent,
};
