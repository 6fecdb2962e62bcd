/**
 * @module preview/sms-sender-runner — a Custom SMS sender on each event, as the simulator runs one: the code encrypted
 * as Cognito encrypts it (local KMS), the function decrypting it and publishing to a local SNS endpoint, whose record is
 * the SMS the user would get, with its encoding and segments.
 */
import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import type { PublishedSms } from '../local/custom-sender.js';
import { type InvokeResult, invokeHandler } from '../local/invoker.js';
import type { TrackedHandler } from './custom-message-runner.js';
import { type Item, smsPreview } from './custom-message-runner.js';
import type { KitLine } from './kit-lines.js';
import { HandlerKind, MessageOutcome, type PreviewMessage } from './model.js';

/**
 * How long a sender may run: Cognito invokes it asynchronously, so its 5 seconds do not apply; the example template
 * gives the function 10 seconds.
 */
const SENDER_DEADLINE_MS = 10_000;

/** The sender's fallback reason when there is no template: Cognito's wording goes out, as the pool's would. */
const NO_TEMPLATE = 'no template';

interface SenderRun extends Item<CustomSMSSenderTriggerEvent> {
  readonly requestId: string | undefined;
  readonly invocation: InvokeResult['invocation'];
  readonly durationMs: number;
  readonly published: readonly PublishedSms[];
}

/**
 * Runs one event and keeps what it published. One invocation at a time per endpoint: what was published in between
 * is this invocation's.
 *
 * @example
 * ```ts
 * const run = await invokeSender(track(handler), item, () => environment.setup(handler).published());
 * ```
 */
const invokeSender = async (
  tracked: TrackedHandler,
  item: Item<CustomSMSSenderTriggerEvent>,
  published: () => readonly PublishedSms[],
  functionName: string,
): Promise<SenderRun> => {
  const before = published().length;
  const { invocation, durationMs } = await invokeHandler(tracked.handler, item.event, {
    deadlineMs: SENDER_DEADLINE_MS,
    functionName,
  });
  return {
    ...item,
    requestId: tracked.lastRequestId(),
    invocation,
    durationMs,
    published: published().slice(before),
  };
};

interface SenderResult {
  readonly outcome?: unknown;
  readonly reason?: unknown;
  readonly wording?: unknown;
  readonly fallback?: unknown;
}

const outcomeOf = (
  run: SenderRun,
  line: KitLine | undefined,
): { outcome: PreviewMessage['outcome']; reason: string | null } => {
  const { invocation } = run;
  const withError = (reason: string) => (line?.error ? `${reason}: ${line.error}` : reason);
  if (invocation.kind === 'timeout')
    return { outcome: MessageOutcome.Failed, reason: `no answer within ${SENDER_DEADLINE_MS} ms` };
  if (invocation.kind === 'threw')
    return {
      outcome: MessageOutcome.Failed,
      reason: withError(`${invocation.error.name ?? 'Error'}: ${invocation.error.message}`),
    };
  const result = (invocation.value ?? {}) as SenderResult;
  const reason = typeof result.reason === 'string' ? result.reason : line?.reason;
  if (run.published.length === 0)
    return { outcome: MessageOutcome.Failed, reason: reason ?? 'the function published no SMS' };
  if (result.wording !== 'default') return { outcome: MessageOutcome.Customized, reason: null };
  const fallback = typeof result.fallback === 'string' ? result.fallback : (reason ?? 'default wording');
  return fallback === NO_TEMPLATE
    ? { outcome: MessageOutcome.Unchanged, reason: `${NO_TEMPLATE}: Cognito's wording was sent` }
    : { outcome: MessageOutcome.Fallback, reason: withError(fallback) };
};

/**
 * The gallery's account of one sender run.
 *
 * @example
 * ```ts
 * const message = senderPreview(run, kitLines(output.text()).get(run.requestId ?? ''), { id, handler });
 * ```
 */
const senderPreview = (
  run: SenderRun,
  line: KitLine | undefined,
  names: { readonly id: string; readonly handler: string },
): PreviewMessage => {
  const { outcome, reason } = outcomeOf(run, line);
  const [sms] = run.published;
  return {
    id: names.id,
    handler: names.handler,
    kind: HandlerKind.CustomSmsSender,
    triggerSource: run.event.triggerSource,
    event: run.label,
    brand: run.pair?.brand ?? null,
    ...(run.brandName === undefined ? {} : { brandName: run.brandName }),
    locale: run.pair?.locale ?? null,
    ...(line
      ? {
          resolved: {
            ...(line.brand === undefined ? {} : { brand: line.brand }),
            ...(line.locale === undefined ? {} : { locale: line.locale }),
          },
        }
      : {}),
    outcome,
    reason,
    subject: null,
    email: null,
    sms: sms
      ? smsPreview(sms.text, {
          ...(sms.senderId === undefined ? {} : { senderId: sms.senderId }),
          ...(sms.originationNumber === undefined ? {} : { originationNumber: sms.originationNumber }),
          ...(sms.smsType === undefined ? {} : { smsType: sms.smsType }),
        })
      : null,
    findings: [],
    warnings: line?.warnings ?? [],
    notes: [],
    durationMs: run.durationMs,
  };
};

export type { SenderRun };
export { invokeSender, senderPreview };
