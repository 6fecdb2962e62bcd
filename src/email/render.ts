/**
 * @module email/render — the email of a Custom email sender: the `.email` of the Custom message template for the
 * matching source, rendered exactly as `customMessage` renders it (the same context, Cognito's placeholders, the same
 * subject cleaning and the same rules), then with the code and username put where Cognito would put them; or Cognito's
 * default wording when the template can't serve. The account takeover notice has a template of its own.
 */
import type { BrandBase } from '../brand/resolve.js';
import { checkCustomMessageResponse, errorsOf, type Finding } from '../cognito/rules.js';
import {
  type CustomMessageTriggerSource,
  hasUsernameParameter,
  substitutePlaceholders,
} from '../cognito/trigger-sources.js';
import { templateContext } from '../handler/template-context.js';
import type { CustomMessageTemplates, RenderedMessage } from '../handler/types.js';
import { escapeHtml, html } from '../message/html.js';
import { emailSubject } from '../message/subject.js';
import { htmlToText } from '../message/text.js';
import { type CodeTemplateInput, templatePart } from '../sender/template.js';

/**
 * Why the default wording was sent instead of the template's email.
 *
 * @example
 * ```ts
 * if (result.fallback === FallbackReason.TemplateThrew) alarm();
 * ```
 */
const FallbackReason = {
  NoTemplate: 'no template',
  NoEmail: 'template returned no email',
  TemplateThrew: 'template threw',
  TemplateTimedOut: 'template timed out',
  Unusable: 'template returned an unusable message',
  BreaksRules: "message breaks Cognito's rules",
} as const;
type FallbackReason = (typeof FallbackReason)[keyof typeof FallbackReason];

/**
 * The placeholders the template sees, as Cognito puts them in a Custom message event: the code's (`{####}`) and, for
 * AdminCreateUser, the username's (`{username}`).
 */
const PLACEHOLDERS = { codeParameter: '{####}', usernameParameter: '{username}' } as const;

/** An email ready to send: subject, HTML part and text part. */
interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

type RenderResult = RenderedEmail &
  (
    | { readonly wording: 'template'; readonly findings?: readonly Finding[] }
    | {
        readonly wording: 'default';
        readonly fallback: FallbackReason;
        readonly error?: unknown;
        readonly findings?: readonly Finding[];
      }
  );

/**
 * Cognito's own wording for each kind of email, sent when no template can serve so that the user still gets the code.
 *
 * @example
 * ```ts
 * defaultEmail('CustomMessage_ForgotPassword').subject; // 'Your verification code'
 * ```
 */
const defaultEmail = (source: CustomMessageTriggerSource): { subject: string; html: string } => {
  const { codeParameter: code, usernameParameter: username } = PLACEHOLDERS;
  if (source === 'CustomMessage_AdminCreateUser')
    return {
      subject: 'Your temporary password',
      html: html`<p>Your username is ${username} and temporary password is ${code}.</p>`.toString(),
    };
  if (source === 'CustomMessage_Authentication')
    return {
      subject: 'Your authentication code',
      html: html`<p>Your authentication code is ${code}.</p>`.toString(),
    };
  return {
    subject: 'Your verification code',
    html: html`<p>Your verification code is ${code}.</p>`.toString(),
  };
};

/**
 * The text part of an HTML email: its text as `htmlToText` reads it, each link followed by its address, so that a
 * reader without HTML can still follow it.
 *
 * @example
 * ```ts
 * textPart('<p><a href="https://acme.example/help">Help</a></p>'); // 'Help (https://acme.example/help)'
 * ```
 */
const textPart = (markup: string): string =>
  htmlToText(
    markup.replace(
      /<a\b[^>]*?\bhref\s*=\s*"(https?:[^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (link, href: string, label: string) =>
        htmlToText(label) === htmlToText(href) ? link : `${link} (${href})`,
    ),
  );

/**
 * The email as the user reads it: the code and username where the placeholders stand, HTML-escaped as all text in
 * the body is, in the HTML part; and the text part read from it. The subject keeps its placeholders, as Cognito does.
 *
 * @example
 * ```ts
 * withValues('CustomMessage_SignUp', { subject, html: '<p>{####}</p>' }, { code: '482916', username: 'diego' }).text;
 * // '482916'
 * ```
 */
const withValues = (
  source: CustomMessageTriggerSource,
  email: { readonly subject: string; readonly html: string },
  values: { readonly code: string; readonly username: string },
): RenderedEmail => {
  // Only an AdminCreateUser invitation has a username placeholder: elsewhere `{username}` is text like any other.
  const placeholders = hasUsernameParameter(source)
    ? PLACEHOLDERS
    : { codeParameter: PLACEHOLDERS.codeParameter };
  const body = substitutePlaceholders(email.html, placeholders, {
    code: escapeHtml(values.code),
    username: escapeHtml(values.username),
  });
  return { subject: email.subject, html: body, text: textPart(body) };
};

/**
 * Renders the email with the template for `CustomMessage_X` in the context `customMessage` gives it, Cognito's
 * placeholders included (`linkParameter` is empty: Cognito hands a custom sender a code, never a link), and checks it
 * against the rules `customMessage` checks. Falls back to Cognito's wording when there is no template, it returns no
 * email, throws (anything, even from a getter of what it returned), times out, or breaks a rule (no code placeholder,
 * too long, a character Cognito refuses).
 *
 * @example
 * ```ts
 * const { subject, html, text, wording } = await renderEmail(templates, { source: 'CustomMessage_SignUp', … });
 * ```
 */
const renderEmail = async <B extends BrandBase>(
  templates: CustomMessageTemplates<B>,
  input: CodeTemplateInput<B>,
): Promise<RenderResult> => {
  const { source, seen } = input;
  const values = { code: input.code, username: seen.userName };
  const fallback = (
    reason: FallbackReason,
    extra: { error?: unknown; findings?: readonly Finding[] } = {},
  ) => ({
    ...withValues(source, defaultEmail(source), values),
    wording: 'default' as const,
    fallback: reason,
    ...(extra.error === undefined ? {} : { error: extra.error }),
    ...(extra.findings === undefined ? {} : { findings: extra.findings }),
  });
  const run = await templatePart(
    templates[source],
    templateContext(source, seen, { ...PLACEHOLDERS, linkParameter: '' }),
    {
      timeoutMs: input.timeoutMs,
      pick: (message: RenderedMessage) => message.email,
      reasons: FallbackReason,
    },
  );
  if ('fallback' in run) return fallback(run.fallback, { error: run.error });
  const email = run.part;
  if (!email) return fallback(FallbackReason.NoEmail);
  // Read as customMessage reads it: each part once, through its own toString (the template's code, which may throw).
  let response: { emailMessage: string; emailSubject: string };
  try {
    const { subject, html: body } = email;
    response = { emailMessage: String(body), emailSubject: emailSubject(String(subject)) };
  } catch (error) {
    return fallback(FallbackReason.Unusable, { error });
  }
  const findings = checkCustomMessageResponse({
    triggerSource: source,
    request: PLACEHOLDERS,
    response: { ...response, smsMessage: null },
  });
  const errors = errorsOf(findings);
  if (errors.length > 0) return fallback(FallbackReason.BreaksRules, { findings: errors });
  const warnings = findings.filter((finding) => finding.severity === 'warning');
  return {
    ...withValues(source, { subject: response.emailSubject, html: response.emailMessage }, values),
    wording: 'template',
    ...(warnings.length > 0 ? { findings: warnings } : {}),
  };
};

export type { RenderedEmail, RenderResult };
export { defaultEmail, FallbackReason, PLACEHOLDERS, renderEmail, textPart, withValues };
