/**
 * @module handler/template-context — what a template sees, built from the event in one place: by `customMessage`, and
 * by the custom senders, whose templates are the Custom message trigger's and must see exactly what it gives them.
 */
import type { BrandBase, Resolution } from '../brand/resolve.js';
import {
  type CustomMessageTriggerSource,
  hasLinkParameter,
  hasUsernameParameter,
} from '../cognito/trigger-sources.js';
import type { EventTemplateContext } from './types.js';

/** What a template's event carries besides its request: a Cognito trigger event's common fields. */
interface TemplateEvent {
  readonly userName: string;
  readonly userPoolId: string;
  readonly region: string;
  readonly callerContext?: { readonly clientId?: string | undefined } | undefined;
}

/** The placeholders' values: what Cognito sends a Custom message, or what a custom sender puts in their place. */
interface TemplateParameters {
  readonly codeParameter: string;
  readonly usernameParameter: string;
  readonly linkParameter: string;
}

/**
 * What every template sees of one event: its resolved brand and locale, the attributes and client metadata as read
 * from its request, and its user, pool, region and app client (`''` when it has none).
 *
 * @example
 * ```ts
 * const seen = eventContext(event, { resolved, userAttributes, clientMetadata: metadata.values });
 * ```
 */
const eventContext = <B extends BrandBase>(
  event: TemplateEvent,
  values: {
    readonly resolved: Resolution<B>;
    readonly userAttributes: Readonly<Record<string, string>>;
    readonly clientMetadata: Readonly<Record<string, string>>;
  },
): EventTemplateContext<B> => ({
  brandId: values.resolved.brandId,
  brand: values.resolved.brand,
  locale: values.resolved.locale,
  userAttributes: values.userAttributes,
  clientMetadata: values.clientMetadata,
  userName: event.userName,
  userPoolId: event.userPoolId,
  region: event.region,
  clientId: event.callerContext?.clientId ?? '',
});

/**
 * The context of a Custom message template: what it sees of the event, and exactly the placeholders its source can
 * use (`usernameParameter` for AdminCreateUser, `linkParameter` for sign-up and resend-code).
 *
 * @example
 * ```ts
 * const context = templateContext('CustomMessage_SignUp', seen, { codeParameter: '{####}', … });
 * ```
 */
const templateContext = <B extends BrandBase>(
  source: CustomMessageTriggerSource,
  seen: EventTemplateContext<B>,
  parameters: TemplateParameters,
) => ({
  triggerSource: source,
  ...seen,
  codeParameter: parameters.codeParameter,
  ...(hasUsernameParameter(source) ? { usernameParameter: parameters.usernameParameter } : {}),
  ...(hasLinkParameter(source) ? { linkParameter: parameters.linkParameter } : {}),
});

export type { TemplateEvent, TemplateParameters };
export { eventContext, templateContext };
