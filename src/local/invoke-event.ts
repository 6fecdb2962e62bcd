/**
 * @module local/invoke-event — one event through a handler, seen as Cognito and the user see it: the engine behind
 * `cognito-trigger invoke` and the testing helpers' `invoke`.
 */
import type { Context, CustomMessageTriggerEvent } from 'aws-lambda';
import { type Judgement, judgeCustomMessage } from '../cognito/lambda-response.js';
import type { CheckOptions } from '../cognito/rules.js';
import { substitutePlaceholders } from '../cognito/trigger-sources.js';
import { htmlToText } from '../message/text.js';
import { type InvokeOptions, invokeHandler, type LambdaHandler } from './invoker.js';

/** The outcome of one invocation, ready for assertions. */
interface InvokeOutcome {
  /** Cognito's verdict, findings and, when the API call would fail, the error. */
  readonly judgement: Judgement;
  /** The event the function returned (after the runtime's JSON round trip), when it returned one. */
  readonly returned?: CustomMessageTriggerEvent;
  /** The email the user receives, the code filled in; undefined when the function left it to the pool. */
  readonly email?: { readonly subject: string | null; readonly html: string; readonly text: string };
  /** The SMS the user receives, the code filled in; undefined when the function left it to the pool. */
  readonly sms?: string;
  readonly durationMs: number;
}

interface InvokeEventOptions extends InvokeOptions, CheckOptions {
  /** The code that replaces `codeParameter` (and the username that replaces `usernameParameter`) (default: 123456). */
  readonly code?: string;
}

/**
 * Invokes a Custom message handler on an event as Cognito would (a copy of the event, the 5-second deadline, the
 * runtime's JSON round trip), judges the answer with Cognito's rules, and fills in the code the way the user sees it.
 *
 * @example
 * ```ts
 * const { judgement, email } = await invokeEvent(handler, events.updateUserAttribute());
 * expect(judgement.verdict).toBe('accepted');
 * expect(email?.text).toContain('123456');
 * ```
 */
const invokeEvent = async (
  handler: (
    event: CustomMessageTriggerEvent,
    context: Context,
    callback: (error?: unknown, result?: unknown) => void,
  ) => unknown,
  event: CustomMessageTriggerEvent,
  options: InvokeEventOptions = {},
): Promise<InvokeOutcome> => {
  const { invocation, durationMs } = await invokeHandler(handler as LambdaHandler, event, options);
  const judgement = judgeCustomMessage(
    event,
    invocation,
    options.emailSendingAccount ? { emailSendingAccount: options.emailSendingAccount } : {},
  );
  const values = { code: options.code ?? '123456', username: event.userName };
  const fill = (text: string) => substitutePlaceholders(text, event.request, values);
  const response = judgement.response;
  const html =
    response?.emailMessage === null || response === undefined ? undefined : fill(response.emailMessage);
  return {
    judgement,
    ...(invocation.kind === 'returned' ? { returned: invocation.value as CustomMessageTriggerEvent } : {}),
    ...(html === undefined
      ? {}
      : { email: { subject: response?.emailSubject ?? null, html, text: htmlToText(html) } }),
    ...(response?.smsMessage === null || response === undefined ? {} : { sms: fill(response.smsMessage) }),
    durationMs,
  };
};

export type { InvokeEventOptions, InvokeOutcome };
export { invokeEvent };
