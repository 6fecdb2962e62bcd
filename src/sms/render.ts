/**
 * @module sms/render — the text of a Custom SMS sender message: the `.sms` of the Custom message template for the
 * matching source, rendered with the decrypted code, or Cognito's default wording when the template can't serve.
 */
import type { BrandBase, Resolution } from '../brand/resolve.js';
import {
  type CustomMessageTriggerSource,
  hasLinkParameter,
  hasUsernameParameter,
} from '../cognito/trigger-sources.js';
import { isDeadlineError, withDeadline } from '../handler/deadline.js';
import type { CustomMessageTemplates, RenderedMessage } from '../handler/types.js';
import { fitsOnePublish, SMS_PUBLISH_MAX_BYTES } from './rules.js';

/**
 * Why the default wording was sent instead of the template's message.
 *
 * @example
 * ```ts
 * if (result.fallback === FallbackReason.TemplateThrew) alarm();
 * ```
 */
const FallbackReason = {
  NoTemplate: 'no template',
  NoSms: 'template returned no SMS',
  TemplateThrew: 'template threw',
  TemplateTimedOut: 'template timed out',
  CodeMissing: 'template left the code out',
  TooLong: `message is longer than ${SMS_PUBLISH_MAX_BYTES} bytes`,
} as const;
type FallbackReason = (typeof FallbackReason)[keyof typeof FallbackReason];

/**
 * Cognito's own wording for each kind of SMS, sent when no template can serve so that the user still gets the code.
 *
 * @example
 * ```ts
 * defaultSms('CustomMessage_Authentication', '482916', 'diego'); // 'Your authentication code is 482916.'
 * ```
 */
const defaultSms = (source: CustomMessageTriggerSource, code: string, userName: string): string => {
  if (source === 'CustomMessage_AdminCreateUser')
    return `Your username is ${userName} and temporary password is ${code}.`;
  if (source === 'CustomMessage_Authentication') return `Your authentication code is ${code}.`;
  return `Your verification code is ${code}.`;
};

/** What {@link renderSms} needs from the event, already resolved. */
interface RenderInput<B extends BrandBase> {
  readonly source: CustomMessageTriggerSource;
  readonly resolved: Resolution<B>;
  readonly code: string;
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly clientMetadata: Readonly<Record<string, string>>;
  readonly userName: string;
  readonly userPoolId: string;
  readonly region: string;
  readonly clientId: string;
  /** How long an async template may take, in milliseconds: at most the time left before the Lambda deadline. */
  readonly timeoutMs: number;
}

type RenderResult =
  | { readonly text: string; readonly wording: 'template' }
  | {
      readonly text: string;
      readonly wording: 'default';
      readonly fallback: FallbackReason;
      readonly error?: unknown;
    };

/**
 * Renders the SMS with the template for `CustomMessage_X`, the code as `codeParameter` and, for AdminCreateUser, the
 * username as `usernameParameter` (`linkParameter` is empty: links are for email). Falls back to Cognito's wording
 * when there is no template, it returns no SMS, throws (anything, even from a getter of what it returned), times out,
 * leaves the code out, or is too long to publish.
 *
 * @example
 * ```ts
 * const { text, wording } = await renderSms(templates, { source: 'CustomMessage_SignUp', resolved, code, … });
 * ```
 */
const renderSms = async <B extends BrandBase>(
  templates: CustomMessageTemplates<B>,
  input: RenderInput<B>,
): Promise<RenderResult> => {
  const { source, resolved, code, userName } = input;
  const fallback = (reason: FallbackReason, error?: unknown): RenderResult => ({
    text: defaultSms(source, code, userName),
    wording: 'default',
    fallback: reason,
    ...(error === undefined ? {} : { error }),
  });
  const template = templates[source] as
    | ((context: object) => RenderedMessage | undefined | Promise<RenderedMessage | undefined>)
    | undefined;
  if (template === undefined) return fallback(FallbackReason.NoTemplate);
  const context = {
    triggerSource: source,
    brandId: resolved.brandId,
    brand: resolved.brand,
    locale: resolved.locale,
    userAttributes: input.userAttributes,
    clientMetadata: input.clientMetadata,
    userName,
    userPoolId: input.userPoolId,
    region: input.region,
    clientId: input.clientId,
    codeParameter: code,
    ...(hasUsernameParameter(source) ? { usernameParameter: userName } : {}),
    ...(hasLinkParameter(source) ? { linkParameter: '' } : {}),
  };
  let text: unknown;
  try {
    const rendered = await withDeadline(template(context), input.timeoutMs);
    // Read here: a getter of what the template returned is the template's code too, and may throw.
    text = rendered === undefined || rendered === null ? undefined : (rendered as RenderedMessage).sms;
  } catch (error) {
    return fallback(
      isDeadlineError(error) ? FallbackReason.TemplateTimedOut : FallbackReason.TemplateThrew,
      error,
    );
  }
  if (typeof text !== 'string' || text.trim() === '') return fallback(FallbackReason.NoSms);
  if (!text.includes(code)) return fallback(FallbackReason.CodeMissing);
  if (!fitsOnePublish(text)) return fallback(FallbackReason.TooLong);
  return { text, wording: 'template' };
};

export type { RenderInput, RenderResult };
export { defaultSms, FallbackReason, renderSms };
