/**
 * @module preview/events — the events a preview runs: the kit's sample event for every trigger source (the fixtures
 * of events/), or `--event` files; each given the brand and locale to preview through `clientMetadata`, as an app
 * would ask for them.
 */
import { readFileSync } from 'node:fs';
import { basename, relative, resolve as resolvePath } from 'node:path';
import type { CustomMessageTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import {
  CUSTOM_MESSAGE_TRIGGER_SOURCES,
  type CustomMessageTriggerSource,
  isCustomMessageTriggerSource,
} from '../cognito/trigger-sources.js';
import { customMessageEvent } from '../events/factory.js';
import { CUSTOM_SMS_SENDER_REQUEST_TYPE } from '../sms/events.js';
import {
  CUSTOM_SMS_SENDER_TRIGGER_SOURCES,
  type CustomSmsSenderTriggerSource,
  customMessageSourceOf,
  isCustomSmsSenderTriggerSource,
} from '../sms/trigger-sources.js';

/** An event to preview, and where it came from: `sample`, or the file. */
interface PreviewEvent {
  readonly label: string;
  readonly event: CustomMessageTriggerEvent | CustomSMSSenderTriggerEvent;
}

/** Thrown for an `--event` file that is not a Custom message or Custom SMS sender event. */
class PreviewEventError extends Error {
  override readonly name = 'PreviewEventError';
}

/**
 * The kit's sample event for every Custom message trigger source (the fixtures of events/, without ClientMetadata).
 *
 * @example
 * ```ts
 * sampleEvents().map((e) => e.event.triggerSource); // ['CustomMessage_SignUp', …]
 * ```
 */
const sampleEvents = (): PreviewEvent[] =>
  CUSTOM_MESSAGE_TRIGGER_SOURCES.map((source) => ({ label: 'sample', event: customMessageEvent(source) }));

/**
 * Reads an `--event` file: a Custom message event (as `events new` prints it) or a Custom SMS sender event.
 *
 * @example
 * ```ts
 * const event = readPreviewEvent('events/CustomMessage_SignUp.json', process.cwd());
 * ```
 */
const readPreviewEvent = (file: string, cwd: string): PreviewEvent => {
  const path = resolvePath(cwd, file);
  let event: { triggerSource?: unknown; request?: { codeParameter?: unknown } };
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PreviewEventError(`cannot read the event ${file}: ${(error as Error).message}`);
  }
  const source = event?.triggerSource;
  if (isCustomMessageTriggerSource(source) && typeof event.request?.codeParameter !== 'string')
    throw new PreviewEventError(`the event ${file} has no request.codeParameter`);
  if (!isCustomMessageTriggerSource(source) && !isCustomSmsSenderTriggerSource(source))
    throw new PreviewEventError(
      `the event ${file} has triggerSource ${JSON.stringify(source)}; expected a Custom message or Custom SMS sender source`,
    );
  return { label: relative(cwd, path), event: event as PreviewEvent['event'] };
};

type Pair = { readonly brand: string; readonly locale: string } | null;

const withMetadata = <E extends { request: { clientMetadata?: Record<string, string> } }>(
  event: E,
  pair: Pair,
): E => {
  const copy = structuredClone(event);
  if (pair)
    copy.request.clientMetadata = { ...copy.request.clientMetadata, brand: pair.brand, locale: pair.locale };
  return copy;
};

/** The Custom message events of a list, for `pair`; Custom SMS sender events have no Custom message counterpart. */
const customMessageEvents = (events: readonly PreviewEvent[], pair: Pair) =>
  events
    .filter((e) => isCustomMessageTriggerSource(e.event.triggerSource))
    .map((e) => ({ label: e.label, event: withMetadata(e.event as CustomMessageTriggerEvent, pair) }));

/** The sender source for a Custom message source: `CustomMessage_SignUp` → `CustomSMSSender_SignUp`. */
const senderSourceOf = (source: CustomMessageTriggerSource): CustomSmsSenderTriggerSource =>
  CUSTOM_SMS_SENDER_TRIGGER_SOURCES.find(
    (s) => customMessageSourceOf(s) === source,
  ) as CustomSmsSenderTriggerSource;

/**
 * The Custom SMS sender events of a list, for `pair`, with `code` as their encrypted code: sender events as they are,
 * and each Custom message event as the sender event Cognito sends for the same request.
 */
const senderEvents = (events: readonly PreviewEvent[], pair: Pair, code: string) =>
  events.map(({ label, event }) => {
    if (isCustomSmsSenderTriggerSource(event.triggerSource)) {
      const sender = withMetadata(event as CustomSMSSenderTriggerEvent, pair);
      return { label, event: { ...sender, request: { ...sender.request, code } } };
    }
    const message = withMetadata(event as CustomMessageTriggerEvent, pair);
    const { clientMetadata } = message.request;
    return {
      label,
      event: {
        version: message.version,
        triggerSource: senderSourceOf(message.triggerSource as CustomMessageTriggerSource),
        region: message.region,
        userPoolId: message.userPoolId,
        userName: message.userName,
        callerContext: { ...message.callerContext },
        request: {
          type: CUSTOM_SMS_SENDER_REQUEST_TYPE,
          code,
          userAttributes: { ...message.request.userAttributes },
          ...(clientMetadata === undefined ? {} : { clientMetadata }),
        },
        response: {},
      } as CustomSMSSenderTriggerEvent,
    };
  });

/** A name for files and URLs: lower case, letters, digits, `.`, `_` and `-`. */
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * A message's id: handler, source, brand, locale and, for `--event` files, the file. Stable from run to run, so that a
 * baseline compares like with like.
 *
 * @example
 * ```ts
 * messageId({ handler: 'handlers/custom-message.ts', triggerSource: 'CustomMessage_SignUp', brand: 'acme', locale: 'fr', event: 'sample' });
 * // 'custom-message.signup.acme.fr'
 * ```
 */
const messageId = (parts: {
  readonly handler: string;
  readonly triggerSource: string;
  readonly brand: string | null;
  readonly locale: string | null;
  readonly event: string;
}): string =>
  [
    slug(basename(parts.handler).replace(/\.[cm]?[jt]s(?=:|$)/, '')),
    slug(parts.triggerSource.replace(/^Custom(Message|SMSSender)_/, '')),
    parts.brand === null ? 'default' : slug(parts.brand),
    ...(parts.locale === null ? [] : [slug(parts.locale)]),
    ...(parts.event === 'sample' ? [] : [slug(basename(parts.event).replace(/\.json$/, ''))]),
  ].join('.');

export type { Pair, PreviewEvent };
export {
  customMessageEvents,
  messageId,
  PreviewEventError,
  readPreviewEvent,
  sampleEvents,
  senderEvents,
  slug,
};
