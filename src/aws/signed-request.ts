/**
 * @module aws/signed-request — one AWS JSON-protocol call (`POST /`, `X-Amz-Target`), signed with Signature Version 4
 * and sent over node:http(s). For the cold path of a Lambda function, where loading an SDK client (a few hundred
 * modules, credential and endpoint resolution) costs far more than the request: the signing is a few HMACs and the
 * transport is built into Node.js. Anything this does not cover (no credentials in the environment, FIPS or
 * dual-stack endpoints, partitions other than aws, aws-cn and aws-us-gov) is left to the SDK client.
 */
import { createHash, createHmac } from 'node:crypto';

/** The credentials Lambda puts in every function's environment. */
interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where and as whom a request goes. */
interface RequestSettings {
  readonly region: string;
  /** The service's endpoint, e.g. `https://ssm.us-west-2.amazonaws.com`. */
  readonly endpoint: URL;
  readonly credentials: Credentials;
}

/**
 * A request to sign: a `POST` with its body, to `/` as the AWS JSON 1.0/1.1 and Query protocols send, or to the path
 * of a REST-JSON operation (`/v2/email/outbound-emails`).
 */
interface JsonRequest {
  readonly host: string;
  /** The request's path, already URI-encoded (default: `/`). */
  readonly path?: string;
  /** Headers besides `host`, `x-amz-date`, `x-amz-security-token` and `authorization`, which signing adds. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20260101T000000Z`, the form of `X-Amz-Date`. */
const amzDate = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * The headers of a request signed with Signature Version 4 (header form): the request's own, plus `host`,
 * `x-amz-date`, `x-amz-security-token` when there is a session token, and `authorization`. Every header is signed.
 *
 * @example
 * ```ts
 * const headers = signJsonRequest({ host, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body }, { service: 'ssm', region, credentials, date: new Date() });
 * ```
 */
const signJsonRequest = (
  request: JsonRequest,
  signing: { service: string; region: string; credentials: Credentials; date: Date },
): Record<string, string> => {
  const { service, region, credentials } = signing;
  const stamp = amzDate(signing.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { host: request.host, 'x-amz-date': stamp };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    'POST',
    request.path ?? '/',
    '',
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
};

/** An error answered by the service, named as the service names it (`ParameterNotFound`, `ThrottlingException`). */
class AwsServiceError extends Error {
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string };

  constructor(name: string, message: string, httpStatusCode: number, requestId?: string) {
    super(message);
    this.name = name;
    this.$metadata = requestId === undefined ? { httpStatusCode } : { httpStatusCode, requestId };
  }
}

/** The error type of a JSON-protocol error: `x-amzn-errortype` or `__type`, without its namespace or suffix. */
const errorName = (header: string | undefined, body: Record<string, unknown>) => {
  const raw = header ?? (typeof body.__type === 'string' ? body.__type : 'UnknownError');
  return (raw.split(':')[0] as string).split('#').pop() as string;
};

/** A JSON-protocol response: its parsed body, or the error it carries. */
const readJsonResponse = (
  target: string,
  response: import('node:http').IncomingMessage,
  text: string,
): Record<string, unknown> | Error => {
  const status = response.statusCode ?? 0;
  const requestId = response.headers['x-amzn-requestid'];
  const typeHeader = response.headers['x-amzn-errortype'];
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = undefined;
  }
  if (status >= 200 && status < 300)
    return parsed ?? new SyntaxError(`${target}: the response (HTTP ${status}) is not JSON`);
  // Errors from a proxy or a front end in front of the service may come as XML or text.
  const xml = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text)?.[1];
  const name = parsed
    ? errorName(typeof typeHeader === 'string' ? typeHeader : undefined, parsed)
    : (xml('Code') ?? `HTTP${status}`);
  const message = parsed ? (parsed.message ?? parsed.Message) : xml('Message');
  return new AwsServiceError(
    name,
    String(message ?? `HTTP ${status}`),
    status,
    typeof requestId === 'string' ? requestId : undefined,
  );
};

/**
 * Sends one JSON-protocol call and resolves with the parsed response body, or rejects with an
 * {@link AwsServiceError} for an error response and a `TimeoutError` when the connection stays idle for `timeoutMs`
 * (the caller bounds the whole call: brand sources race it against their deadline).
 *
 * @example
 * ```ts
 * const { Parameter } = await callJson(settings, { service: 'ssm', target: 'AmazonSSM.GetParameter', version: '1.1', input: { Name: '/brands' }, timeoutMs: 400 });
 * ```
 */
const callJson = async (
  settings: RequestSettings,
  call: { service: string; target: string; version: '1.0' | '1.1'; input: unknown; timeoutMs: number },
): Promise<Record<string, unknown>> => {
  const { endpoint } = settings;
  const body = JSON.stringify(call.input);
  const headers = signJsonRequest(
    {
      host: endpoint.host,
      headers: {
        'content-type': `application/x-amz-json-${call.version}`,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': call.target,
      },
      body,
    },
    { service: call.service, region: settings.region, credentials: settings.credentials, date: new Date() },
  );
  const { request } = endpoint.protocol === 'http:' ? await import('node:http') : await import('node:https');
  return new Promise((resolve, reject) => {
    const outgoing = request(
      endpoint,
      { method: 'POST', path: '/', headers, timeout: call.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const outcome = readJsonResponse(call.target, response, Buffer.concat(chunks).toString('utf8'));
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        });
      },
    );
    outgoing.on('timeout', () => {
      const error = new Error(`${call.target}: no answer within ${call.timeoutMs} ms`);
      error.name = 'TimeoutError';
      outgoing.destroy(error);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
};

/** The DNS suffix of a region's partition, for the partitions whose endpoints follow `service.region.suffix`. */
const dnsSuffix = (region: string): string | undefined => {
  if (/^cn-[a-z]+-\d+$/.test(region)) return 'amazonaws.com.cn';
  if (/^(us-gov|[a-z]{2})-[a-z]+-\d+$/.test(region)) return 'amazonaws.com';
  return undefined;
};

/**
 * Where and as whom to call `service` (its SDK service id, e.g. `SSM`, used for `AWS_ENDPOINT_URL_SSM`), read from
 * the environment where it settles the question simply, as Lambda's does: keys in `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY`, the region in `AWS_REGION`, no profile, and an endpoint that is the regional one or a
 * configured URL without a path. Anything else gives `undefined`, and the SDK client, which reads all of it, is used.
 */
const settingsFromEnvironment = (
  service: { id: string; endpointPrefix: string },
  env: NodeJS.ProcessEnv = process.env,
): RequestSettings | undefined => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: region } = env;
  if (!accessKeyId || !secretAccessKey || !region) return undefined;
  // With a profile named, the SDK takes its credentials from the profile, not from these keys.
  if (env.AWS_PROFILE) return undefined;
  if (env.AWS_USE_FIPS_ENDPOINT === 'true' || env.AWS_USE_DUALSTACK_ENDPOINT === 'true') return undefined;
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : (env[`AWS_ENDPOINT_URL_${service.id.toUpperCase().replaceAll(' ', '_')}`] ?? env.AWS_ENDPOINT_URL);
  let endpoint: URL;
  if (configured) {
    if (!URL.canParse(configured)) return undefined;
    endpoint = new URL(configured);
    // A path (a proxy's prefix, say) is kept by the SDK; these requests always go to `/`.
    if (endpoint.pathname !== '/' || endpoint.search !== '') return undefined;
  } else {
    const suffix = dnsSuffix(region);
    if (!suffix) return undefined;
    endpoint = new URL(`https://${service.endpointPrefix}.${region}.${suffix}`);
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return {
    region,
    endpoint,
    credentials: sessionToken
      ? { accessKeyId, secretAccessKey, sessionToken }
      : { accessKeyId, secretAccessKey },
  };
};

export type { Credentials, JsonRequest, RequestSettings };
export { AwsServiceError, amzDate, callJson, settingsFromEnvironment, signJsonRequest };
