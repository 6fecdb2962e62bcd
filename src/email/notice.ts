/**
 * @module email/notice — the account takeover notice (`CustomEmailSender_AccountTakeOverNotification`): threat
 * protection saw a risky sign-in and Cognito asks the function to tell the user. It carries no code; its details come
 * as user attributes (`LOGIN_TIME`, `IP_ADDRESS`, `ONE_CLICK_LINK_VALID`, …). A template of its own writes it, with
 * the brand and locale resolved as for every email; without one, or when it fails, a plain notice is sent.
 */
import type { AccountTakeOverActionType } from 'aws-lambda';
import type { BrandBase } from '../brand/resolve.js';
import { EMAIL_MESSAGE_MAX_LENGTH, EMAIL_MESSAGE_MIN_LENGTH } from '../cognito/limits.js';
import type { EmailMessage, EventTemplateContext } from '../handler/types.js';
import { html, type SafeHtml } from '../message/html.js';
import { emailSubject } from '../message/subject.js';
import { type SenderTemplateInput, templatePart } from '../sender/template.js';
import { FallbackReason, type RenderResult, textPart } from './render.js';

/** What threat protection tells about the sign-in, from the event's attributes; `''` where Cognito sent nothing. */
interface AccountTakeOverNotice {
  /** What Cognito did: `BLOCK`, `NO_ACTION`, `MFA`, `MFA_IF_CONFIGURED` or `MFA_REQUIRED`. */
  readonly action: AccountTakeOverActionType | string;
  readonly eventId: string;
  /** As Cognito wrote it, e.g. `Friday, March 19, 2021 02:25 PM UTC`. */
  readonly loginTime: string;
  readonly ipAddress: string;
  readonly city: string;
  readonly country: string;
  readonly deviceName: string;
  /** The link by which the user says the sign-in was theirs. */
  readonly oneClickLinkValid: string;
  /** The link by which the user says it was not. */
  readonly oneClickLinkInvalid: string;
  readonly feedbackToken: string;
  /** `USER_NAME`: the username the sign-in was for. */
  readonly userName: string;
}

/** What an account takeover template sees. */
interface AccountTakeOverContext<B extends BrandBase = BrandBase> extends EventTemplateContext<B> {
  readonly triggerSource: 'CustomEmailSender_AccountTakeOverNotification';
  /** The event's attributes: the sign-in's details, as Cognito sends them (`notice` reads them). */
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly notice: AccountTakeOverNotice;
}

/** Writes the account takeover notice: subject and body, built with `html` (which escapes every value). */
type AccountTakeOverTemplate<B extends BrandBase = BrandBase> = (
  context: AccountTakeOverContext<B>,
) => EmailMessage | undefined | Promise<EmailMessage | undefined>;

/** The attributes of the notice, by the names Cognito gives them. */
const NOTICE_ATTRIBUTES = {
  action: 'ACCOUNT_TAKE_OVER_ACTION',
  eventId: 'EVENT_ID',
  loginTime: 'LOGIN_TIME',
  ipAddress: 'IP_ADDRESS',
  city: 'CITY',
  country: 'COUNTRY',
  deviceName: 'DEVICE_NAME',
  oneClickLinkValid: 'ONE_CLICK_LINK_VALID',
  oneClickLinkInvalid: 'ONE_CLICK_LINK_INVALID',
  feedbackToken: 'FEEDBACK_TOKEN',
  userName: 'USER_NAME',
} as const satisfies Record<keyof AccountTakeOverNotice, string>;

/**
 * The notice's details from the event's attributes.
 *
 * @example
 * ```ts
 * noticeOf(event.request.userAttributes).action; // 'BLOCK'
 * ```
 */
const noticeOf = (attributes: Readonly<Record<string, unknown>>): AccountTakeOverNotice =>
  Object.fromEntries(
    Object.entries(NOTICE_ATTRIBUTES).map(([key, name]) => {
      const value = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
      return [key, typeof value === 'string' ? value : ''];
    }),
  ) as unknown as AccountTakeOverNotice;

/**
 * The notice's values a log must never show: they locate the user, or let anyone answer for them (the one-click
 * links, the feedback token).
 */
const noticeSecrets = (notice: AccountTakeOverNotice): string[] =>
  [
    notice.ipAddress,
    notice.city,
    notice.deviceName,
    notice.oneClickLinkValid,
    notice.oneClickLinkInvalid,
    notice.feedbackToken,
    notice.userName,
  ].filter((value) => value !== '');

const isHttpsLink = (value: string) => /^https:\/\/[^\s"'<>]+$/.test(value);

/**
 * A plain notice in English, for when no template serves: what happened, when, where from, and the two links.
 *
 * @example
 * ```ts
 * defaultNotice(noticeOf(event.request.userAttributes)).subject; // 'Blocked sign-in attempt'
 * ```
 */
const defaultNotice = (notice: AccountTakeOverNotice): { subject: string; html: SafeHtml } => {
  const blocked = notice.action === 'BLOCK';
  const place = [notice.city, notice.country].filter((part) => part !== '').join(', ');
  const row = (label: string, value: string) => (value === '' ? '' : html`<li>${label}: ${value}</li>`);
  const link = (href: string, text: string) => (isHttpsLink(href) ? html`<a href="${href}">${text}</a>` : '');
  return {
    subject: blocked ? 'Blocked sign-in attempt' : 'New sign-in to your account',
    html: html`<p>${
      blocked
        ? 'We blocked a sign-in to your account that we did not recognize.'
        : 'We noticed a sign-in to your account from a device or place we did not recognize.'
    }</p><ul>${[
      row('Time', notice.loginTime),
      row('Device', notice.deviceName),
      row('Location', place),
      row('IP address', notice.ipAddress),
    ]}</ul><p>${link(notice.oneClickLinkValid, 'This was me')}</p><p>${link(
      notice.oneClickLinkInvalid,
      'This was not me',
    )}: if it was not you, change your password now.</p>`,
  };
};

/** What {@link renderNotice} needs from the event, already resolved. */
interface NoticeInput<B extends BrandBase> extends SenderTemplateInput<B> {
  readonly notice: AccountTakeOverNotice;
}

/**
 * Renders the notice with its template, or the plain notice when there is none, it returns nothing, throws, times
 * out, or writes a body outside 6–20,000 characters (Cognito's bounds for its own notices).
 *
 * @example
 * ```ts
 * const { subject, html, text, wording } = await renderNotice(definition.accountTakeOverNotification, input);
 * ```
 */
const renderNotice = async <B extends BrandBase>(
  template: AccountTakeOverTemplate<B> | undefined,
  input: NoticeInput<B>,
): Promise<RenderResult> => {
  const done = (subject: string, body: string) => ({ subject, html: body, text: textPart(body) });
  const fallback = (reason: FallbackReason, error?: unknown): RenderResult => {
    const plain = defaultNotice(input.notice);
    return {
      ...done(plain.subject, plain.html.toString()),
      wording: 'default',
      fallback: reason,
      ...(error === undefined ? {} : { error }),
    };
  };
  const run = await templatePart(
    template,
    {
      triggerSource: 'CustomEmailSender_AccountTakeOverNotification',
      ...input.seen,
      notice: input.notice,
    } satisfies AccountTakeOverContext<B>,
    { timeoutMs: input.timeoutMs, pick: (email: EmailMessage) => email, reasons: FallbackReason },
  );
  if ('fallback' in run) return fallback(run.fallback, run.error);
  const email = run.part;
  if (!email) return fallback(FallbackReason.NoEmail);
  let subject: string;
  let body: string;
  try {
    subject = emailSubject(String(email.subject));
    body = String(email.html);
  } catch (error) {
    return fallback(FallbackReason.Unusable, error);
  }
  if (subject === '' || body.length < EMAIL_MESSAGE_MIN_LENGTH || body.length > EMAIL_MESSAGE_MAX_LENGTH)
    return fallback(FallbackReason.BreaksRules);
  return { ...done(subject, body), wording: 'template' };
};

export type { AccountTakeOverContext, AccountTakeOverNotice, AccountTakeOverTemplate, NoticeInput };
export { defaultNotice, NOTICE_ATTRIBUTES, noticeOf, noticeSecrets, renderNotice };
