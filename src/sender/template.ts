/**
 * @module sender/template — a custom sender's template, run as every custom sender runs it: inside the time it has,
 * with anything it throws (even from a getter of what it returned) and its timing out told apart, so that the sender
 * can send Cognito's own wording instead.
 */
import type { BrandBase } from '../brand/resolve.js';
import type { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { isDeadlineError, withDeadline } from '../handler/deadline.js';
import type { EventTemplateContext } from '../handler/types.js';

/** What a custom sender renders from: the event as its template sees it, and how long the template may take. */
interface SenderTemplateInput<B extends BrandBase> {
  /** The brand, locale, attributes, client metadata, user, pool, region and app client the template sees. */
  readonly seen: EventTemplateContext<B>;
  /** How long an async template may take, in milliseconds: at most the time left before the Lambda deadline. */
  readonly timeoutMs: number;
}

/** The same, for a message that carries a code. */
interface CodeTemplateInput<B extends BrandBase> extends SenderTemplateInput<B> {
  /** The Custom message source whose template writes the message. */
  readonly source: CustomMessageTriggerSource;
  /** The decrypted code, or for AdminCreateUser the temporary password, as the user must type it. */
  readonly code: string;
}

/** The fallback reasons every custom sender gives when its template can't run. */
interface TemplateFallbacks<F extends string> {
  readonly NoTemplate: F;
  readonly TemplateThrew: F;
  readonly TemplateTimedOut: F;
}

/** The part of the template's message the sender sends (`undefined` when it returned none), or why there is none. */
type TemplatePart<P, F extends string> =
  | { readonly part: P | undefined }
  | { readonly fallback: F; readonly error?: unknown };

/**
 * Runs `template` with `context` inside `timeoutMs` and reads from what it returned the part the sender sends: the
 * reading runs the template's own code too (a getter), and is guarded the same way. Without a template, or when it
 * throws or times out, the answer is the reason for Cognito's wording.
 *
 * @example
 * ```ts
 * const run = await templatePart(templates[source], context, { timeoutMs, reasons: FallbackReason,
 *   pick: (message: RenderedMessage) => message.sms });
 * if ('fallback' in run) return fallback(run.fallback, run.error);
 * ```
 */
const templatePart = async <M, P, F extends string>(
  template: ((context: never) => unknown) | undefined,
  context: object,
  options: {
    readonly timeoutMs: number;
    readonly pick: (message: M) => P | undefined;
    readonly reasons: TemplateFallbacks<F>;
  },
): Promise<TemplatePart<P, F>> => {
  const { reasons } = options;
  if (template === undefined) return { fallback: reasons.NoTemplate };
  try {
    const rendered = await withDeadline(
      (template as (context: object) => unknown)(context),
      options.timeoutMs,
    );
    return { part: rendered === undefined || rendered === null ? undefined : options.pick(rendered as M) };
  } catch (error) {
    return { fallback: isDeadlineError(error) ? reasons.TemplateTimedOut : reasons.TemplateThrew, error };
  }
};

export type { CodeTemplateInput, SenderTemplateInput, TemplateFallbacks, TemplatePart };
export { templatePart };
