/**
 * @module local/parameter-endpoint — a local Parameter Store and AppConfig endpoint on 127.0.0.1, for running a
 * handler offline with remote-style configuration and for testing the real SDK clients against every failure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocally } from './listen.js';

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

const read = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
  });

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/x-amz-json-1.1',
) => {
  response.writeHead(status, { 'content-type': type, 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
};

const ssmError = (response: ServerResponse, type: string, message: string, status = 400) =>
  json(response, status, { __type: type, message });

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
 * `GetLatestConfiguration` (REST). Unknown parameters answer `ParameterNotFound`, as SSM does.
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

  const answerSsm = async (target: string, body: Record<string, unknown>, response: ServerResponse) => {
    if (target === 'GetParameter') {
      const name = String(body.Name);
      requests.push(`GetParameter ${name}${body.WithDecryption ? ' WithDecryption' : ''}`);
      const behaviour = behaviours.get(name);
      if (!behaviour) return ssmError(response, 'ParameterNotFound', `Parameter ${name} not found.`);
      if ('error' in behaviour)
        return ssmError(response, behaviour.error, behaviour.message, behaviour.status);
      if ('malformed' in behaviour) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        return response.end('{"Parameter": {"Name": ');
      }
      if ('stallMs' in behaviour) await stall(behaviour.stallMs);
      return json(response, 200, {
        Parameter: parameter(name, behaviour.value, 'type' in behaviour ? behaviour.type : 'String'),
      });
    }
    if (target === 'GetParametersByPath') {
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
      return json(response, 200, {
        Parameters: found.flatMap(([name, behaviour]) =>
          'value' in behaviour
            ? [parameter(name, behaviour.value, 'type' in behaviour ? behaviour.type : 'String')]
            : [],
        ),
      });
    }
    return ssmError(response, 'InvalidAction', `${target} is not served by the local endpoint`);
  };

  const answerAppConfig = async (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/configurationsessions') {
      const start = JSON.parse(body || '{}');
      const profile = `${start.ApplicationIdentifier}/${start.EnvironmentIdentifier}/${start.ConfigurationProfileIdentifier}`;
      requests.push(`StartConfigurationSession ${profile}`);
      const token = randomUUID();
      sessions.set(token, profile);
      return json(response, 201, { InitialConfigurationToken: token }, 'application/json');
    }
    if (request.method === 'GET' && url.pathname === '/configuration') {
      const profile = sessions.get(url.searchParams.get('configuration_token') ?? '');
      requests.push(`GetLatestConfiguration ${profile}`);
      const behaviour = profile === undefined ? undefined : behaviours.get(profile);
      if (!behaviour)
        return json(
          response,
          404,
          { Message: `Configuration profile ${profile} not found.`, ResourceType: 'ConfigurationProfile' },
          'application/json',
        );
      if ('error' in behaviour) {
        response.writeHead(behaviour.status ?? 400, {
          'content-type': 'application/json',
          'x-amzn-errortype': behaviour.error,
        });
        return response.end(JSON.stringify({ Message: behaviour.message }));
      }
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
    const body = await read(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    try {
      if (target.startsWith('AmazonSSM.'))
        await answerSsm(target.slice('AmazonSSM.'.length), JSON.parse(body || '{}'), response);
      else await answerAppConfig(request, body, response);
    } catch (error) {
      if (!response.headersSent)
        json(response, 500, { __type: 'InternalServerError', message: String(error) });
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
