/** @module handler/types — what a Custom message template receives and returns. */
import type { Context, CustomMessageTriggerEvent } from 'aws-lambda';
import type { BrandBase } from '../brand/resolve.js';
import type {
  CustomMessageTriggerSource,
  LinkParameterSource,
  UsernameParameterSource,
} from '../cognito/trigger-sources.js';
import type { SafeHtml } from '../message/html.js';

type Attributes = Readonly<Record<string, string>>;

/** What every template sees of its event, whatever it writes: Custom message and custom sender templates alike. */
interface EventTemplateContext<B extends BrandBase> {
  /** The resolved brand's id (a key of `brands`) and its configuration. */
  readonly brandId: string;
  readonly brand: B;
  /** One of `brand.locales`. */
  readonly locale: string;
  /** The user's attributes, all strings, as Cognito sent them (`{}` when the event has none). */
  readonly userAttributes: Attributes;
  /**
   * The ClientMetadata of the API call (`{}` when the call sent none). Untrusted: the caller chose it. Only string
   * values are here: a value that is not one (a Lambda console test event can send numbers, arrays or null) is left
   * out, and the log line warns about it.
   */
  readonly clientMetadata: Attributes;
  /** `event.userName`: the username, or the `sub` in pools that sign in with email or phone number. */
  readonly userName: string;
  readonly userPoolId: string;
  readonly region: string;
  /** `callerContext.clientId`: the app client, or `CLIENT_ID_NOT_APPLICABLE` for admin API calls. */
  readonly clientId: string;
}

/** What every template sees, whatever the trigger source. */
interface BaseTemplateContext<S extends CustomMessageTriggerSource, B extends BrandBase>
  extends EventTemplateContext<B> {
  readonly triggerSource: S;
  /**
   * The placeholder Cognito replaces with the code after the function returns (the temporary password for
   * AdminCreateUser). Put it in the email body and the SMS as it is; never write `{####}` yourself.
   */
  readonly codeParameter: string;
}

/** The placeholder for the username, present only where Cognito fills one in: AdminCreateUser invitations. */
interface UsernameParameter {
  readonly usernameParameter: string;
}

/** The placeholder for a confirmation link, present only where Cognito can send one: sign-up and resend-code. */
interface LinkParameter {
  readonly linkParameter: string;
}

/**
 * What a template for trigger source `S` sees: exactly the placeholders that source's message can use. For a union of
 * sources it is a union too, narrowed by `triggerSource`.
 */
type TemplateContext<
  S extends CustomMessageTriggerSource,
  B extends BrandBase = BrandBase,
> = S extends unknown
  ? BaseTemplateContext<S, B> &
      (S extends UsernameParameterSource ? UsernameParameter : unknown) &
      (S extends LinkParameterSource ? LinkParameter : unknown)
  : never;

/** An email: the subject line (plain text, cleaned before sending) and the body, built with `html` or `raw()`. */
interface EmailMessage {
  readonly subject: string;
  readonly html: SafeHtml;
}

/**
 * A template's output. Leave a part out to keep the pool's own message for it; return `undefined` to keep both.
 */
interface RenderedMessage {
  readonly email?: EmailMessage | undefined;
  readonly sms?: string | undefined;
}

type TemplateResult = RenderedMessage | undefined;

/** Renders the message for one trigger source. May be async, but Cognito waits at most 5 seconds in all. */
type CustomMessageTemplate<S extends CustomMessageTriggerSource, B extends BrandBase = BrandBase> = (
  context: TemplateContext<S, B>,
) => TemplateResult | Promise<TemplateResult>;

/** One optional template per trigger source; a source without one keeps the pool's own message. */
type CustomMessageTemplates<B extends BrandBase = BrandBase> = {
  readonly [S in CustomMessageTriggerSource]?: CustomMessageTemplate<S, B>;
};

/**
 * The handler `customMessage` builds: assignable to @types/aws-lambda's `CustomMessageTriggerHandler`. It resolves to
 * the event with its response filled in, or to the event as received when Cognito's own message should be sent.
 */
type CustomMessageHandler = (
  event: CustomMessageTriggerEvent,
  context?: Context,
) => Promise<CustomMessageTriggerEvent>;

export type {
  BaseTemplateContext,
  CustomMessageHandler,
  CustomMessageTemplate,
  CustomMessageTemplates,
  EmailMessage,
  EventTemplateContext,
  LinkParameter,
  RenderedMessage,
  TemplateContext,
  UsernameParameter,
};
