/**
 * @module preview/custom-message-runner — a Custom message function on each event, through the simulator's engine:
 * `invokeEvent` runs it as Cognito does and judges its answer; the function's own log line says why it fell back.
 */
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { Verdict } from '../cognito/lambda-response.js';
import { substitutePlaceholders } from '../cognito/trigger-sources.js';
import { type InvokeOutcome, invokeEvent } from '../local/invoke-event.js';
import type { LambdaHandler } from '../local/invoker.js';
import { analyzeSms } from '../message/sms.js';
import { htmlToText } from '../message/text.js';
import type { Pair } from './events.js';
import { previewFinding } from './findings.js';
import type { KitLine } from './kit-lines.js';
import { HandlerKind, MessageOutcome, type PreviewMessage, type SmsPreview } from './model.js';

/** One event to run, with the brand and locale it asks for. */
interface Item<E> {
  readonly label: string;
  readonly event: E;
  readonly pair: Pair;
  readonly brandName?: string;
}

/** A handler whose every call records the Lambda request id it was given, to find its log line by. */
interface TrackedHandler {
  readonly handler: LambdaHandler;
  readonly lastRequestId: () => string | undefined;
}

/**
 * Wraps a handler so that each call's Lambda request id is known: its log line carries the same id.
 *
 * @example
 * ```ts
 * const tracked = track(opened.handler);
 * ```
 */
const track = (handler: LambdaHandler): TrackedHandler => {
  let last: string | undefined;
  return {
    handler: ((event, context, callback) => {
      last = context.awsRequestId;
      return handler(event, context, callback);
    }) as LambdaHandler,
    lastRequestId: () => last,
  };
};

interface CustomMessageRun extends Item<CustomMessageTriggerEvent> {
  readonly requestId: string | undefined;
  /** The code filled in for `codeParameter`. */
  readonly code: string;
  readonly outcome: InvokeOutcome;
}

/**
 * Runs one event as Cognito would.
 *
 * @example
 * ```ts
 * const run = await invokeCustomMessage(track(handler), item, '123456');
 * ```
 */
const invokeCustomMessage = async (
  tracked: TrackedHandler,
  item: Item<CustomMessageTriggerEvent>,
  code: string,
): Promise<CustomMessageRun> => {
  const outcome = await invokeEvent(tracked.handler as Parameters<typeof invokeEvent>[0], item.event, {
    code,
  });
  return { ...item, requestId: tracked.lastRequestId(), code, outcome };
};

/**
 * An SMS as it travels: encoding, length and segments, from src/message/sms.ts.
 *
 * @example
 * ```ts
 * smsPreview('Code 123456 🎉').encoding; // 'UCS-2'
 * ```
 */
const smsPreview = (text: string, published: Partial<SmsPreview> = {}): SmsPreview => {
  const { encoding, characters, units, segments, ucs2Characters } = analyzeSms(text);
  return { ...published, text, encoding, length: characters, units, segments, ucs2Characters };
};

/** What a function answered that Cognito refused, filled in as it would have been: to see what broke. */
const refusedMessage = (run: CustomMessageRun) => {
  const response = (run.outcome.returned as { response?: Record<string, unknown> } | undefined)?.response;
  const fill = (value: unknown) =>
    typeof value === 'string'
      ? substitutePlaceholders(value, run.event.request, { code: run.code, username: run.event.userName })
      : undefined;
  const html = fill(response?.emailMessage);
  const sms = fill(response?.smsMessage);
  const subject = typeof response?.emailSubject === 'string' ? response.emailSubject : null;
  return { html, sms, subject };
};

const outcomeOf = (
  run: CustomMessageRun,
  line: KitLine | undefined,
): { outcome: PreviewMessage['outcome']; reason: string | null } => {
  const { judgement } = run.outcome;
  const details = (line: KitLine) => [line.reason, line.error].filter(Boolean).join(': ');
  if (judgement.verdict === Verdict.Accepted) return { outcome: MessageOutcome.Customized, reason: null };
  if (judgement.verdict === Verdict.Unchanged)
    return line?.outcome === 'fallback'
      ? { outcome: MessageOutcome.Fallback, reason: details(line) || 'the function fell back' }
      : {
          outcome: MessageOutcome.Unchanged,
          reason: line?.reason ?? 'the function left the response empty',
        };
  const error = judgement.error ? `${judgement.error.name}: ${judgement.error.message}` : judgement.verdict;
  return {
    outcome: MessageOutcome.Failed,
    reason: line?.outcome === 'failed' ? `${details(line)} (strict); ${error}` : error,
  };
};

/**
 * The gallery's account of one run.
 *
 * @example
 * ```ts
 * const message = customMessagePreview(run, kitLines(output.text()).get(run.requestId ?? ''), { id, handler });
 * ```
 */
const customMessagePreview = (
  run: CustomMessageRun,
  line: KitLine | undefined,
  names: { readonly id: string; readonly handler: string },
): PreviewMessage => {
  const { judgement, email, sms, durationMs } = run.outcome;
  const { outcome, reason } = outcomeOf(run, line);
  const refused = judgement.verdict === Verdict.InvalidResponse ? refusedMessage(run) : undefined;
  const html = email?.html ?? refused?.html;
  const smsText = sms ?? refused?.sms;
  // Positions count in the message as answered, before Cognito fills in the code.
  const answered = (judgement.response ??
    (run.outcome.returned as { response?: Record<string, unknown> } | undefined)?.response ??
    {}) as Record<string, unknown>;
  const findings =
    judgement.findings.length > 0
      ? judgement.findings.map((f) => {
          const text = answered[f.field];
          return previewFinding(f, typeof text === 'string' ? text : undefined);
        })
      : (line?.findings ?? []).map((f) => previewFinding({ ...f, severity: 'error' }));
  const resolved = {
    ...(line?.brand === undefined ? {} : { brand: line.brand }),
    ...(line?.locale === undefined ? {} : { locale: line.locale }),
  };
  return {
    id: names.id,
    handler: names.handler,
    kind: HandlerKind.CustomMessage,
    triggerSource: run.event.triggerSource,
    event: run.label,
    brand: run.pair?.brand ?? null,
    ...(run.brandName === undefined ? {} : { brandName: run.brandName }),
    locale: run.pair?.locale ?? null,
    ...(line ? { resolved } : {}),
    outcome,
    reason,
    verdict: judgement.verdict,
    ...(judgement.error ? { error: { name: judgement.error.name, message: judgement.error.message } } : {}),
    subject: email?.subject ?? refused?.subject ?? null,
    email: html === undefined ? null : { html, text: htmlToText(html) },
    sms: smsText === undefined ? null : smsPreview(smsText),
    findings,
    warnings: line?.warnings ?? [],
    notes: judgement.notes,
    durationMs,
  };
};

export type { CustomMessageRun, Item, TrackedHandler };
export { customMessagePreview, invokeCustomMessage, smsPreview, track };
