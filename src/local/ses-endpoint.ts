/**
 * @module local/ses-endpoint — a local Amazon SES v2 endpoint on 127.0.0.1 that takes `SendEmail` as the real service
 * does (REST-JSON: `POST /v2/email/outbound-emails`, a JSON body, `{ MessageId }` or an error named in
 * `x-amzn-ErrorType`), checks what SES checks (7-bit addresses, tags, headers, verified identities and configuration
 * sets when it is told them), records each email (From, To, Reply-To, subject, HTML, text, configuration set, tags,
 * headers), and fails on request per recipient, for running a Custom email sender offline and testing the real SES
 * v2 client against every failure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  CONFIGURATION_SET,
  HEADER_NAME,
  HEADER_VALUE,
  IDENTITY_ARN,
  MESSAGE_TAG,
  parseMailbox,
  sendableAddress,
} from '../email/rules.js';
import { EndpointError, listenLocally, parseJsonObject, readBody } from './listen.js';

/**
 * The failures the endpoint can answer with, each with SES's error name and HTTP status.
 *
 * @example
 * ```ts
 * endpoint.set('diego@example.com', { failure: SesFailure.MessageRejected });
 * ```
 */
const SesFailure = {
  /** `TooManyRequestsException`, HTTP 429: the account's sending rate. */
  Throttling: 'throttling',
  /** `MessageRejected`, HTTP 400: an unverified address, or content SES refuses. */
  MessageRejected: 'message-rejected',
  /** `MailFromDomainNotVerifiedException`, HTTP 400. */
  MailFromDomainNotVerified: 'mail-from-domain-not-verified',
  /** `AccountSuspendedException`, HTTP 400. */
  AccountSuspended: 'account-suspended',
  /** `SendingPausedException`, HTTP 400. */
  SendingPaused: 'sending-paused',
  /** `NotFoundException`, HTTP 404: an unknown configuration set or identity. */
  NotFound: 'not-found',
  /** `LimitExceededException`, HTTP 400: the daily quota. */
  LimitExceeded: 'limit-exceeded',
  /** `InternalFailure`, HTTP 500. */
  InternalError: 'internal-error',
} as const;
type SesFailure = (typeof SesFailure)[keyof typeof SesFailure];

const FAILURES: Readonly<
  Record<SesFailure, { code: string; status: number; message: (to: string, region: string) => string }>
> = {
  throttling: {
    code: 'TooManyRequestsException',
    status: 429,
    message: () => 'Maximum sending rate exceeded.',
  },
  'message-rejected': {
    code: 'MessageRejected',
    status: 400,
    message: (to, region) =>
      `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${to}`,
  },
  'mail-from-domain-not-verified': {
    code: 'MailFromDomainNotVerifiedException',
    status: 400,
    message: () => 'The MAIL FROM domain of the identity is not verified.',
  },
  'account-suspended': {
    code: 'AccountSuspendedException',
    status: 400,
    message: () => 'The account has been suspended from sending email.',
  },
  'sending-paused': {
    code: 'SendingPausedException',
    status: 400,
    message: () => 'Email sending is paused for the account.',
  },
  'not-found': { code: 'NotFoundException', status: 404, message: () => 'Identity does not exist.' },
  'limit-exceeded': {
    code: 'LimitExceededException',
    status: 400,
    message: () => 'Daily message quota exceeded.',
  },
  'internal-error': { code: 'InternalFailure', status: 500, message: () => 'Internal Failure' },
};

/** How the endpoint answers emails to one recipient; `times` limits it to the next N requests (default: all). */
type SesBehaviour =
  | { readonly failure: SesFailure; readonly times?: number }
  /** Any other error SES can answer with, e.g. `{ code: 'AccessDeniedException', status: 403, message: '…' }`. */
  | {
      readonly error: { readonly code: string; readonly status: number; readonly message: string };
      readonly times?: number;
    }
  /** Holds the request this long, then accepts it (unless the client gave up first: then nothing is recorded). */
  | { readonly stallMs: number; readonly times?: number };

/** One email the endpoint accepted, as SES would build and send it. */
interface SesEmail {
  readonly messageId: string;
  /** `FromEmailAddress` as sent, e.g. `Globex <no-reply@globex.example>` or with an RFC 2047 encoded name. */
  readonly from: string;
  /** The From display name, decoded; `undefined` when there is none. */
  readonly fromName?: string;
  readonly fromAddress: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  readonly configurationSetName?: string;
  readonly fromEmailAddressIdentityArn?: string;
  /** `EmailTags`, name to value. */
  readonly tags: Readonly<Record<string, string>>;
  /** `Content.Simple.Headers`, in order. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** The region the request was signed for. */
  readonly region?: string;
}

/** One request and its answer: `status` 0 when the client went away before the answer. */
interface SesRequest {
  readonly operation: string;
  /** The first recipient, when the request named one. */
  readonly to?: string;
  readonly status: number;
  readonly code?: string;
}

interface SesEndpoint {
  /** `http://127.0.0.1:<port>`: the endpoint for `SESv2Client` (`endpoint`, or `AWS_ENDPOINT_URL_SESV2`). */
  readonly url: string;
  /** Every email accepted, in order. */
  readonly emails: readonly SesEmail[];
  /** Every request answered (or abandoned by the client), in order. */
  readonly requests: readonly SesRequest[];
  /** Sets how emails to a recipient answer; `undefined` restores success. */
  set(recipient: string, behaviour: SesBehaviour | undefined): void;
  close(): Promise<void>;
}

interface SesEndpointOptions {
  /** Behaviour per recipient from the start. */
  readonly behaviours?: Readonly<Record<string, SesBehaviour>>;
  /**
   * The verified identities, addresses or domains: a From outside them is `MessageRejected`, as in SES (default: every
   * sender is verified).
   */
  readonly identities?: readonly string[];
  /** The configuration sets that exist: another is `NotFoundException` (default: every name exists). */
  readonly configurationSets?: readonly string[];
  /** The port (default: any free one). */
  readonly port?: number;
}

const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
/** SES takes at most 50 recipients a message, To, Cc and Bcc together. */
const MAX_RECIPIENTS = 50;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const answer = (response: ServerResponse, status: number, body: unknown, errorType?: string) => {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
};

/** A REST-JSON error: its name in `x-amzn-ErrorType`, its message in the body, as SES v2 answers. */
const answerError = (response: ServerResponse, error: EndpointError) =>
  answer(response, error.status, { message: error.message }, error.code);

const badRequest = (message: string) => new EndpointError('BadRequestException', message);

/** Decodes RFC 2047 encoded words (B and Q, UTF-8 or Latin-1), as a mail client shows the display name. */
const decodeWords = (text: string): string =>
  text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return bytes.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
    });

/** The region of the request's signature, from the credential scope of its Authorization header. */
const signedRegion = (request: IncomingMessage): string | undefined =>
  /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];

const stringList = (value: unknown, name: string): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw badRequest(`${name} must be a list of email addresses.`);
  return value;
};

/** A mailbox in an address line: 7-bit ASCII throughout (a Unicode name RFC 2047-encoded), an address SES takes. */
const checkedMailbox = (value: string) => {
  if (!PRINTABLE_ASCII.test(value)) return undefined;
  const mailbox = parseMailbox(value);
  // SES takes the domain in Punycode, as the sender must write it: an address it would have to convert is refused.
  const ascii = mailbox && sendableAddress(mailbox.address);
  return ascii && ascii.toLowerCase() === mailbox.address.toLowerCase() ? mailbox : undefined;
};

const content = (value: unknown, name: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const data = (value as { Data?: unknown }).Data;
  if (typeof value !== 'object' || typeof data !== 'string')
    throw badRequest(`${name}.Data must be a string.`);
  return data;
};

/** The checks SES makes on a SendEmail with Simple content. */
const check = (
  input: Record<string, unknown>,
  options: SesEndpointOptions,
  region: string,
): Omit<SesEmail, 'messageId'> => {
  const { FromEmailAddress, Destination, ReplyToAddresses, Content, EmailTags, ConfigurationSetName } = input;
  const identityArn = input.FromEmailAddressIdentityArn;
  if (Content === undefined || Content === null || typeof Content !== 'object')
    throw badRequest('Content is required.');
  const simple = (Content as { Simple?: unknown }).Simple as Record<string, unknown> | undefined;
  if (!simple || typeof simple !== 'object')
    throw badRequest('The local endpoint serves Simple content only (not Raw or Template).');
  const subject = content(simple.Subject, 'Subject');
  if (subject === undefined) throw badRequest('Subject is required.');
  const body = (simple.Body ?? {}) as Record<string, unknown>;
  const html = content(body.Html, 'Body.Html');
  const text = content(body.Text, 'Body.Text');
  if (html === undefined && text === undefined) throw badRequest('Body must have Text or Html.');
  if (typeof FromEmailAddress !== 'string' || FromEmailAddress === '')
    throw badRequest('FromEmailAddress is required for Simple content.');
  const from = checkedMailbox(FromEmailAddress);
  if (!from) throw badRequest(`Illegal address: ${FromEmailAddress}`);
  const destination = (Destination ?? {}) as Record<string, unknown>;
  const to = stringList(destination.ToAddresses, 'ToAddresses');
  const cc = stringList(destination.CcAddresses, 'CcAddresses');
  const bcc = stringList(destination.BccAddresses, 'BccAddresses');
  const recipients = [...to, ...cc, ...bcc];
  if (recipients.length === 0) throw badRequest('Missing final @domain: the email has no recipient.');
  if (recipients.length > MAX_RECIPIENTS)
    throw new EndpointError('MessageRejected', `Recipient count exceeds ${MAX_RECIPIENTS}.`);
  for (const recipient of recipients)
    if (!checkedMailbox(recipient)) throw badRequest(`Illegal address: ${recipient}`);
  const replyTo = stringList(ReplyToAddresses, 'ReplyToAddresses');
  for (const mailbox of replyTo)
    if (!checkedMailbox(mailbox)) throw badRequest(`Illegal address: ${mailbox}`);
  const tags: [string, string][] = [];
  for (const tag of Array.isArray(EmailTags) ? EmailTags : EmailTags === undefined ? [] : [null]) {
    const { Name, Value } = (tag ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || !MESSAGE_TAG.test(Name))
      throw badRequest(
        `Invalid tag name <${String(Name)}>: only alphanumeric ASCII characters, '_', and '-' are allowed.`,
      );
    if (typeof Value !== 'string' || !MESSAGE_TAG.test(Value))
      throw badRequest(
        `Invalid tag value <${String(Value)}>: only alphanumeric ASCII characters, '_', and '-' are allowed.`,
      );
    tags.push([Name, Value]);
  }
  const headers: { name: string; value: string }[] = [];
  for (const header of Array.isArray(simple.Headers) ? simple.Headers : []) {
    const { Name, Value } = (header ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || !HEADER_NAME.test(Name))
      throw badRequest(`Invalid header name: ${String(Name)}`);
    if (typeof Value !== 'string' || !HEADER_VALUE.test(Value) || Name.length + Value.length > 996)
      throw badRequest(`Invalid value for header ${Name}.`);
    headers.push({ name: Name, value: Value });
  }
  if (ConfigurationSetName !== undefined) {
    if (typeof ConfigurationSetName !== 'string' || !CONFIGURATION_SET.test(ConfigurationSetName))
      throw badRequest('Invalid configuration set name.');
    if (options.configurationSets && !options.configurationSets.includes(ConfigurationSetName))
      throw new EndpointError(
        'NotFoundException',
        `Configuration set <${ConfigurationSetName}> does not exist.`,
        404,
      );
  }
  if (identityArn !== undefined && !(typeof identityArn === 'string' && IDENTITY_ARN.test(identityArn)))
    throw badRequest(`Invalid identity ARN: ${String(identityArn)}`);
  if (options.identities) {
    const address = from.address.toLowerCase();
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const verified = options.identities.map((identity) => identity.toLowerCase());
    if (!verified.includes(address) && !verified.includes(domain))
      throw new EndpointError(
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${FromEmailAddress}`,
      );
  }
  return {
    from: FromEmailAddress,
    ...(from.name === undefined ? {} : { fromName: decodeWords(from.name) }),
    fromAddress: from.address,
    to,
    cc,
    bcc,
    replyTo,
    subject,
    ...(html === undefined ? {} : { html }),
    ...(text === undefined ? {} : { text }),
    ...(typeof ConfigurationSetName === 'string' ? { configurationSetName: ConfigurationSetName } : {}),
    ...(typeof identityArn === 'string' ? { fromEmailAddressIdentityArn: identityArn } : {}),
    // fromEntries defines each name as an own member: a name such as `__proto__` cannot reach the object's prototype.
    tags: Object.fromEntries(tags),
    headers,
    region,
  };
};

/**
 * Starts the endpoint. It answers `SendEmail` with Simple content as SES v2 does: the email checked (addresses in
 * 7-bit ASCII, at most 50 recipients, tags, headers, configuration set and identity ARN), `{ MessageId }`, or an error
 * named in `x-amzn-ErrorType` with SES's HTTP status. Other paths answer `UnknownOperationException` (404), a body that
 * is not a JSON object `SerializationException`, and one over 1 MB HTTP 413.
 *
 * @example
 * ```ts
 * const ses = await startSesEndpoint({ behaviours: { 'diego@example.com': { failure: SesFailure.Throttling, times: 2 } } });
 * const client = new SESv2Client({ endpoint: ses.url, region: 'us-west-2', credentials });
 * ```
 */
const startSesEndpoint = async (options: SesEndpointOptions = {}): Promise<SesEndpoint> => {
  const behaviours = new Map(
    Object.entries(options.behaviours ?? {}).map(([recipient, behaviour]) => [
      recipient.toLowerCase(),
      behaviour,
    ]),
  );
  const used = new Map<string, number>();
  const emails: SesEmail[] = [];
  const requests: SesRequest[] = [];

  /** The behaviour for this request, counting it against `times`. */
  const behaviourFor = (recipient: string): SesBehaviour | undefined => {
    const key = recipient.toLowerCase();
    const behaviour = behaviours.get(key);
    if (!behaviour) return undefined;
    const count = (used.get(key) ?? 0) + 1;
    used.set(key, count);
    return behaviour.times === undefined || count <= behaviour.times ? behaviour : undefined;
  };

  const sendEmail = async (
    input: Record<string, unknown>,
    request: IncomingMessage,
    response: ServerResponse,
  ) => {
    const firstTo = (
      (input.Destination as { ToAddresses?: unknown } | undefined)?.ToAddresses as unknown[]
    )?.[0];
    const mailbox = typeof firstTo === 'string' ? parseMailbox(firstTo) : undefined;
    const to = mailbox?.address;
    const region = signedRegion(request) ?? 'us-east-1';
    const record = (status: number, code?: string) =>
      requests.push({
        operation: 'SendEmail',
        ...(to === undefined ? {} : { to }),
        status,
        ...(code === undefined ? {} : { code }),
      });
    const behaviour = to === undefined ? undefined : behaviourFor(to);
    if (behaviour && ('failure' in behaviour || 'error' in behaviour)) {
      const { code, status, message } =
        'error' in behaviour
          ? behaviour.error
          : {
              ...FAILURES[behaviour.failure],
              message: FAILURES[behaviour.failure].message(to ?? '', region),
            };
      record(status, code);
      return answerError(response, new EndpointError(code, message, status));
    }
    if (behaviour && 'stallMs' in behaviour) {
      await new Promise((resolve) => setTimeout(resolve, behaviour.stallMs));
      if (request.socket.destroyed || response.destroyed) return record(0);
    }
    let checked: Omit<SesEmail, 'messageId'>;
    try {
      checked = check(input, options, region);
    } catch (error) {
      if (!(error instanceof EndpointError)) throw error;
      record(error.status, error.code);
      return answerError(response, error);
    }
    const email = { messageId: `${randomUUID()}-000000`, ...checked };
    emails.push(email);
    record(200);
    answer(response, 200, { MessageId: email.messageId });
  };

  const server = createServer(async (request, response) => {
    let operation = '';
    try {
      const path = (request.url ?? '').split('?')[0];
      const body = await readBody(request, response);
      if (request.method === 'POST' && path === SEND_EMAIL_PATH) {
        operation = 'SendEmail';
        return await sendEmail(parseJsonObject(body), request, response);
      }
      throw new EndpointError(
        'UnknownOperationException',
        `${request.method} ${path} is not an operation this local endpoint serves (it serves SendEmail).`,
        404,
      );
    } catch (error) {
      if (response.headersSent) return;
      const answered =
        error instanceof EndpointError ? error : new EndpointError('InternalFailure', String(error), 500);
      requests.push({ operation, status: answered.status, code: answered.code });
      answerError(response, answered);
    }
  });
  const { url, close } = await listenLocally(server, options.port);
  return {
    url,
    emails,
    requests,
    set: (recipient, behaviour) => {
      const key = recipient.toLowerCase();
      used.delete(key);
      if (behaviour) behaviours.set(key, behaviour);
      else behaviours.delete(key);
    },
    close,
  };
};

export type { SesBehaviour, SesEmail, SesEndpoint, SesEndpointOptions, SesRequest };
export { SesFailure, startSesEndpoint };
