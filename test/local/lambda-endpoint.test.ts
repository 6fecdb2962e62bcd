import { createServer, type IncomingMessage } from 'node:http';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../src/local/invoker.js';
import { lambdaEndpointFunctions } from '../../src/local/lambda-endpoint.js';
import { listenLocally } from '../../src/local/listen.js';
import { demoPoolWith, local, update } from './helpers.js';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly event: CustomMessageTriggerEvent;
}

/**
 * A stand-in for `sam local start-lambda`: each function answers as its name says, an unknown one as SAM CLI answers
 * it (404, `x-amzn-errortype: ResourceNotFound`).
 */
const startMimic = async () => {
  const received: Received[] = [];
  let abandoned = 0;
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const name = decodeURIComponent(
      /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '')?.[1] ?? '',
    );
    const event = JSON.parse(body) as CustomMessageTriggerEvent;
    received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, event });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(typeof value === 'string' ? value : JSON.stringify(value));
    };
    switch (name) {
      case 'writes':
      case 'WritesFunction':
        return json(200, {
          ...event,
          response: { ...event.response, emailSubject: `from ${name}`, emailMessage: 'Your code: {####}' },
        });
      case 'returns-null':
        return json(200, 'null');
      case 'throws':
        return json(
          200,
          {
            errorType: 'BrandNotFound',
            errorMessage: 'no brand globex',
            trace: ['BrandNotFound: no brand globex'],
          },
          { 'x-amz-function-error': 'Unhandled' },
        );
      case 'throttled':
        return json(
          429,
          { Type: 'User', message: 'Rate exceeded' },
          { 'x-amzn-errortype': 'TooManyRequestsException' },
        );
      case 'hangs':
        // Never answers; the client gives the request up.
        response.on('close', () => abandoned++);
        return;
      default:
        return json(
          404,
          {
            Type: 'User',
            Message: `Function not found: arn:aws:lambda:us-west-2:012345678901:function:${name}`,
          },
          { 'x-amzn-errortype': 'ResourceNotFound' },
        );
    }
  });
  const { url, close } = await listenLocally(server);
  return { url, close, received, abandoned: () => abandoned };
};

const poolNaming = (name: string) =>
  demoPoolWith({ LambdaConfig: { CustomMessage: `arn:aws:lambda:us-west-2:123456789012:function:${name}` } });
const NEW_EMAIL = { email: 'diego.new@example.com' };

let mimic: Awaited<ReturnType<typeof startMimic>>;
beforeAll(async () => {
  mimic = await startMimic();
});
afterAll(async () => {
  await mimic?.close();
});
beforeEach(() => {
  mimic.received.length = 0;
});

const through = (name: string, deadlineMs?: number) =>
  local({
    pool: poolNaming(name),
    functions: lambdaEndpointFunctions(mimic.url),
    ...(deadlineMs === undefined ? {} : { invoke: { deadlineMs } }),
  });

describe('Function: lambdaEndpointFunctions', () => {
  it('posts the event to the function’s invocations path, as a synchronous invocation', async () => {
    // Act
    const trace = await update(through('writes'), NEW_EMAIL);

    // Assess
    const [request] = mimic.received;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/2015-03-31/functions/writes/invocations',
      headers: { 'x-amz-invocation-type': 'RequestResponse', 'x-amz-log-type': 'None' },
    });
    expect(request?.event).toEqual(trace.invocations[0]?.event);
    expect(trace.deliveries[0]).toMatchObject({
      source: 'trigger',
      subject: 'from writes',
      html: 'Your code: 424242',
    });
  });

  it('judges a function error as Cognito judges a function that threw', async () => {
    const trace = await update(through('throws'), NEW_EMAIL);
    expect(trace.result).toEqual({
      error: {
        name: 'UserLambdaValidationException',
        message: 'CustomMessage failed with error no brand globex.',
      },
    });
    expect(trace.invocations[0]?.verdict).toBe('threw');
  });

  it('throws a function error with the payload’s errorType and errorMessage', async () => {
    const handler = lambdaEndpointFunctions(mimic.url)('throws');
    const { invocation } = await invokeHandler(handler as never, { hello: 'world' });
    expect(invocation).toEqual({
      kind: 'threw',
      error: { name: 'BrandNotFound', message: 'no brand globex' },
    });
  });

  it('judges a null answer as output Cognito cannot use', async () => {
    const trace = await update(through('returns-null'), NEW_EMAIL);
    expect(trace.result).toEqual({
      error: { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' },
    });
  });

  it('fails as Cognito fails for a missing function when the endpoint does not know it', async () => {
    const trace = await update(through('deleted'), NEW_EMAIL);
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message: 'CustomMessage invocation failed due to error ResourceNotFoundException.',
      },
    });
    expect(trace.invocations).toEqual([]);
    expect(trace.notes.some((note) => note.includes('Function not found'))).toBe(true);
  });

  it('names the endpoint’s error code when the invocation is refused', async () => {
    const trace = await update(through('throttled'), NEW_EMAIL);
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message: 'CustomMessage invocation failed due to error TooManyRequestsException.',
      },
    });
  });

  it('times out at the invocation’s deadline and then gives the request up', async () => {
    // Act
    const started = Date.now();
    const trace = await update(through('hangs', 300), NEW_EMAIL);

    // Assess
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message:
          'CustomMessage invocation failed due to error Socket timeout while invoking Lambda function.',
      },
    });
    await expect.poll(() => mimic.abandoned(), { timeout: 2_000 }).toBeGreaterThan(0);
  });

  it('fails as an invocation Cognito cannot make when nothing listens at the endpoint', async () => {
    // Prepare
    const closed = await startMimic();
    await closed.close();
    const cognito = local({ pool: poolNaming('writes'), functions: lambdaEndpointFunctions(closed.url) });

    // Act
    const trace = await update(cognito, NEW_EMAIL);

    // Assess
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message: 'CustomMessage invocation failed due to error ServiceException.',
      },
    });
    expect(trace.notes.some((note) => note.includes('ECONNREFUSED'))).toBe(true);
  });

  it('invokes a function by the name the endpoint knows it by', async () => {
    const functions = lambdaEndpointFunctions(`${mimic.url}/`, {
      names: { 'stack-writes': 'WritesFunction' },
    });
    const trace = await update(local({ pool: poolNaming('stack-writes'), functions }), NEW_EMAIL);
    expect(mimic.received[0]?.path).toBe('/2015-03-31/functions/WritesFunction/invocations');
    expect(trace.deliveries[0]?.subject).toBe('from WritesFunction');
  });

  it('refuses a URL that is not http or https', () => {
    expect(() => lambdaEndpointFunctions('ftp://127.0.0.1:3001')).toThrow('http or https');
    expect(() => lambdaEndpointFunctions('not a url')).toThrow();
  });
});
