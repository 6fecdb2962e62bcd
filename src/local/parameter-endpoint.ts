/**
 * @module local/parameter-endpoint — a local Parameter Store and AppConfig endpoint on 127.0.0.1, for running a
 * handler offline with remote-style configuration and for testing the real SDK clients against every failure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  answerJson,
  answerJsonError,
  EndpointError,
  listenLocally,
  parseJsonObject,
  readBody,
} from './listen.js';

/** How the endpoint answers for one parameter or configuration profile. */
type Behaviour =
  | { readonly value: string; readonly type?: 'String' | 'SecureString' }
  | { readonly error: string; readonly message: string; readonly status?: number }
  /** Answers with a body that is not JSON where the protocol needs JSON. */
  | { readonly malformed: true }
  /** Holds the request this long before answering with the value. */
  | { readonly stallMs: number; readonly value: string };

interface ParameterEndpoint {
  /** `http://127.0.0.1:<port>`: the endpoint for `SSMClient` and `AppConfigDataClient`. */
  readonly url: string;
  /** Every request received, as `<operation> <name>`. */
  readonly requests: readonly string[];
  /** Sets how a parameter (by name) or an AppConfig profile (`application/environment/profile`) answers. */
  set(name: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AmazonSSM.';

const json = (response: ServerResponse, status: number, body: unknown) =>
  answerJson(response, status, body, 'application/json');

const ssmError = (response: ServerResponse, type: string, message: string, status = 400) =>
  answerJsonError(response, new EndpointError(type, message, status));

/** An error as AppConfigData (REST JSON) answers it: the code in `x-amzn-errortype`, `{"Message": …}` in the body. */
const appConfigError = (response: ServerResponse, error: EndpointError, extra: object = {}) => {
  response.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': randomUUID(),
  });
  response.end(JSON.stringify({ Message: error.message, ...extra }));
};

const parameter = (name: string, value: string, type = 'String') => ({
  Name: name,
  Type: type,
  Value: value,
  Version: 1,
  LastModifiedDate: 1_767_225_600,
  ARN: `arn:aws:ssm:us-west-2:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`,
  DataType: 'text',
});

const stall = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the endpoint. It speaks the parts of the two protocols the SDK clients use for configuration: SSM's
 * `GetParameter` and `GetParametersByPath` (JSON 1.1) and AppConfigData's `StartConfigurationSession` and
 * `GetLatestConfiguration` (REST). Unknown parameters answer `ParameterNotFound`, as SSM does; other targets
 * `UnknownOperationException`, a body that is not JSON `SerializationException` (AppConfigData: `BadRequestException`),
 * and one over 1 MB HTTP 413.
 *
 * @example
 * ```ts
 * const endpoint = await startParameterEndpoint({ '/brands': { value: JSON.stringify(document) } });
 * const client = new SSMClient({ endpoint: endpoint.url, region: 'us-west-2', credentials });
 * ```
 */
const startParameterEndpoint = async (
  initial: Readonly<Record<string, Behaviour>> = {},
): Promise<ParameterEndpoint> => {
  const behaviours = new Map(Object.entries(initial));
  const requests: string[] = [];
  const sessions = new Map<string, string>();

  const getParameter = async (body: Record<string, unknown>, response: ServerResponse) => {
    const name = String(body.Name);
    requests.push(`GetParameter ${name}${body.WithDecryption ? ' WithDecryption' : ''}`);
    const behaviour = behaviours.get(name);
    if (!behaviour) return ssmError(response, 'ParameterNotFound', `Parameter ${name} not found.`);
    if ('error' in behaviour) return ssmError(response, behaviour.error, behaviour.message, behaviour.status);
    if ('malformed' in behaviour) {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return response.end('{"Parameter": {"Name": ');
    }
    if ('stallMs' in behaviour) await stall(behaviour.stallMs);
    return answerJson(response, 200, {
      Parameter: parameter(name, behaviour.value, 'type' in behaviour ? behaviour.type : 'String'),
    });
  };

  const getParametersByPath = async (body: Record<string, unknown>, response: ServerResponse) => {
    const path = String(body.Path).replace(/\/?$/, '/');
    requests.push(`GetParametersByPath ${path}`);
    const found = [...behaviours].filter(
      ([name]) => name.startsWith(path) && !name.slice(path.length).includes('/'),
    );
    const failing = found.find(([, behaviour]) => 'error' in behaviour);
    if (failing && 'error' in failing[1])
      return ssmError(response, failing[1].error, failing[1].message, failing[1].status);
    const stalling = found.find(([, behaviour]) => 'stallMs' in behaviour);
    if (stalling && 'stallMs' in stalling[1]) await stall(stalling[1].stallMs);
    return answerJson(response, 200, {
      Parameters: found.flatMap(([name, behaviour]) =>
        'value' in behaviour
          ? [parameter(name, behaviour.value, 'type' in behaviour ? behaviour.type : 'String')]
          : [],
      ),
    });
  };

  // A Map, so that a target naming an Object.prototype member (`AmazonSSM.constructor`) is not an operation.
  const ssmOperations = new Map([
    ['GetParameter', getParameter],
    ['GetParametersByPath', getParametersByPath],
  ]);

  const answerAppConfig = async (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/configurationsessions') {
      let start: Record<string, unknown>;
      try {
        start = parseJsonObject(body);
      } catch (error) {
        return appConfigError(response, new EndpointError('BadRequestException', (error as Error).message), {
          Reason: 'InvalidParameters',
        });
      }
      const profile = `${start.ApplicationIdentifier}/${start.EnvironmentIdentifier}/${start.ConfigurationProfileIdentifier}`;
      requests.push(`StartConfigurationSession ${profile}`);
      const token = randomUUID();
      sessions.set(token, profile);
      return json(response, 201, { InitialConfigurationToken: token });
    }
    if (request.method === 'GET' && url.pathname === '/configuration') {
      const profile = sessions.get(url.searchParams.get('configuration_token') ?? '');
      requests.push(`GetLatestConfiguration ${profile}`);
      const behaviour = profile === undefined ? undefined : behaviours.get(profile);
      if (!behaviour)
        return json(response, 404, {
          Message: `Configuration profile ${profile} not found.`,
          ResourceType: 'ConfigurationProfile',
        });
      if ('error' in behaviour)
        return appConfigError(
          response,
          new EndpointError(behaviour.error, behaviour.message, behaviour.status ?? 400),
        );
      if ('stallMs' in behaviour) await stall(behaviour.stallMs);
      const next = randomUUID();
      sessions.set(next, profile as string);
      response.writeHead(200, {
        'content-type': 'application/json',
        'next-poll-configuration-token': next,
        'next-poll-interval-in-seconds': '60',
      });
      return response.end('malformed' in behaviour ? '{"brands": ' : behaviour.value);
    }
    return json(response, 404, {
      Message: `${request.method} ${url.pathname} is not served by the local endpoint`,
    });
  };

  const server: Server = createServer(async (request, response) => {
    // Parameter Store speaks JSON 1.1 (an X-Amz-Target on every request); AppConfigData speaks REST JSON.
    const target = request.headers['x-amz-target'];
    const answerError = (error: EndpointError) =>
      target === undefined ? appConfigError(response, error) : answerJsonError(response, error);
    try {
      const body = await readBody(request, response);
      if (target === undefined) return await answerAppConfig(request, body, response);
      const name = String(target);
      const run = name.startsWith(TARGET_PREFIX)
        ? ssmOperations.get(name.slice(TARGET_PREFIX.length))
        : undefined;
      if (!run)
        throw new EndpointError(
          'UnknownOperationException',
          `${name} is not an operation the local Parameter Store endpoint serves.`,
        );
      await run(parseJsonObject(body), response);
    } catch (error) {
      if (response.headersSent) return;
      if (error instanceof EndpointError) answerError(error);
      else answerError(new EndpointError('InternalServerError', String(error), 500));
    }
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    requests,
    set: (name, behaviour) => behaviours.set(name, behaviour),
    close,
  };
};

export type { Behaviour, ParameterEndpoint };
export { startParameterEndpoint };
