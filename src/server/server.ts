/**
 * @module server/server — the Amazon Cognito user pools API (AWS JSON 1.1) on 127.0.0.1, over the same engine as the
 * CLI: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, errors in the service's shape,
 * and a local API for tests (`/_local/messages`, each pool's JWKS).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CognitoServiceError } from '../cognito/errors.js';
import { Constraints } from '../cognito/validation.js';
import { type EndpointError, parseJsonObject, readBody } from '../local/listen.js';
import type { DeliveredMessage, LocalCognito, Trace } from '../local/local-cognito.js';
import { operationNamed } from '../local/operations/index.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** `/{userPoolId}/.well-known/jwks.json`, the pool id as the service model constrains it. */
const JWKS_PATH = new RegExp(`^/(${Constraints.UserPoolId.pattern})/\\.well-known/jwks\\.json$`);
const JSON_11 = 'application/x-amz-json-1.1';

interface ServeOptions {
  readonly engine: LocalCognito;
  /** Default: 127.0.0.1. */
  readonly host?: string;
  /** Default: 0, a free port. */
  readonly port?: number;
  /** Told of every call once it is answered, with its trace (or the error that is not Cognito's). */
  readonly onCall?: (call: { operation: string; trace?: Trace; status: number; error?: Error }) => void;
}

interface RunningServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Stops taking calls, lets those in flight finish, and closes. */
  close(): Promise<void>;
}

/**
 * A delivered message as `GET /_local/messages` lists it: `code` is what the user would type (for AdminCreateUser,
 * the temporary password), `body` the email's HTML or the SMS text; an email a Custom email sender sent also has
 * `from`, `replyTo`, `configurationSetName` and `tags`.
 */
const localMessage = (message: DeliveredMessage) => ({
  channel: message.medium === 'EMAIL' ? 'email' : 'sms',
  destination: message.destination,
  triggerSource: message.triggerSource ?? null,
  userPoolId: message.userPoolId ?? null,
  username: message.username ?? null,
  code: message.code ?? null,
  subject: message.subject ?? null,
  body: message.medium === 'EMAIL' ? (message.html ?? '') : message.text,
  ...(message.medium === 'EMAIL' ? { text: message.text } : {}),
  ...(message.ses
    ? {
        from: message.ses.from,
        replyTo: message.ses.replyTo,
        configurationSetName: message.ses.configurationSetName ?? null,
        tags: message.ses.tags,
      }
    : {}),
  at: message.at ?? null,
});

const answer = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_11,
    'x-amzn-requestid': randomUUID(),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
};

/**
 * An error as Cognito sends it: the name in the body's `__type` (what botocore and SDK v3 read) and in
 * `x-amzn-ErrorType` with its trailing colon, the message in `message` and `x-amzn-ErrorMessage`.
 */
const answerError = (response: ServerResponse, status: number, name: string, message: string) =>
  answer(
    response,
    status,
    { __type: name, message },
    {
      'x-amzn-errortype': `${name}:`,
      // Header values must be Latin-1 without line breaks: the body carries the exact text.
      'x-amzn-errormessage': message.replace(/[^\x20-\x7e]/g, '?'),
    },
  );

/**
 * Starts the Cognito endpoint. Calls run concurrently; the engine keeps one writer at a time on its state.
 *
 * @example
 * ```ts
 * const server = await startServer({ engine: new LocalCognito({ handler }) });
 * const client = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-west-2' });
 * ```
 */
const startServer = async (options: ServeOptions): Promise<RunningServer> => {
  const { engine } = options;
  const inFlight = new Set<Promise<void>>();

  const serveCall = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operationName = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    let body: Record<string, unknown>;
    try {
      body = parseJsonObject(await readBody(request, response));
    } catch (error) {
      const refused = error as EndpointError;
      return answerError(response, refused.status, refused.code, refused.message);
    }
    const operation = operationNamed(operationName);
    if (!operation) {
      const message =
        operationName === ''
          ? `X-Amz-Target must be ${TARGET_PREFIX}<Operation>, got ${JSON.stringify(target)}`
          : `cognito-trigger does not implement ${operationName}`;
      options.onCall?.({ operation: operationName || target, status: 400 });
      return answerError(response, 400, 'UnknownOperationException', message);
    }
    if (operation.auth === 'iam' && !/^AWS4-HMAC-SHA256 /.test(String(request.headers.authorization ?? ''))) {
      options.onCall?.({ operation: operationName, status: 400 });
      return answerError(
        response,
        400,
        'MissingAuthenticationTokenException',
        `${operationName} is authorised with AWS Signature Version 4: sign the request (any credentials will do here)`,
      );
    }
    let trace: Trace;
    try {
      trace = await engine.call(operation.name, body);
    } catch (error) {
      // Not a service error: the state or the kit failed. Say so in the service's fault shape.
      const failure = error instanceof Error ? error : new Error(String(error));
      options.onCall?.({ operation: operationName, status: 500, error: failure });
      const name = error instanceof CognitoServiceError ? error.name : 'InternalErrorException';
      return answerError(response, 500, name, failure.message);
    }
    const status = 'error' in trace.result ? 400 : 200;
    options.onCall?.({ operation: operationName, trace, status });
    if ('error' in trace.result)
      return answerError(response, 400, trace.result.error.name, trace.result.error.message);
    return answer(response, 200, trace.result.response);
  };

  const serveLocal = (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (url.pathname === '/_local/messages') {
      if (request.method === 'DELETE') {
        engine.clearMessages();
        response.writeHead(204).end();
        return true;
      }
      if (request.method === 'GET') {
        const destination = url.searchParams.get('destination');
        const messages = engine
          .messages()
          .filter((message) => destination === null || message.destination === destination)
          .map(localMessage);
        answer(response, 200, messages, { 'content-type': 'application/json' });
        return true;
      }
    }
    const jwks = JWKS_PATH.exec(url.pathname);
    if (jwks && request.method === 'GET') {
      const keys = engine.jwks(jwks[1] as string);
      if (keys) answer(response, 200, keys, { 'content-type': 'application/json' });
      else answerError(response, 404, 'ResourceNotFoundException', `User pool ${jwks[1]} does not exist.`);
      return true;
    }
    return false;
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (serveLocal(request, response, url)) return;
    if (request.method !== 'POST' || url.pathname !== '/') {
      request.resume();
      return answerError(
        response,
        404,
        'UnknownOperationException',
        `${request.method} ${url.pathname}: the Cognito API is POST / with X-Amz-Target`,
      );
    }
    const call = serveCall(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        answerError(response, 500, 'InternalErrorException', (error as Error)?.message ?? String(error));
    });
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      // No new connection; the calls in flight finish and are answered; then idle keep-alive sockets are let go.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all(inFlight);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
};

export type { RunningServer, ServeOptions };
export { localMessage, startServer };
