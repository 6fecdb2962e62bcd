/** @module local/trace — what one API call did: the trigger invocations, the messages, the response or the error. */
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { CognitoServiceError } from '../cognito/errors.js';
import type { Judgement } from '../cognito/lambda-response.js';
import type { Finding } from '../cognito/rules.js';
import type { Delivery } from './attribute-update.js';
import type { PublishedSms, SenderInvocationTrace, SentEmail } from './custom-sender.js';

/** One trigger invocation: the event sent, what came back, and Cognito's decision. */
interface InvocationTrace {
  readonly delivery: Delivery;
  readonly event: CustomMessageTriggerEvent;
  /** The value the function returned (after the runtime's JSON round trip), when it returned. */
  readonly returned?: unknown;
  readonly verdict: Judgement['verdict'];
  readonly findings: readonly Finding[];
  readonly error?: { readonly name: string; readonly message: string };
  readonly durationMs: number;
}

/** A message as the user receives it, the code filled in. */
interface DeliveredMessage {
  readonly medium: 'EMAIL' | 'SMS';
  readonly attribute: string;
  readonly destination: string;
  /**
   * `trigger`: the Custom message function's message; `pool`: the pool's own template (or Cognito's default);
   * `sender`: what a custom sender function published to SNS (SMS) or sent through SES (email).
   */
  readonly source: 'trigger' | 'pool' | 'sender';
  /** For an SMS from a sender: the SNS attributes and the SMS's encoding and segments. */
  readonly sns?: Omit<PublishedSms, 'phoneNumber' | 'text'>;
  /** For an email from a sender: what SES was asked to send it with (From, Reply-To, configuration set, tags). */
  readonly ses?: Omit<SentEmail, 'to' | 'subject' | 'html' | 'text'>;
  readonly subject?: string;
  readonly html?: string;
  readonly text: string;
  /** The code it carries (for AdminCreateUser, the temporary password). */
  readonly code?: string;
  /** The Custom message source it was composed for, and whose message it is. */
  readonly triggerSource?: string;
  readonly userPoolId?: string;
  readonly username?: string;
  /** When it was delivered (ISO 8601). */
  readonly at?: string;
  /** Outbox files, when the state is kept on disk. */
  readonly files?: readonly string[];
}

/** What one API call did, from the request to the response or the error. */
interface Trace {
  readonly operation: string;
  readonly request: unknown;
  readonly invocations: readonly InvocationTrace[];
  /** The custom senders' invocations, after the call (Cognito does not wait for them). */
  readonly senderInvocations?: readonly SenderInvocationTrace[];
  readonly deliveries: readonly DeliveredMessage[];
  readonly result:
    | { readonly response: Record<string, unknown> }
    | { readonly error: { readonly name: string; readonly message: string } };
  /** Where the outcome rests on an uncertain reading of Cognito ([UNC] in docs/cognito-behaviour.md). */
  readonly notes: readonly string[];
}

/** What an operation returns before the engine adds its name, request and notes. */
type Outcome = Omit<Trace, 'operation' | 'request' | 'notes'>;

/** An error as a trace carries it. */
const describe = (error: CognitoServiceError) => ({ name: error.name, message: error.message });

/** A call that changed no message and ran no trigger: its response alone. */
const plainResult = (response: Record<string, unknown>): Outcome => ({
  invocations: [],
  deliveries: [],
  result: { response },
});

/** Request members that hold a password or a secret: a trace (and so `--trace-file`) shows them as `[REDACTED]`. */
const SECRET_MEMBERS = new Set([
  'Password',
  'PreviousPassword',
  'ProposedPassword',
  'TemporaryPassword',
  'PASSWORD',
  'NEW_PASSWORD',
  'SECRET_HASH',
  'SecretHash',
  'ClientSecret',
]);

/** The request as a trace keeps it: every secret member replaced, at any depth. */
const withoutSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      SECRET_MEMBERS.has(key) && member !== undefined && member !== null
        ? '[REDACTED]'
        : withoutSecrets(member),
    ]),
  );
};

/**
 * Runs one call and returns its Trace: the outcome, or the service error it threw as data (with the invocations made
 * before it failed). The trace's request has its passwords and secrets replaced. Anything but a service error propagates: it is the kit's or the state's failure, not Cognito's.
 *
 * @example
 * ```ts
 * const trace = await traced('GetUser', request, engine.notes, async () => plainResult(response));
 * ```
 */
const traced = async (
  operation: string,
  request: unknown,
  baseNotes: readonly string[],
  run: (notes: string[]) => Promise<Outcome>,
): Promise<Trace> => {
  const notes: string[] = [...baseNotes];
  const shown = withoutSecrets(request);
  try {
    return { operation, request: shown, ...(await run(notes)), notes };
  } catch (error) {
    if (!(error instanceof CognitoServiceError)) throw error;
    const partial = (error as { trace?: Pick<Outcome, 'invocations'> }).trace;
    return {
      operation,
      request: shown,
      invocations: partial?.invocations ?? [],
      deliveries: [],
      result: { error: describe(error) },
      notes,
    };
  }
};

export type { DeliveredMessage, InvocationTrace, Outcome, Trace };
export { describe, plainResult, traced };
