/**
 * @module sms/render — the text of a Custom SMS sender message: the `.sms` of the Custom message template for the
 * matching source, rendered with the decrypted code, or Cognito's default wording when the template can't serve.
 */
import type { BrandBase } from '../brand/resolve.js';
import type { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { templateContext } from '../handler/template-context.js';
import type { CustomMessageTemplates, RenderedMessage } from '../handler/types.js';
import { type CodeTemplateInput, templatePart } from '../sender/template.js';
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
  input: CodeTemplateInput<B>,
): Promise<RenderResult> => {
  const { source, code, seen } = input;
  const fallback = (reason: FallbackReason, error?: unknown): RenderResult => ({
    text: defaultSms(source, code, seen.userName),
    wording: 'default',
    fallback: reason,
    ...(error === undefined ? {} : { error }),
  });
  const run = await templatePart(
    templates[source],
    templateContext(source, seen, {
      codeParameter: code,
      usernameParameter: seen.userName,
      linkParameter: '',
    }),
    { timeoutMs: input.timeoutMs, pick: (message: RenderedMessage) => message.sms, reasons: FallbackReason },
  );
  if ('fallback' in run) return fallback(run.fallback, run.error);
  const text: unknown = run.part;
  if (typeof text !== 'string' || text.trim() === '') return fallback(FallbackReason.NoSms);
  if (!text.includes(code)) return fallback(FallbackReason.CodeMissing);
  if (!fitsOnePublish(text)) return fallback(FallbackReason.TooLong);
  return { text, wording: 'template' };
};

export type { RenderResult };
export { defaultSms, FallbackReason, renderSms };
