/**
 * @module sender/outcome — what a custom sender did with one invocation, as every custom sender classifies it: the
 * outcome, the level of its log line, and the result its handler resolves to.
 */

/** What a custom sender did with one invocation, as logged in `outcome` and returned. */
const SenderOutcome = {
  /** The service (SNS, SES) accepted the message. */
  Sent: 'sent',
  /** Nothing to send: `request.code` is null, or the trigger source is not one of the sender's. */
  Skipped: 'skipped',
  /** The user can't get this message, and a retry would not change that. Not retried. */
  Rejected: 'rejected',
  /** Nothing was sent: the handler threw, so that Lambda's asynchronous retries and destinations apply. */
  Failed: 'failed',
} as const;
type SenderOutcome = (typeof SenderOutcome)[keyof typeof SenderOutcome];

/** What a custom sender's handler resolves to. Lambda discards it (the trigger is asynchronous); tests read it. */
interface SenderResult<F extends string> {
  readonly outcome: SenderOutcome;
  readonly reason?: string;
  /** The service's MessageId, when sent. */
  readonly messageId?: string;
  /** `template`, or `default` when Cognito's wording (or the plain account takeover notice) was sent instead. */
  readonly wording?: 'template' | 'default';
  readonly attempts?: number;
  /** Why the default wording was sent, when it was. */
  readonly fallback?: F;
}

/**
 * The level of the log line: `error` when nothing was sent and the handler throws, `warn` when the user can't get the
 * message or something deserves a look (the default wording sent after a template failed, a warning), else `info`.
 *
 * @example
 * ```ts
 * logger[levelOf(outcome, fields)]('custom sms sender', fields);
 * ```
 */
const levelOf = (
  outcome: SenderOutcome,
  fields: Readonly<Record<string, unknown>>,
): 'error' | 'warn' | 'info' =>
  outcome === SenderOutcome.Failed
    ? 'error'
    : outcome === SenderOutcome.Rejected || fields.fallback || fields.warnings
      ? 'warn'
      : 'info';

/**
 * The result of an invocation from its log line's fields before redaction: the kit's own reasons and the service's
 * answer, not the caller's text, so it is not redacted.
 *
 * @example
 * ```ts
 * return senderResult(SenderOutcome.Sent, { ...line, messageId, attempts }, fallback);
 * ```
 */
const senderResult = <F extends string>(
  outcome: SenderOutcome,
  raw: Readonly<Record<string, unknown>>,
  fallback: F | undefined,
): SenderResult<F> => {
  const result: { -readonly [P in keyof SenderResult<F>]: SenderResult<F>[P] } = { outcome };
  if (typeof raw.reason === 'string') result.reason = raw.reason;
  if (typeof raw.messageId === 'string') result.messageId = raw.messageId;
  if (typeof raw.attempts === 'number') result.attempts = raw.attempts;
  if (raw.wording === 'template' || raw.wording === 'default') result.wording = raw.wording;
  if (fallback) result.fallback = fallback;
  return result;
};

export type { SenderResult };
export { levelOf, SenderOutcome, senderResult };
