/**
 * @module local/listen — what the local endpoints share: a server on 127.0.0.1 with a close that does not wait on
 * idle clients, a request body read that stops at 1 MB, and errors answered in the JSON 1.1 protocol's shape.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Listens on 127.0.0.1 (`port` 0: any free one) and returns the URL, and a close that ends open connections too: an
 * SDK client keeps its sockets alive, and `server.close()` alone would wait for them.
 *
 * @example
 * ```ts
 * const { url, close } = await listenLocally(createServer(answer));
 * ```
 */
const listenLocally = async (
  server: Server,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> => {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/**
 * The most a local endpoint reads of a request body: 1 MB. The calls they serve are far smaller (KMS takes 4 KB of
 * plaintext, SNS a 256 KB message); the limit is there so that a runaway or hostile client costs no memory.
 */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * An error a local endpoint answers with: the service's error code, its message, and the HTTP status (default: 400).
 *
 * @example
 * ```ts
 * throw new EndpointError('NotFoundException', `Invalid keyId '${keyId}'`);
 * ```
 */
class EndpointError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

/** How long a connection refused for its body's size stays open after the 413: see {@link closeAfterGrace}. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Node closes a `Connection: close` socket the moment the answer is out. A client still writing the body it was
 * refused then meets a reset, which can reach it before it has read the 413; closing a moment later, still reading
 * nothing more, lets it read the answer first.
 */
const closeAfterGrace = (socket: Socket) => {
  // destroySoon() has already ended the socket and waits on 'finish' to destroy it.
  socket.removeListener('finish', socket.destroy);
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
};

/**
 * Reads a request body as UTF-8, up to `limit` bytes (default: 1 MB). Past the limit, whether its Content-Length says
 * so or it is counted as it arrives, nothing more is read and nothing of it is kept: the read throws an
 * {@link EndpointError} with HTTP 413 for the endpoint to answer in its protocol, and the connection closes after it.
 *
 * @example
 * ```ts
 * const body = await readBody(request, response);
 * ```
 */
const readBody = (
  request: IncomingMessage,
  response: ServerResponse,
  limit = BODY_LIMIT_BYTES,
): Promise<string> =>
  new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const refuse = () => {
      request.off('data', onData);
      // Paused, the request fills its small buffer and Node stops reading the socket: the client is held back. The
      // read(0) marks the body as taken in hand even when none of it came yet, or Node would read it all to discard it.
      request.read(0);
      request.pause();
      chunks = [];
      response.setHeader('connection', 'close');
      response.once('finish', () => closeAfterGrace(request.socket));
      reject(
        new EndpointError(
          'RequestEntityTooLarge',
          `The request body is over the local endpoint's limit of ${limit} bytes.`,
          413,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
    if (Number(request.headers['content-length']) > limit) refuse();
  });

/**
 * A JSON 1.1 request body as an object: an empty body is `{}`, and anything but a JSON object is the
 * `SerializationException` the JSON 1.1 services answer.
 *
 * @example
 * ```ts
 * const input = parseJsonObject(await readBody(request, response));
 * ```
 */
const parseJsonObject = (body: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(body || '{}');
  } catch (error) {
    throw new EndpointError(
      'SerializationException',
      `The request body is not JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EndpointError('SerializationException', 'The request body is not a JSON object.');
  return value as Record<string, unknown>;
};

/**
 * Answers `body` as JSON with a request ID (content type default: the JSON 1.1 protocol's).
 *
 * @example
 * ```ts
 * answerJson(response, 200, { KeyId: arn, Plaintext });
 * ```
 */
const answerJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
) => {
  response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
};

/**
 * Answers an error as a JSON 1.1 service does: `{"__type": code, "message": …}` with its HTTP status.
 *
 * @example
 * ```ts
 * answerJsonError(response, new EndpointError('UnknownOperationException', 'TrentService.ListKeys is not served'));
 * ```
 */
const answerJsonError = (response: ServerResponse, error: EndpointError) =>
  answerJson(response, error.status, { __type: error.code, message: error.message });

/** Credentials for the local endpoints: they check none, and the SDK clients need some. */
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } as const;

/** The credential variables a function needs to reach a local endpoint, unless this process already has a key pair. */
const localCredentialVariables = (env: NodeJS.ProcessEnv = process.env): Record<string, string> =>
  env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? {}
    : {
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      };

export {
  answerJson,
  answerJsonError,
  BODY_LIMIT_BYTES,
  EndpointError,
  LOCAL_CREDENTIALS,
  listenLocally,
  localCredentialVariables,
  parseJsonObject,
  readBody,
};
