/**
 * @module preview/run-handler — one function on every event of the plan, one invocation at a time as one Lambda
 * execution environment runs them; which trigger it is shows in its answer to the first event.
 */
import { basename } from 'node:path';
import { Writable } from 'node:stream';
import type { CustomMessageTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { Verdict } from '../cognito/lambda-response.js';
import type { PublishedSms } from '../local/custom-sender.js';
import {
  type CustomMessageRun,
  customMessagePreview,
  type Item,
  invokeCustomMessage,
  type TrackedHandler,
} from './custom-message-runner.js';
import type { HandlerModule } from './discover.js';
import { customMessageEvents, messageId, type Pair, type PreviewEvent, senderEvents } from './events.js';
import { kitLines } from './kit-lines.js';
import { type BrandEnumeration, HandlerKind, MessageOutcome, type PreviewMessage } from './model.js';
import { invokeSender, type SenderRun, senderPreview } from './sms-sender-runner.js';

/** The message of a kit Custom SMS sender's log line. */
const SENDER_LINE = 'custom sms sender';
const MESSAGE_LINE = 'custom message';
/** How long to wait for a function's log line once it has answered (its output and its answer travel apart). */
const LINE_WAIT_MS = 500;

/** Keeps what a function writes. */
class Collected extends Writable {
  readonly #chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.#chunks.push(chunk);
    done();
  }
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

const lineArrives = async (output: Collected, requestId: string | undefined) => {
  const until = Date.now() + LINE_WAIT_MS;
  while (requestId !== undefined && Date.now() < until) {
    const line = kitLines(output.text()).get(requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return undefined;
};

const pairsOf = (brands: BrandEnumeration): { pair: Pair; brandName?: string }[] =>
  brands.brands.length === 0
    ? [{ pair: null }]
    : brands.brands.flatMap((brand) =>
        brand.locales.map((locale) => ({
          pair: { brand: brand.id, locale },
          ...(brand.name === undefined ? {} : { brandName: brand.name }),
        })),
      );

/** True when a function answered with an event: a Custom message function's answer, right or wrong. */
const answeredEvent = (run: CustomMessageRun) => {
  const response = (run.outcome.returned as { response?: unknown } | undefined)?.response;
  return typeof response === 'object' && response !== null;
};

interface HandlerSetup {
  readonly cwd: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly events: readonly PreviewEvent[];
  readonly code: string;
  /** The key senders decrypt with. */
  readonly keyArn: string;
  /** The handlers, once esbuild has read their graphs; a candidate missing here is no handler. */
  readonly modules: Promise<ReadonlyMap<string, HandlerModule>>;
  readonly brands: Promise<Map<string, BrandEnumeration>>;
  /** The code encrypted once for every sender. */
  readonly ciphertext: () => Promise<string>;
}

type Runs =
  | { readonly kind: typeof HandlerKind.CustomMessage; readonly runs: readonly CustomMessageRun[] }
  | { readonly kind: typeof HandlerKind.CustomSmsSender; readonly runs: readonly SenderRun[] }
  /** A kit function of another trigger, by its log line's message. */
  | { readonly kind: typeof HandlerKind.Other; readonly trigger: string };

/** A function's events, in the brands and locales to preview. */
const plan = (setup: HandlerSetup, brands: BrandEnumeration) => {
  const pairs = pairsOf(brands);
  const named = (pair: Pair, brandName?: string) => ({ pair, ...(brandName ? { brandName } : {}) });
  return {
    messages: (): Item<CustomMessageTriggerEvent>[] =>
      pairs.flatMap(({ pair, brandName }) =>
        customMessageEvents(setup.events, pair).map((e) => ({ ...e, ...named(pair, brandName) })),
      ),
    senders: (ciphertext: string): Item<CustomSMSSenderTriggerEvent>[] =>
      pairs.flatMap(({ pair, brandName }) =>
        senderEvents(setup.events, pair, ciphertext).map((e) => ({ ...e, ...named(pair, brandName) })),
      ),
  };
};

/**
 * Runs a function on every event. Which trigger it is shows in its answer to the first one: a Custom message function
 * returns the event; a kit Custom SMS sender says so in its log line and publishes. A module that imports what senders
 * import is tried with a sender event first, so that its first run is already a real one.
 */
const runHandler = async (
  module: HandlerModule,
  tracked: TrackedHandler,
  output: Collected,
  setup: HandlerSetup,
  published: () => readonly PublishedSms[],
  brands: BrandEnumeration,
): Promise<Runs> => {
  const items = plan(setup, brands);
  const name = basename(module.file).replace(/\.[^.]+$/, '');
  const sendAll = async (done: readonly SenderRun[], list: readonly Item<CustomSMSSenderTriggerEvent>[]) => {
    const runs = [...done];
    for (const item of list.slice(done.length)) runs.push(await invokeSender(tracked, item, published, name));
    return { kind: HandlerKind.CustomSmsSender, runs } as const;
  };
  if (module.sender) return sendAll([], items.senders(await setup.ciphertext()));
  if (module.mayBeSender) {
    const senders = items.senders(await setup.ciphertext());
    const first = senders[0] ? await invokeSender(tracked, senders[0], published, name) : undefined;
    const answer = (first?.invocation as { value?: { response?: unknown } } | undefined)?.value?.response;
    if (first && (typeof answer !== 'object' || answer === null)) {
      if (first.published.length > 0) return sendAll([first], senders);
      const line = await lineArrives(output, first.requestId);
      if (line?.message === SENDER_LINE) return sendAll([first], senders);
      if (line && line.message !== MESSAGE_LINE) return { kind: HandlerKind.Other, trigger: line.message };
    }
  }
  const runs: CustomMessageRun[] = [];
  for (const item of items.messages()) {
    const run = await invokeCustomMessage(tracked, item, setup.code);
    runs.push(run);
    if (runs.length > 1) continue;
    const { verdict } = run.outcome.judgement;
    if (answeredEvent(run) || verdict === Verdict.Threw || verdict === Verdict.Timeout) continue;
    const line = await lineArrives(output, run.requestId);
    if (line?.message === SENDER_LINE) return sendAll([], items.senders(await setup.ciphertext()));
    if (line && line.message !== MESSAGE_LINE) return { kind: HandlerKind.Other, trigger: line.message };
  }
  return { kind: HandlerKind.CustomMessage, runs };
};

/** Sources whose every message is Cognito's own: the function does not answer them, and they get no card. */
const withoutUnanswered = (messages: PreviewMessage[]) => {
  const sources = [...new Set(messages.map((message) => message.triggerSource))];
  const unanswered = sources.filter((source) =>
    messages.every((m) => m.triggerSource !== source || m.outcome === MessageOutcome.Unchanged),
  );
  return { messages: messages.filter((m) => !unanswered.includes(m.triggerSource)), unanswered };
};

/** The gallery's account of a function's runs, without the sources it leaves to Cognito. */
const toPreviews = (module: HandlerModule, result: Exclude<Runs, { kind: 'other' }>, output: Collected) => {
  const lines = kitLines(output.text());
  const names = (run: { event: { triggerSource: string }; pair: Pair; label: string }) => ({
    handler: module.label,
    id: messageId({
      handler: module.label,
      triggerSource: run.event.triggerSource,
      brand: run.pair?.brand ?? null,
      locale: run.pair?.locale ?? null,
      event: run.label,
    }),
  });
  const rendered =
    result.kind === HandlerKind.CustomMessage
      ? result.runs.map((run) => customMessagePreview(run, lines.get(run.requestId ?? ''), names(run)))
      : result.runs.map((run) => senderPreview(run, lines.get(run.requestId ?? ''), names(run)));
  return result.kind === HandlerKind.CustomMessage
    ? withoutUnanswered(rendered)
    : { messages: rendered, unanswered: [] };
};

export type { HandlerSetup, Runs };
export { Collected, runHandler, toPreviews };
