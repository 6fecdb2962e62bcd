/**
 * @module preview/model — what a preview run produces: each handler, each message it rendered (one per trigger source ×
 * brand × locale × sample event), how Cognito and the function judged it, and what a browser saw. messages.json holds
 * exactly these shapes.
 */
import type { CharacterPosition } from '../cognito/characters.js';
import type { MessageField, Severity } from '../cognito/rules.js';
import type { SmsEncoding } from '../message/sms.js';

/** Which trigger a handler is: found by running it on a sample event (or given with `--sms-sender`). */
const HandlerKind = {
  CustomMessage: 'custom-message',
  CustomSmsSender: 'custom-sms-sender',
  /** Another trigger (a kit Custom email sender, say): listed, not previewed. */
  Other: 'other',
} as const;
type HandlerKind = (typeof HandlerKind)[keyof typeof HandlerKind];

/** How a message came out, as the gallery filters it. */
const MessageOutcome = {
  /** The function's message is what the user gets. */
  Customized: 'customized',
  /** The function left the message to Cognito (no template, or the template returned none): the pool's own. */
  Unchanged: 'unchanged',
  /** The template failed or broke a rule, and the function fell back to Cognito's own message. */
  Fallback: 'fallback',
  /** Cognito would fail the API call (the function threw, timed out or answered unusably), or the sender sent nothing. */
  Failed: 'failed',
} as const;
type MessageOutcome = (typeof MessageOutcome)[keyof typeof MessageOutcome];

/** A broken Cognito rule, as src/cognito/rules.ts reports it, with the characters at fault when it names some. */
interface PreviewFinding {
  readonly rule: string;
  readonly field: MessageField | string;
  readonly severity: Severity;
  readonly detail: string;
  /** Where the characters are, when the message itself is at hand (the function returned it). */
  readonly positions?: readonly CharacterPosition[];
  /** The offending characters' code points (`U+00A0`), from the positions or the finding's text. */
  readonly characters: readonly string[];
  /** The first few offending characters in their context, when the message is at hand. */
  readonly excerpts?: readonly {
    readonly before: string;
    readonly character: string;
    readonly after: string;
  }[];
}

/** The SMS the user gets, code filled in, and how it travels. */
interface SmsPreview {
  readonly text: string;
  readonly encoding: SmsEncoding;
  /** Characters as the reader counts them (code points). */
  readonly length: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  readonly units: number;
  readonly segments: number;
  /** The characters that forced UCS-2. */
  readonly ucs2Characters: readonly string[];
  /** What a Custom SMS sender published with it. */
  readonly senderId?: string;
  readonly originationNumber?: string;
  readonly smsType?: string;
}

/** Widths every email is looked at in a browser, phone and desktop. */
const BROWSER_WIDTHS = [375, 1024] as const;
type BrowserWidth = (typeof BROWSER_WIDTHS)[number];

/** What a browser finds wrong with an email, as the gallery and `--check` report it. */
const BrowserRule = {
  HorizontalScroll: 'horizontal-scroll',
  TextCutOff: 'text-cut-off',
  ImageWithoutAlt: 'image-without-alt',
  SmallText: 'small-text',
  LowContrast: 'low-contrast',
  LinkWithoutTarget: 'link-without-target',
} as const;
type BrowserRule = (typeof BrowserRule)[keyof typeof BrowserRule];

interface BrowserFinding {
  readonly rule: BrowserRule;
  readonly severity: Severity;
  /** The viewport width it was seen at; undefined when it holds at every width. */
  readonly width?: BrowserWidth;
  readonly detail: string;
  /** A CSS path to the element, when one is at fault. */
  readonly target?: string;
}

interface BrowserReport {
  /** Screenshot files, relative to the gallery, per width. */
  readonly screenshots: Readonly<Partial<Record<`${BrowserWidth}`, string>>>;
  readonly findings: readonly BrowserFinding[];
}

/** One rendered message. */
interface PreviewMessage {
  /** Stable across runs: the gallery's page name and the key a baseline is compared by. */
  readonly id: string;
  /** The handler's file, relative to the working directory (with `:export` when not `handler`). */
  readonly handler: string;
  readonly kind: HandlerKind;
  readonly triggerSource: string;
  /** The sample event: `sample` (the kit's fixture for the source) or the `--event` file. */
  readonly event: string;
  /** What the preview asked for in clientMetadata; null when the handler's brands are unknown. */
  readonly brand: string | null;
  readonly brandName?: string;
  readonly locale: string | null;
  /** What the function's log line says it used, when it wrote one. */
  readonly resolved?: { readonly brand?: string; readonly locale?: string };
  readonly outcome: MessageOutcome;
  readonly reason: string | null;
  /** Cognito's verdict on a Custom message function's answer (accepted, unchanged, invalid-response, threw, timeout). */
  readonly verdict?: string;
  /** The error Cognito would answer the API call with. */
  readonly error?: { readonly name: string; readonly message: string };
  readonly subject: string | null;
  readonly email: { readonly html: string; readonly text: string } | null;
  readonly sms: SmsPreview | null;
  readonly findings: readonly PreviewFinding[];
  /** Brand and locale resolution warnings from the function's log line. */
  readonly warnings: readonly string[];
  /** Where Cognito's behaviour is uncertain and which reading the judgement took. */
  readonly notes: readonly string[];
  readonly durationMs: number;
  readonly browser?: BrowserReport;
}

/** Where the brands and locales of a handler came from. */
interface BrandEnumeration {
  /** `parameters`: the `--parameters` document the handler's environment names; `exports`: a module's exports. */
  readonly source: 'parameters' | 'exports' | 'none';
  /** The parameter, profile or module read. */
  readonly from?: string;
  readonly brands: readonly {
    readonly id: string;
    readonly name?: string;
    readonly locales: readonly string[];
    readonly defaultLocale?: string;
  }[];
  /** Why the brands could not be read, when that is why there are none. */
  readonly problem?: string;
}

interface PreviewHandler {
  readonly handler: string;
  readonly kind: HandlerKind;
  readonly brands: BrandEnumeration;
  /** Trigger sources for which the handler left every message to Cognito: no card for them. */
  readonly unanswered: readonly string[];
  /** Why it could not be previewed (it does not load, say). */
  readonly error?: string;
  /** Why it is not previewed although it runs: another kind of trigger. */
  readonly note?: string;
}

interface PreviewRun {
  readonly handlers: readonly PreviewHandler[];
  readonly messages: readonly PreviewMessage[];
  readonly durationMs: number;
}

export type {
  BrandEnumeration,
  BrowserFinding,
  BrowserReport,
  BrowserWidth,
  PreviewFinding,
  PreviewHandler,
  PreviewMessage,
  PreviewRun,
  SmsPreview,
};
export { BROWSER_WIDTHS, BrowserRule, HandlerKind, MessageOutcome };
