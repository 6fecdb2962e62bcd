/**
 * @module local/sns-endpoint — a local Amazon SNS endpoint on 127.0.0.1 that takes SMS `Publish` calls as the real
 * service does (Query protocol in, XML out), records each message with its encoding and segments, and fails on
 * request per phone number, for running a Custom SMS sender offline and testing the real SNS client against every
 * failure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { analyzeSms, type SmsEncoding } from '../message/sms.js';
import {
  fitsOnePublish,
  isE164,
  ORIGINATION_NUMBER,
  SENDER_ID,
  SmsAttribute,
  SmsType,
} from '../sms/rules.js';
import { EndpointError, listenLocally, readBody } from './listen.js';

/**
 * The failures the endpoint can answer with, each with SNS's error code and HTTP status.
 *
 * @example
 * ```ts
 * endpoint.set('+14325550100', { failure: SnsFailure.OptedOut });
 * ```
 */
const SnsFailure = {
  /** `Throttled`, HTTP 429: the SDK's ThrottledException. */
  Throttling: 'throttling',
  /** `InvalidParameter`, HTTP 400: SNS can't publish to the phone number. */
  InvalidParameter: 'invalid-parameter',
  /** `OptedOut`, HTTP 400: the number opted out of SMS from the account. */
  OptedOut: 'opted-out',
  /** `InternalError`, HTTP 500. */
  InternalError: 'internal-error',
} as const;
type SnsFailure = (typeof SnsFailure)[keyof typeof SnsFailure];

const FAILURES: Readonly<
  Record<SnsFailure, { code: string; status: number; message: (phone: string) => string }>
> = {
  throttling: { code: 'Throttled', status: 429, message: () => 'Rate exceeded' },
  'invalid-parameter': {
    code: 'InvalidParameter',
    status: 400,
    message: (phone) => `Invalid parameter: PhoneNumber Reason: ${phone} is not valid to publish to`,
  },
  'opted-out': { code: 'OptedOut', status: 400, message: () => 'Phone number is opted out' },
  'internal-error': { code: 'InternalError', status: 500, message: () => 'Internal Error' },
};

/** How the endpoint answers publishes to one phone number; `times` limits it to the next N requests (default: all). */
type SnsBehaviour =
  | { readonly failure: SnsFailure; readonly times?: number }
  /** Any other error SNS can answer with, e.g. `{ code: 'AuthorizationError', status: 403, message: '…' }`. */
  | {
      readonly error: { readonly code: string; readonly status: number; readonly message: string };
      readonly times?: number;
    }
  /** Holds the request this long, then accepts it (unless the client gave up first: then nothing is recorded). */
  | { readonly stallMs: number; readonly times?: number };

/** One SMS the endpoint accepted, as the phone would receive it. */
interface SnsSms {
  readonly messageId: string;
  readonly phoneNumber: string;
  readonly text: string;
  readonly senderId?: string;
  readonly originationNumber?: string;
  readonly smsType?: string;
  readonly maxPrice?: number;
  readonly encoding: SmsEncoding;
  readonly segments: number;
  /** Every message attribute as sent: name to `{ dataType, value }`. */
  readonly attributes: Readonly<Record<string, { readonly dataType: string; readonly value: string }>>;
}

/** One request and its answer: `status` 0 when the client went away before the answer. */
interface SnsRequest {
  readonly action: string;
  readonly phoneNumber?: string;
  readonly status: number;
  readonly code?: string;
}

interface SnsEndpoint {
  /** `http://127.0.0.1:<port>`: the endpoint for `SNSClient` (`endpoint`, or `AWS_ENDPOINT_URL_SNS`). */
  readonly url: string;
  /** Every message accepted, in order. */
  readonly messages: readonly SnsSms[];
  /** Every request answered (or abandoned by the client), in order. */
  readonly requests: readonly SnsRequest[];
  /** Sets how publishes to a phone number answer; `undefined` restores success. */
  set(phoneNumber: string, behaviour: SnsBehaviour | undefined): void;
  close(): Promise<void>;
}

interface SnsEndpointOptions {
  /** Behaviour per phone number from the start. */
  readonly behaviours?: Readonly<Record<string, SnsBehaviour>>;
  /** The port (default: any free one). */
  readonly port?: number;
}

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

const answer = (response: ServerResponse, status: number, body: string) => {
  const requestId = randomUUID();
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(body.replace('{requestId}', requestId));
};

const answerError = (response: ServerResponse, error: EndpointError) =>
  answer(
    response,
    error.status,
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
      '<RequestId>{requestId}</RequestId></ErrorResponse>',
  );

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue`, as the Query protocol flattens them. */
const attributesOf = (form: URLSearchParams) => {
  const entries: [string, { dataType: string; value: string }][] = [];
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++)
    entries.push([
      form.get(`MessageAttributes.entry.${n}.Name`) as string,
      {
        dataType: form.get(`MessageAttributes.entry.${n}.Value.DataType`) ?? '',
        value: form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '',
      },
    ]);
  // fromEntries defines each name as an own member: a name such as `__proto__` cannot reach the object's prototype.
  return Object.fromEntries(entries);
};

const invalid = (name: string, reason: string) =>
  new EndpointError('InvalidParameter', `Invalid parameter: MessageAttributes ${name} Reason: ${reason}`);

/** The checks SNS makes on an SMS publish, with the rules the kit checks them by. */
const check = (form: URLSearchParams): SnsSms | EndpointError => {
  const phoneNumber = form.get('PhoneNumber');
  if (phoneNumber === null || form.has('TopicArn') || form.has('TargetArn'))
    return new EndpointError(
      'InvalidParameter',
      'Invalid parameter: the local endpoint publishes to a PhoneNumber only',
    );
  if (!isE164(phoneNumber))
    return new EndpointError('InvalidParameter', FAILURES['invalid-parameter'].message(phoneNumber));
  const text = form.get('Message');
  if (text === null || text === '')
    return new EndpointError(
      'ValidationError',
      "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
    );
  if (!fitsOnePublish(text))
    return new EndpointError('InvalidParameter', 'Invalid parameter: Message too long');
  const attributes = attributesOf(form);
  const value = (name: string) => attributes[name]?.value;
  const senderId = value(SmsAttribute.SenderId);
  const originationNumber = value(SmsAttribute.OriginationNumber);
  const smsType = value(SmsAttribute.SmsType);
  const maxPrice = attributes[SmsAttribute.MaxPrice];
  if (senderId !== undefined && !SENDER_ID.test(senderId))
    return invalid(SmsAttribute.SenderId, 'invalid sender ID');
  if (originationNumber !== undefined && !ORIGINATION_NUMBER.test(originationNumber))
    return invalid(SmsAttribute.OriginationNumber, 'invalid origination number');
  if (smsType !== undefined && !(Object.values(SmsType) as string[]).includes(smsType))
    return invalid(SmsAttribute.SmsType, 'must be Promotional or Transactional');
  if (maxPrice !== undefined && (maxPrice.dataType !== 'Number' || !(Number(maxPrice.value) > 0)))
    return invalid(SmsAttribute.MaxPrice, 'must be a Number greater than 0');
  const { encoding, segments } = analyzeSms(text);
  return {
    messageId: randomUUID(),
    phoneNumber,
    text,
    ...(senderId === undefined ? {} : { senderId }),
    ...(originationNumber === undefined ? {} : { originationNumber }),
    ...(smsType === undefined ? {} : { smsType }),
    ...(maxPrice === undefined ? {} : { maxPrice: Number(maxPrice.value) }),
    encoding,
    segments,
    attributes,
  };
};

/**
 * A Query-protocol body as its form, or SNS's `InvalidQueryParameter` for one that is not form-encoded (a `%` not
 * followed by two hex digits, or escapes that are not UTF-8), which `URLSearchParams` would otherwise read leniently.
 */
const parseForm = (body: string): URLSearchParams => {
  for (const pair of body.split('&'))
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      throw new EndpointError(
        'InvalidQueryParameter',
        'The AWS query string is malformed or does not adhere to AWS standards.',
      );
    }
  return new URLSearchParams(body);
};

/**
 * Starts the endpoint. It answers `Publish` to a phone number as SNS does: the message checked (E.164 number, 1,600
 * bytes, sender ID, origination number, SMS type, max price), a `PublishResponse` with a MessageId, or an
 * `ErrorResponse` with SNS's code and HTTP status. Other actions answer `InvalidAction` (none: `MissingAction`), a body
 * that is not form-encoded `InvalidQueryParameter`, and one over 1 MB HTTP 413.
 *
 * @example
 * ```ts
 * const sns = await startSnsEndpoint({ behaviours: { '+14325550100': { failure: SnsFailure.Throttling, times: 2 } } });
 * const client = new SNSClient({ endpoint: sns.url, region: 'us-west-2', credentials });
 * ```
 */
const startSnsEndpoint = async (options: SnsEndpointOptions = {}): Promise<SnsEndpoint> => {
  const behaviours = new Map(Object.entries(options.behaviours ?? {}));
  const used = new Map<string, number>();
  const messages: SnsSms[] = [];
  const requests: SnsRequest[] = [];

  /** The behaviour for this request, counting it against `times`. */
  const behaviourFor = (phoneNumber: string): SnsBehaviour | undefined => {
    const behaviour = behaviours.get(phoneNumber);
    if (!behaviour) return undefined;
    const count = (used.get(phoneNumber) ?? 0) + 1;
    used.set(phoneNumber, count);
    return behaviour.times === undefined || count <= behaviour.times ? behaviour : undefined;
  };

  const publish = async (form: URLSearchParams, request: IncomingMessage, response: ServerResponse) => {
    const phoneNumber = form.get('PhoneNumber') ?? undefined;
    const record = (status: number, code?: string) =>
      requests.push({
        action: 'Publish',
        ...(phoneNumber === undefined ? {} : { phoneNumber }),
        status,
        ...(code === undefined ? {} : { code }),
      });
    const behaviour = phoneNumber === undefined ? undefined : behaviourFor(phoneNumber);
    if (behaviour && ('failure' in behaviour || 'error' in behaviour)) {
      const { code, status, message } =
        'error' in behaviour
          ? behaviour.error
          : {
              ...FAILURES[behaviour.failure],
              message: FAILURES[behaviour.failure].message(phoneNumber ?? ''),
            };
      record(status, code);
      return answerError(response, new EndpointError(code, message, status));
    }
    if (behaviour && 'stallMs' in behaviour) {
      await new Promise((resolve) => setTimeout(resolve, behaviour.stallMs));
      if (request.socket.destroyed || response.destroyed) return record(0);
    }
    const result = check(form);
    if (result instanceof EndpointError) {
      record(result.status, result.code);
      return answerError(response, result);
    }
    messages.push(result);
    record(200);
    answer(
      response,
      200,
      `<PublishResponse xmlns="${NAMESPACE}"><PublishResult><MessageId>${result.messageId}</MessageId>` +
        '</PublishResult><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></PublishResponse>',
    );
  };

  const server = createServer(async (request, response) => {
    let action = '';
    try {
      const form = parseForm(await readBody(request, response));
      action = form.get('Action') ?? '';
      if (request.method === 'POST' && action === 'Publish') return await publish(form, request, response);
      throw action === ''
        ? new EndpointError('MissingAction', 'The request is missing an action or a required parameter.')
        : new EndpointError('InvalidAction', `The action ${action} is not valid for this local endpoint.`);
    } catch (error) {
      if (response.headersSent) return;
      const answered =
        error instanceof EndpointError ? error : new EndpointError('InternalError', String(error), 500);
      requests.push({ action, status: answered.status, code: answered.code });
      answerError(response, answered);
    }
  });
  const { url, close } = await listenLocally(server, options.port);
  return {
    url,
    messages,
    requests,
    set: (phoneNumber, behaviour) => {
      used.delete(phoneNumber);
      if (behaviour) behaviours.set(phoneNumber, behaviour);
      else behaviours.delete(phoneNumber);
    },
    close,
  };
};

export type { SnsBehaviour, SnsEndpoint, SnsEndpointOptions, SnsRequest, SnsSms };
export { SnsFailure, startSnsEndpoint };
