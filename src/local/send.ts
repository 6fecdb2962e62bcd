/**
 * @module local/send — how a code message reaches the user, decided in this one place for every operation: through
 * the Custom message trigger (composed, judged and filed before the change is committed, a failure failing the call),
 * or, when the pool's `LambdaConfig` has a custom sender for the medium (`CustomEmailSender`, `CustomSMSSender`, with
 * `KMSKeyID`), through the sender function, invoked after the commit with the code encrypted under the pool's key, as
 * Cognito invokes senders asynchronously: what it does never changes the call's outcome.
 */
import { CognitoServiceError } from '../cognito/errors.js';
import { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { htmlToText } from '../message/text.js';
import type { Delivery } from './attribute-update.js';
import { composeMessage, type MessageEngine, type MessageSubject } from './compose.js';
import {
  type CustomEmailSenderSetup,
  type CustomSenderTrigger,
  type CustomSmsSenderSetup,
  customSenderOf,
  runCustomSender,
  SENDER_OF_MEDIUM,
  type SenderInvocationTrace,
  senderFunction,
} from './custom-sender.js';
import type { FunctionResolver } from './functions.js';
import type { PoolDocument } from './pool.js';
import type { DeliveredMessage, InvocationTrace, Outcome } from './trace.js';

/** One code message: whom it is about, where it goes, what the trigger or sender is told, and the code. */
interface CodeMessage {
  readonly pool: PoolDocument;
  readonly subject: MessageSubject;
  readonly delivery: Delivery;
  readonly clientMetadata: Readonly<Record<string, string>> | undefined;
  readonly clientId: string;
  /** The code (for AdminCreateUser, the temporary password). */
  readonly code: string;
}

/** A message as composed, before it is filed. */
type ComposedMessage = Omit<DeliveredMessage, 'files'>;

/** What sending needs of the engine: the functions and senders, and where messages are filed. */
interface Mailroom extends MessageEngine {
  readonly options: MessageEngine['options'] & {
    readonly functions?: FunctionResolver | undefined;
    readonly customSmsSender?: CustomSmsSenderSetup | undefined;
    readonly customEmailSender?: CustomEmailSenderSetup | undefined;
  };
  /** Files a message in the outbox and the list of delivered messages. */
  deliver(message: ComposedMessage, index: number): DeliveredMessage;
  /** Takes back messages of a call that failed after they were filed. */
  undeliver(messages: readonly DeliveredMessage[]): void;
}

interface SendOptions {
  /** The note a failed Custom message trigger adds before the call fails (it says what the failure leaves undone). */
  readonly triggerFailed?: string;
}

/** What a call sent: the trigger invocations, the sender invocations (when there were any), and the messages. */
type Sent = Pick<Outcome, 'invocations' | 'senderInvocations' | 'deliveries'>;

const NAME: Readonly<Record<CustomSenderTrigger, string>> = {
  CustomSMSSender: 'Custom SMS sender',
  CustomEmailSender: 'Custom email sender',
};

/** The sources whose ClientMetadata the Custom email sender page documents in its events. */
const EMAIL_METADATA_SOURCES: readonly string[] = [
  CustomMessageTriggerSource.SignUp,
  CustomMessageTriggerSource.ForgotPassword,
  CustomMessageTriggerSource.Authentication,
];

/** `CustomMessage_SignUp` → `CustomEmailSender_SignUp`: the sender's source for the same message. */
const senderSourceOf = (trigger: CustomSenderTrigger, source: string): string =>
  source.replace(/^CustomMessage_/, `${trigger}_`);

/**
 * What Cognito encrypts for the sender: the code, or for an AdminCreateUser email the temporary password
 * HTML-escaped, which the Custom email sender documentation tells the function to unescape after decrypting.
 */
const senderSecret = (trigger: CustomSenderTrigger, message: CodeMessage): string =>
  trigger === 'CustomEmailSender' &&
  message.subject.triggerSource === CustomMessageTriggerSource.AdminCreateUser
    ? message.code.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
    : message.code;

/**
 * Sends a call's code messages as the pool sends them, around `commit`, and returns what was sent with what `commit`
 * returned. Messages through the Custom message trigger are composed first: a trigger that fails fails the call
 * (the error carries the invocations) before anything is committed; then they are filed, and a failed commit takes
 * them back. Messages through a custom sender go to the sender once the commit has succeeded; a sender that fails,
 * or is not given, is reported in the trace and the notes.
 *
 * @example
 * ```ts
 * const { sent } = await sendThenCommit(mailroom, [message], notes, () => engine.commit(poolId, change));
 * ```
 */
const sendThenCommit = async <T>(
  mailroom: Mailroom,
  messages: readonly CodeMessage[],
  notes: string[],
  commit: () => T,
  options: SendOptions = {},
): Promise<{ readonly sent: Sent; readonly committed: T }> => {
  const invocations: InvocationTrace[] = [];
  const composed: ComposedMessage[] = [];
  const toSenders: {
    message: CodeMessage;
    trigger: CustomSenderTrigger;
    lambdaArn: string;
    keyArn: string;
  }[] = [];
  for (const message of messages) {
    const trigger = SENDER_OF_MEDIUM[message.delivery.medium];
    const sender = customSenderOf(message.pool, trigger);
    if (sender) {
      toSenders.push({ message, trigger, ...sender });
      continue;
    }
    const made = await composeMessage(
      mailroom,
      message.pool,
      message.subject,
      message.delivery,
      message.clientMetadata,
      message.clientId,
      invocations,
      notes,
      message.code,
    );
    if (made instanceof CognitoServiceError) {
      if (options.triggerFailed) notes.push(options.triggerFailed);
      throw Object.assign(made, { trace: { invocations } });
    }
    composed.push(made);
  }
  const deliveries = composed.map((message, index) => mailroom.deliver(message, index));
  let committed: T;
  try {
    committed = commit();
  } catch (error) {
    mailroom.undeliver(deliveries);
    throw error;
  }
  // Cognito invokes the senders asynchronously: the call's outcome no longer depends on them.
  const senderInvocations: SenderInvocationTrace[] = [];
  for (const { message, trigger, lambdaArn, keyArn } of toSenders) {
    const trace = await runSender(mailroom, message, trigger, lambdaArn, keyArn, notes);
    if (!trace) continue;
    senderInvocations.push(trace);
    for (const sent of sentMessages(trace, message)) {
      try {
        deliveries.push(mailroom.deliver(sent, deliveries.length));
      } catch (error) {
        // The call has succeeded already (Cognito does not wait for its sender): the message is reported, not filed.
        deliveries.push(sent);
        notes.push(
          `the ${sent.medium === 'SMS' ? 'SMS' : 'email'} the sender sent was not written to the outbox: ${(error as Error).message}`,
        );
      }
    }
  }
  return {
    sent: { invocations, ...(senderInvocations.length > 0 ? { senderInvocations } : {}), deliveries },
    committed,
  };
};

/** Runs the pool's sender for one message, or says why it can't; undefined when nothing was invoked. */
const runSender = async (
  mailroom: Mailroom,
  message: CodeMessage,
  trigger: CustomSenderTrigger,
  lambdaArn: string,
  keyArn: string,
  notes: string[],
): Promise<SenderInvocationTrace | undefined> => {
  const { delivery } = message;
  const what = delivery.medium === 'SMS' ? 'SMS' : 'email';
  const setup =
    trigger === 'CustomSMSSender' ? mailroom.options.customSmsSender : mailroom.options.customEmailSender;
  const chosen = senderFunction(mailroom.options.functions, lambdaArn, setup);
  if (!chosen) {
    notes.push(
      `the pool sends ${what} codes through its ${NAME[trigger]} (LambdaConfig.${trigger}), and no sender function was given: nothing reaches ${delivery.destination}`,
    );
    return undefined;
  }
  if (!setup) {
    notes.push(
      `the pool sends ${what} codes through its ${NAME[trigger]} (LambdaConfig.${trigger}), and the simulator has no local KMS to encrypt the code with (the ${trigger === 'CustomSMSSender' ? 'customSmsSender' : 'customEmailSender'} option): nothing reaches ${delivery.destination}`,
    );
    return undefined;
  }
  const triggerSource = senderSourceOf(trigger, message.subject.triggerSource);
  if (
    trigger === 'CustomEmailSender' &&
    message.clientMetadata !== undefined &&
    !EMAIL_METADATA_SOURCES.includes(message.subject.triggerSource)
  )
    notes.push(
      `[UNC] AWS documents ClientMetadata in Custom email sender events for sign-up, forgot-password and authentication codes; the simulator passes the call's ClientMetadata to ${triggerSource} too (docs/cognito-behaviour.md#custom-senders)`,
    );
  const attributes = message.subject.eventAttributes;
  // A sender sends to the address or number in the event: it must be where the code goes.
  const pending = attributes[delivery.attribute] !== delivery.destination;
  if (pending)
    notes.push(
      `[UNC] AWS does not document which ${delivery.attribute} a ${NAME[trigger]} event carries while the original value stays active until the new one is verified; the simulator sends the new value, where the code goes, with ${delivery.attribute}_verified "false" (docs/cognito-behaviour.md#custom-senders)`,
    );
  const trace = await runCustomSender(trigger, setup, chosen, {
    pool: message.pool,
    keyArn,
    triggerSource,
    userName: message.subject.userName,
    userAttributes: pending
      ? {
          ...attributes,
          [delivery.attribute]: delivery.destination,
          [`${delivery.attribute}_verified`]: 'false',
        }
      : attributes,
    clientMetadata: message.clientMetadata,
    clientId: message.clientId,
    secret: senderSecret(trigger, message),
  });
  const made = trace.trigger === 'CustomSMSSender' ? trace.published.length : trace.sent.length;
  if (made === 0)
    notes.push(
      `the ${NAME[trigger]} ${trace.outcome === 'returned' ? `returned without ${trigger === 'CustomSMSSender' ? 'publishing' : 'sending'}` : trace.outcome === 'threw' ? 'threw' : 'timed out'}: no ${what} reaches ${delivery.destination} (Lambda retries asynchronous invocations that fail)`,
    );
  return trace;
};

/** The messages a sender published or sent, as the user receives them, with the code they carry. */
const sentMessages = (trace: SenderInvocationTrace, message: CodeMessage): ComposedMessage[] => {
  const about = {
    attribute: message.delivery.attribute,
    source: 'sender',
    code: message.code,
    triggerSource: trace.event.triggerSource,
    userPoolId: message.pool.UserPool.Id,
    username: message.subject.userName,
  } as const;
  if (trace.trigger === 'CustomSMSSender')
    return trace.published.map(({ phoneNumber, text, ...sns }) => ({
      medium: 'SMS',
      destination: phoneNumber,
      text,
      sns,
      ...about,
    }));
  return trace.sent.map(({ to, subject, html, text, ...ses }) => ({
    medium: 'EMAIL',
    destination: to.join(', '),
    subject,
    ...(html === undefined ? {} : { html }),
    text: text ?? htmlToText(html ?? ''),
    ses: { ...ses, replyTo: [...ses.replyTo], tags: { ...ses.tags } },
    ...about,
  }));
};

export type { CodeMessage, ComposedMessage, Mailroom, SendOptions, Sent };
export { sendThenCommit };
