/**
 * @module sender/delivery — how a custom sender hands one message to its service (SNS, SES): through the SDK client
 * when one is given or configured, else as a signed request where the environment settles the region and credentials
 * (as Lambda's does), so that a cold start does not load the client; the choice made on the first send, and every
 * send retried inside its budget and deadline.
 */
import { type RequestSettings, settingsFromEnvironment } from '../aws/signed-request.js';
import {
  type AttemptsOutcome,
  type ErrorClass,
  type RetryOptions,
  retrySettings,
  withRetries,
} from './retry.js';

/** Either a client of your own, or settings for the one created on the first send. */
type ClientOptions<Client, Config> =
  | { readonly client?: Client; readonly clientConfig?: never }
  | { readonly clientConfig?: Config; readonly client?: never };

/** One call to the service, given its input and the attempt's signal: it resolves to the service's MessageId. */
type DeliveryCall<I> = (input: I, signal: AbortSignal) => Promise<string>;

/** The two ways to call one service, and how its errors are taken. */
interface DeliveryPaths<I> {
  /** The service's id (`AWS_ENDPOINT_URL_<ID>`) and endpoint prefix. */
  readonly service: { readonly id: string; readonly endpointPrefix: string };
  /** The call as a signed request. */
  readonly signed: (settings: RequestSettings) => DeliveryCall<I>;
  /** The call through the SDK client, loaded first. */
  readonly sdk: () => Promise<DeliveryCall<I>>;
  readonly classify: (error: unknown) => ErrorClass;
}

/**
 * A delivery: each call tries the message until it is sent, refused, or `deadline` (a `Date.now()` value; default:
 * now plus the budget) would pass, and tells what the attempts came to. Settings of your own (a client, an endpoint,
 * credentials) are the SDK client's; none at all leave the choice of path here. Loading the client counts against the
 * budget: it is the cold start's part of the wait; a failed load is tried again on the next call.
 *
 * @example
 * ```ts
 * const deliver = delivery(options, { service: SNS, signed: signedPublish, sdk: () => sdkPublish(options), classify });
 * const outcome = await deliver(input, { deadline: Date.now() + 4_000 });
 * ```
 */
const delivery = <I>(
  options: ClientOptions<unknown, object> & { readonly retry?: RetryOptions },
  paths: DeliveryPaths<I>,
) => {
  const retry = retrySettings(options.retry);
  let ready: Promise<DeliveryCall<I>> | undefined;
  const choose = async (): Promise<DeliveryCall<I>> => {
    if (options.client || Object.keys(options.clientConfig ?? {}).length > 0) return paths.sdk();
    const settings = settingsFromEnvironment(paths.service);
    return settings ? paths.signed(settings) : paths.sdk();
  };

  return async (input: I, limits: { readonly deadline?: number } = {}): Promise<AttemptsOutcome<string>> => {
    const deadline = Math.min(limits.deadline ?? Number.POSITIVE_INFINITY, Date.now() + retry.budgetMs);
    ready ??= choose();
    const call = await ready.catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return withRetries((signal) => call(input, signal), { retry, classify: paths.classify, deadline });
  };
};

export type { ClientOptions, DeliveryCall, DeliveryPaths };
export { delivery };
