/**
 * The three local endpoints (KMS, SNS, Parameter Store/AppConfig) against requests no SDK client sends: bodies over
 * the limit, bodies that are not JSON or not form-encoded, and targets that name Object.prototype's members. Each
 * gets the service's own error shape and a 4xx, never an echo or a 500.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../src/local/kms-endpoint.js';
import { BODY_LIMIT_BYTES, LOCAL_CREDENTIALS } from '../../src/local/listen.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';
import { type SnsEndpoint, startSnsEndpoint } from '../../src/local/sns-endpoint.js';

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const JSON_11 = 'application/x-amz-json-1.1';
const FORM = 'application/x-www-form-urlencoded';

let kms: KmsEndpoint;
let sns: SnsEndpoint;
let parameters: ParameterEndpoint;
beforeAll(async () => {
  [kms, sns, parameters] = await Promise.all([
    startKmsEndpoint(),
    startSnsEndpoint(),
    startParameterEndpoint({ '/hostile/brands': { value: '{}' } }),
  ]);
});
afterAll(() => Promise.all([kms.close(), sns.close(), parameters.close()]));

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One POST, its body sent whole. */
const post = (url: string, headers: Record<string, string>, body: string): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });

/**
 * A POST of `total` bytes of spaces in 64 KiB pieces, each written once the last was taken, and none once an answer
 * has come: `written` says how much had been handed over by then. With `declareLength` the request says its size in
 * Content-Length; without, it is sent chunked, as a client that does not know it would.
 */
const postUntilAnswered = (
  url: string,
  headers: Record<string, string>,
  total: number,
  declareLength: boolean,
): Promise<Answer & { written: number }> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: declareLength ? { ...headers, 'content-length': String(total) } : headers,
    });
    const piece = Buffer.alloc(64 * 1024, ' ');
    let written = 0;
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
          written,
        }),
      );
      response.on('error', reject);
    });
    // Writing on after the answer meets a closed connection: the endpoint refusing the rest, as it should.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const next = () => {
      if (answered) return;
      if (written >= total) return void request.end();
      written += piece.length;
      request.write(piece, (error) => {
        if (!error) next();
      });
    };
    next();
  });

/** The error code in each protocol's shape: JSON 1.1's `__type`, the Query protocol's `<Code>`, REST JSON's header. */
const jsonCode = (answer: Answer) => (JSON.parse(answer.body) as { __type: string }).__type;
const xmlCode = (answer: Answer) =>
  /<ErrorResponse [^>]*><Error><Type>Sender<\/Type><Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
const restCode = (answer: Answer) => answer.headers['x-amzn-errortype'];

/** Each endpoint: where to post, the headers its protocol needs, and how it names an error. */
const ENDPOINTS = [
  ['KMS', () => kms.url, { 'content-type': JSON_11, 'x-amz-target': 'TrentService.Encrypt' }, jsonCode],
  ['SNS', () => sns.url, { 'content-type': FORM }, xmlCode],
  [
    'Parameter Store',
    () => parameters.url,
    { 'content-type': JSON_11, 'x-amz-target': 'AmazonSSM.GetParameter' },
    jsonCode,
  ],
  [
    'AppConfig',
    () => `${parameters.url}/configurationsessions`,
    { 'content-type': 'application/json' },
    restCode,
  ],
] as const;

/** A body of exactly `size` bytes that each endpoint serves: a valid request, padded where its protocol allows. */
const bodyOfSize = (endpoint: (typeof ENDPOINTS)[number][0], size: number) => {
  const request = {
    KMS: JSON.stringify({ KeyId: KEY, Plaintext: 'aGk=' }),
    SNS: 'Action=Publish&PhoneNumber=%2B14325550100&Message=Hi&Padding=',
    'Parameter Store': JSON.stringify({ Name: '/hostile/brands' }),
    AppConfig: JSON.stringify({
      ApplicationIdentifier: 'kit',
      EnvironmentIdentifier: 'prod',
      ConfigurationProfileIdentifier: 'brands',
    }),
  }[endpoint];
  return request.padEnd(size, endpoint === 'SNS' ? 'x' : ' ');
};

describe('Function: readBody, behind every local endpoint', () => {
  it.each(ENDPOINTS)('the %s endpoint serves a body of exactly 1 MB', async (endpoint, url, headers) => {
    // Prepare
    const body = bodyOfSize(endpoint, BODY_LIMIT_BYTES);

    // Act
    const answer = await post(url(), headers, body);

    // Assess
    expect(Buffer.byteLength(body)).toBe(BODY_LIMIT_BYTES);
    expect(answer.status).toBeLessThan(300);
  });

  it.each(ENDPOINTS)(
    'the %s endpoint answers 413 in its own error shape to a body one byte over 1 MB',
    async (endpoint, url, headers, code) => {
      // Prepare
      const body = bodyOfSize(endpoint, BODY_LIMIT_BYTES + 1);

      // Act
      const answer = await postUntilAnswered(url(), headers, Buffer.byteLength(body), false);

      // Assess
      expect(answer.status).toBe(413);
      expect(code(answer)).toBe('RequestEntityTooLarge');
      expect(answer.headers.connection).toBe('close');
    },
  );

  it.each(
    ENDPOINTS.flatMap(([name, url, headers, code]) =>
      (['with Content-Length', 'chunked'] as const).map((mode) => [name, mode, url, headers, code] as const),
    ),
  )(
    'the %s endpoint answers 413 to a 64 MB body before it has all been sent (%s)',
    async (_, mode, url, headers, code) => {
      // Prepare
      const total = 64 * 1024 * 1024;

      // Act
      const answer = await postUntilAnswered(url(), headers, total, mode === 'with Content-Length');

      // Assess
      expect(answer.status).toBe(413);
      expect(code(answer)).toBe('RequestEntityTooLarge');
      expect(answer.written).toBeLessThan(total);
    },
  );
});

describe('Function: startKmsEndpoint, against hostile requests', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'ListKeys'])(
    'answers UnknownOperationException, HTTP 400, to TrentService.%s',
    async (operation) => {
      // Prepare
      const headers = { 'content-type': JSON_11, 'x-amz-target': `TrentService.${operation}` };

      // Act
      const answer = await post(kms.url, headers, JSON.stringify({ KeyId: KEY, Echo: 'me' }));

      // Assess
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        __type: 'UnknownOperationException',
        message: expect.stringContaining(`TrentService.${operation}`),
      });
    },
  );

  it('answers UnknownOperationException to a request without X-Amz-Target', async () => {
    // Act
    const answer = await post(kms.url, { 'content-type': JSON_11 }, '{}');

    // Assess
    expect(answer.status).toBe(400);
    expect(jsonCode(answer)).toBe('UnknownOperationException');
  });

  it.each(['{"KeyId": ', 'not json', 'null', '[]', '"text"', '42'])(
    'answers SerializationException, HTTP 400, to the body %j',
    async (body) => {
      // Prepare
      const headers = { 'content-type': JSON_11, 'x-amz-target': 'TrentService.Encrypt' };

      // Act
      const answer = await post(kms.url, headers, body);

      // Assess
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        __type: 'SerializationException',
        message: expect.any(String),
      });
    },
  );
});

describe('Function: startParameterEndpoint, against hostile requests', () => {
  it.each(['constructor', 'toString', '__proto__', 'DescribeParameters'])(
    'answers UnknownOperationException, HTTP 400, to AmazonSSM.%s',
    async (operation) => {
      // Prepare
      const headers = { 'content-type': JSON_11, 'x-amz-target': `AmazonSSM.${operation}` };

      // Act
      const answer = await post(parameters.url, headers, '{}');

      // Assess
      expect(answer.status).toBe(400);
      expect(jsonCode(answer)).toBe('UnknownOperationException');
    },
  );

  it('answers UnknownOperationException to a target of another service', async () => {
    // Act
    const answer = await post(
      parameters.url,
      { 'content-type': JSON_11, 'x-amz-target': 'TrentService.Encrypt' },
      '{}',
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(jsonCode(answer)).toBe('UnknownOperationException');
  });

  it('fails an operation it does not serve as the real SSMClient reads UnknownOperationException', async () => {
    // Prepare
    const client = new SSMClient({
      endpoint: parameters.url,
      region: 'us-west-2',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });

    // Act
    const failure = await client.send(new DescribeParametersCommand({})).then(
      () => undefined,
      (error: { name: string; $metadata: { httpStatusCode: number } }) => error,
    );
    client.destroy();

    // Assess
    expect(failure).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });

  it.each(['{"Name": ', 'null', '[]'])(
    'answers SerializationException, HTTP 400, to the body %j',
    async (body) => {
      // Act
      const answer = await post(
        parameters.url,
        { 'content-type': JSON_11, 'x-amz-target': 'AmazonSSM.GetParameter' },
        body,
      );

      // Assess
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        __type: 'SerializationException',
        message: expect.any(String),
      });
    },
  );

  it("answers AppConfigData's BadRequestException, HTTP 400, to a session start that is not JSON", async () => {
    // Act
    const answer = await post(
      `${parameters.url}/configurationsessions`,
      { 'content-type': 'application/json' },
      '{"ApplicationIdentifier": ',
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(restCode(answer)).toBe('BadRequestException');
    expect(JSON.parse(answer.body)).toMatchObject({ Reason: 'InvalidParameters' });
  });
});

describe('Function: startSnsEndpoint, against hostile requests', () => {
  it.each([
    ['a % not followed by two hex digits', 'Action=Publish&PhoneNumber=%2B14325550100&Message=100%'],
    ['an escape that is not UTF-8', 'Action=Publish&PhoneNumber=%2B14325550100&Message=%FF'],
  ])('answers InvalidQueryParameter, HTTP 400, to a body with %s', async (_, body) => {
    // Act
    const answer = await post(sns.url, { 'content-type': FORM }, body);

    // Assess
    expect(answer.status).toBe(400);
    expect(xmlCode(answer)).toBe('InvalidQueryParameter');
  });

  it.each([
    ['InvalidAction', 'an unknown Action', 'Action=constructor&Version=2010-03-31'],
    ['MissingAction', 'no Action', 'Version=2010-03-31'],
  ])('answers %s, HTTP 400, to a body with %s', async (expected, _, body) => {
    // Act
    const answer = await post(sns.url, { 'content-type': FORM }, body);

    // Assess
    expect(answer.status).toBe(400);
    expect(xmlCode(answer)).toBe(expected);
  });

  it('records a message attribute named __proto__ as an attribute like any other', async () => {
    // Prepare
    const body = new URLSearchParams({
      Action: 'Publish',
      PhoneNumber: '+14325550142',
      Message: 'Hi',
      'MessageAttributes.entry.1.Name': '__proto__',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'polluted',
    }).toString();

    // Act
    const answer = await post(sns.url, { 'content-type': FORM }, body);

    // Assess
    expect(answer.status).toBe(200);
    const { attributes } = sns.messages.at(-1) as { attributes: object };
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
  });
});
