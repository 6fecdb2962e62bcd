/**
 * @module sender/signed-call — one signed `POST` to an AWS service over node:http(s), for the custom senders' cold
 * path: KMS Decrypt (JSON 1.1), SNS Publish (Query) and SES v2 SendEmail (REST-JSON) cost a few HMACs and a request
 * this way, where an SDK client first loads a few hundred modules. Used only when the environment settles where and as
 * whom to call (as Lambda's does: see {@link settingsFromEnvironment}); anything else goes through the SDK client.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsServiceError, type RequestSettings, signJsonRequest } from '../aws/signed-request.js';

/** What to send: the signing name of the service, the path, the content type and other headers, and the body. */
interface SignedCall {
  /** The name requests are signed for: `kms`, `sns`, `ses`. */
  readonly service: string;
  /** The request's path, URI-encoded (default: `/`). */
  readonly path?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Aborts the request: the call rejects with the signal's reason (a `TimeoutError` for `AbortSignal.timeout`). */
  readonly signal?: AbortSignal;
}

/** A service's answer, error answers included: the caller reads its own protocol. */
interface SignedAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * Sends one signed `POST` and resolves with the answer, whatever its status; rejects only when no answer came (the
 * network, or the signal).
 *
 * @example
 * ```ts
 * const answer = await callSigned(settings, { service: 'ses', path: '/v2/email/outbound-emails', headers, body });
 * ```
 */
const callSigned = async (settings: RequestSettings, call: SignedCall): Promise<SignedAnswer> => {
  const { endpoint } = settings;
  call.signal?.throwIfAborted();
  const path = call.path ?? '/';
  const headers = signJsonRequest(
    {
      host: endpoint.host,
      path,
      headers: { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
      body: call.body,
    },
    { service: call.service, region: settings.region, credentials: settings.credentials, date: new Date() },
  );
  const { request } = endpoint.protocol === 'http:' ? await import('node:http') : await import('node:https');
  return new Promise((resolve, reject) => {
    const outgoing = request(
      endpoint,
      { method: 'POST', path, headers, ...(call.signal ? { signal: call.signal } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', (error) => reject(call.signal?.aborted ? call.signal.reason : error));
    outgoing.end(call.body);
  });
};

const xmlValue = (text: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`)
    .exec(text)?.[1]
    ?.replace(
      /&(lt|gt|amp|quot|apos);/g,
      (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '',
    );

/**
 * The error an answer carries, named as the service names it, with its HTTP status in `$metadata` as the SDK's
 * errors have it: JSON protocols name it in `x-amzn-errortype` or the body's `__type` or `code`, the Query protocol in
 * `<Code>`. `rename` maps a Query code to the SDK's exception name (`Throttled` → `ThrottledException`).
 *
 * @example
 * ```ts
 * if (answer.status !== 200) throw serviceError(answer);
 * ```
 */
const serviceError = (answer: SignedAnswer, rename: (code: string) => string = (code) => code): Error => {
  const { status, headers, text } = answer;
  const requestId = headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const header = headers['x-amzn-errortype'];
  const raw =
    (typeof header === 'string' && header !== '' ? header : undefined) ??
    (typeof body?.__type === 'string' ? body.__type : undefined) ??
    (typeof body?.code === 'string' ? body.code : undefined) ??
    xmlValue(text, 'Code');
  const name = raw ? rename((raw.split(':')[0] as string).split('#').pop() as string) : `HTTP${status}`;
  const message = body ? (body.message ?? body.Message) : xmlValue(text, 'Message');
  return new AwsServiceError(
    name,
    typeof message === 'string' && message !== '' ? message : `HTTP ${status}`,
    status,
    typeof requestId === 'string' ? requestId : undefined,
  );
};

export type { SignedAnswer, SignedCall };
export { callSigned, serviceError };
