/**
 * @module preview/check — the CI gate: every problem of a preview run, one line each. Errors fail `--check`: a handler
 * that does not run, a message that falls back or that Cognito would refuse, a locale whose message is missing, and
 * (with screenshots) what a browser sees wrong at severity error. Warnings are listed and pass.
 */
import { HandlerKind, MessageOutcome, type PreviewMessage, type PreviewRun } from './model.js';

const ProblemKind = {
  Handler: 'handler',
  Failed: 'failed',
  Fallback: 'fallback',
  CognitoRule: 'cognito-rule',
  MissingLocale: 'missing-locale',
  Brand: 'brand',
  Browser: 'browser',
} as const;
type ProblemKind = (typeof ProblemKind)[keyof typeof ProblemKind];

interface Problem {
  readonly kind: ProblemKind;
  readonly severity: 'error' | 'warning';
  readonly handler: string;
  /** The message it concerns, when it concerns one. */
  readonly messageId?: string;
  /** One line, naming the message. */
  readonly text: string;
}

/**
 * How a problem names a message: handler, source, brand/locale and, for `--event` files, the file.
 *
 * @example
 * ```ts
 * describeMessage(message); // 'handlers/custom-message.ts CustomMessage_SignUp globex/fr'
 * ```
 */
const describeMessage = (message: PreviewMessage): string =>
  [
    message.handler,
    message.triggerSource,
    message.brand === null ? '(default brand)' : `${message.brand}/${message.locale}`,
    ...(message.event === 'sample' ? [] : [`(${message.event})`]),
  ].join(' ');

const ofMessage = (
  message: PreviewMessage,
  kind: ProblemKind,
  text: string,
  severity: Problem['severity'] = 'error',
): Problem => ({
  kind,
  severity,
  handler: message.handler,
  messageId: message.id,
  text: `${describeMessage(message)}: ${text}`,
});

const messageProblems = (message: PreviewMessage): Problem[] => {
  const problems: Problem[] = [];
  const errors = message.findings.filter((f) => f.severity === 'error');
  for (const finding of message.findings)
    problems.push(
      ofMessage(
        message,
        ProblemKind.CognitoRule,
        `${message.outcome === MessageOutcome.Fallback ? `falls back (${message.reason}): ` : ''}${finding.rule} in ${finding.field}: ${finding.detail}`,
        finding.severity,
      ),
    );
  if (message.outcome === MessageOutcome.Fallback && errors.length === 0)
    problems.push(ofMessage(message, ProblemKind.Fallback, `falls back: ${message.reason}`));
  if (message.outcome === MessageOutcome.Failed && errors.length === 0)
    problems.push(ofMessage(message, ProblemKind.Failed, `fails: ${message.reason}`));
  if (
    message.brand !== null &&
    message.resolved?.brand !== undefined &&
    message.resolved.brand !== message.brand
  )
    problems.push(
      ofMessage(
        message,
        ProblemKind.Brand,
        `asks for brand ${message.brand} in clientMetadata; the function used ${message.resolved.brand}${message.warnings.length > 0 ? ` (${message.warnings.join('; ')})` : ''}`,
        'warning',
      ),
    );
  return problems;
};

/** What the user reads: compared across locales to find wording that was never translated. */
const wording = (message: PreviewMessage) =>
  JSON.stringify([message.subject, message.email?.text ?? null, message.sms?.text ?? null]);

/**
 * A locale's message is missing when the function used another locale, left it to Cognito while another locale of the
 * brand has one, or sends the very words of another locale (its wording fell back to the brand's default).
 */
const localeProblems = (run: PreviewRun): Problem[] => {
  const { messages } = run;
  const problems: Problem[] = [];
  const defaultLocales = new Map(
    run.handlers.flatMap((handler) =>
      handler.brands.brands.map((brand) => [
        JSON.stringify([handler.handler, brand.id]),
        brand.defaultLocale,
      ]),
    ),
  );
  const groups = new Map<string, PreviewMessage[]>();
  for (const message of messages) {
    if (message.brand === null || message.locale === null) continue;
    const key = JSON.stringify([message.handler, message.triggerSource, message.event, message.brand]);
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  for (const group of groups.values())
    for (const message of group) {
      const resolved = message.resolved?.locale;
      if (
        message.resolved?.brand === message.brand &&
        resolved !== undefined &&
        resolved !== message.locale
      ) {
        problems.push(
          ofMessage(
            message,
            ProblemKind.MissingLocale,
            `asks for locale ${message.locale}; the function used ${resolved}${message.warnings.length > 0 ? ` (${message.warnings.join('; ')})` : ''}`,
          ),
        );
        continue;
      }
      const customized = group.filter((m) => m.outcome === MessageOutcome.Customized && m !== message);
      if (message.outcome === MessageOutcome.Unchanged && customized[0]) {
        problems.push(
          ofMessage(
            message,
            ProblemKind.MissingLocale,
            `no message for locale ${message.locale} (${message.reason}); locale ${customized[0].locale} has one`,
          ),
        );
        continue;
      }
      // The brand's default locale (else the first it lists) is the original the others are compared with.
      const original =
        defaultLocales.get(JSON.stringify([message.handler, message.brand])) ?? group[0]?.locale;
      const twin =
        message.outcome === MessageOutcome.Customized && message.locale !== original
          ? customized.find((m) => m.locale !== message.locale && wording(m) === wording(message))
          : undefined;
      if (twin)
        problems.push(
          ofMessage(
            message,
            ProblemKind.MissingLocale,
            `sends the same words as locale ${twin.locale}: the ${message.locale} wording is missing`,
          ),
        );
    }
  return problems;
};

/**
 * Every problem of a run. Browser findings count only when the run took screenshots.
 *
 * @example
 * ```ts
 * const problems = checkRun(run);
 * if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
 * ```
 */
const checkRun = (run: PreviewRun): Problem[] => {
  const problems: Problem[] = [];
  for (const handler of run.handlers) {
    if (handler.error)
      problems.push({
        kind: ProblemKind.Handler,
        severity: 'error',
        handler: handler.handler,
        text: `${handler.handler}: ${handler.error}`,
      });
    if (handler.note)
      problems.push({
        kind: ProblemKind.Handler,
        severity: 'warning',
        handler: handler.handler,
        text: `${handler.handler}: not previewed: ${handler.note}`,
      });
    if (handler.brands.problem)
      problems.push({
        kind: ProblemKind.Brand,
        severity: 'warning',
        handler: handler.handler,
        text: `${handler.handler}: brands: ${handler.brands.problem}`,
      });
  }
  for (const message of run.messages) {
    problems.push(...messageProblems(message));
    for (const finding of message.browser?.findings ?? [])
      problems.push(
        ofMessage(
          message,
          ProblemKind.Browser,
          `${finding.rule}${finding.width ? ` at ${finding.width} px` : ''}: ${finding.detail}`,
          finding.severity,
        ),
      );
  }
  problems.push(...localeProblems(run));
  return problems;
};

/**
 * True when the run fails the gate: an error among the problems; warnings pass.
 *
 * @example
 * ```ts
 * const exitCode = failsCheck(checkRun(run)) ? 1 : 0;
 * ```
 */
const failsCheck = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

/** Kinds of handler the gallery names in words. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  [HandlerKind.CustomMessage]: 'Custom message',
  [HandlerKind.CustomSmsSender]: 'Custom SMS sender',
  [HandlerKind.Other]: 'another trigger',
};

export type { Problem };
export { checkRun, describeMessage, failsCheck, KIND_NAMES, ProblemKind };
