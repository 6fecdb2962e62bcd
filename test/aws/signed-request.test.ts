import { execFileSync } from 'node:child_process';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { environmentParameterStore, signedParameterStore } from '../../src/aws/parameter-store.js';
import {
  AwsServiceError,
  type Credentials,
  settingsFromEnvironment,
  signJsonRequest,
} from '../../src/aws/signed-request.js';
import type { ParameterStoreCalls } from '../../src/brand/providers.js';
import { ssmBrands } from '../../src/brand/ssm.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';
import { MOTO_TOOL, startMoto } from '../helpers/moto.js';
import { describeWithTool } from '../helpers/tools.js';

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** node:crypto in the shape the SDK's signer takes for its hash (a `Checksum` constructor). */
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.#hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
  reset() {}
}

/** The SDK's own Signature Version 4 signer, signing the same request: the reference. */
const sdkAuthorization = async (
  request: { host: string; headers: Record<string, string>; body: string },
  signing: { service: string; region: string; credentials: Credentials; date: Date },
) => {
  const signer = new SignatureV4({
    service: signing.service,
    region: signing.region,
    credentials: signing.credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: request.host,
      path: '/',
      query: {},
      headers: { host: request.host, ...request.headers },
      body: request.body,
    },
    { signingDate: signing.date },
  );
  return signed.headers.authorization;
};

const token = fc.stringMatching(/^[A-Za-z0-9+/=]{1,200}$/);

describe('Function: signJsonRequest', () => {
  it('signs exactly as the SDK signer does, for any service, region, credentials, target and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          service: fc.stringMatching(/^[a-z][a-z0-9-]{0,19}$/),
          region: fc.stringMatching(/^[a-z]{2}(-[a-z]{2,9}){1,2}-\d$/),
          accessKeyId: fc.stringMatching(/^[A-Z0-9]{16,20}$/),
          secretAccessKey: token,
          sessionToken: fc.option(token, { nil: undefined }),
          target: fc.stringMatching(/^[A-Za-z0-9_.]{1,40}$/),
          body: fc.json(),
          // Header values with runs of spaces inside, which signing folds to one.
          extra: fc.stringMatching(/^[a-z0-9]([a-z0-9 ]{0,20}[a-z0-9])?$/),
          date: fc.date({ min: new Date('2015-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        }),
        async ({
          service,
          region,
          accessKeyId,
          secretAccessKey,
          sessionToken,
          target,
          body,
          extra,
          date,
        }) => {
          const credentials = sessionToken
            ? { accessKeyId, secretAccessKey, sessionToken }
            : { accessKeyId, secretAccessKey };
          const request = {
            host: `${service}.${region}.amazonaws.com`,
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': target,
              'x-kit-extra': ` ${extra}  `,
            },
            body,
          };
          const signing = { service, region, credentials, date };
          const ours = signJsonRequest(request, signing);
          expect(ours.authorization).toBe(await sdkAuthorization(request, signing));
          if (sessionToken) expect(ours['x-amz-security-token']).toBe(sessionToken);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is told apart from the SDK signer by a changed byte of the body (the comparison can fail)', async () => {
    const request = {
      host: 'ssm.us-west-2.amazonaws.com',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: '{"Name":"/brands"}',
    };
    const signing = {
      service: 'ssm',
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      date: new Date('2026-11-22T10:00:00Z'),
    };
    const reference = await sdkAuthorization({ ...request, body: '{"Name":"/brandz"}' }, signing);
    expect(signJsonRequest(request, signing).authorization).not.toBe(reference);
  });
});

describe('Function: settingsFromEnvironment', () => {
  const lambda = {
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_REGION: 'eu-west-3',
  };
  const SSM = { id: 'SSM', endpointPrefix: 'ssm' };

  it("reads Lambda's credentials and region, and the regional endpoint", () => {
    const settings = settingsFromEnvironment(SSM, lambda);
    expect(settings?.endpoint.href).toBe('https://ssm.eu-west-3.amazonaws.com/');
    expect(settings?.credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it.each([
    ['cn-north-1', 'https://ssm.cn-north-1.amazonaws.com.cn/'],
    ['us-gov-west-1', 'https://ssm.us-gov-west-1.amazonaws.com/'],
    ['ap-southeast-5', 'https://ssm.ap-southeast-5.amazonaws.com/'],
  ])('names the endpoint of %s', (region, href) => {
    expect(settingsFromEnvironment(SSM, { ...lambda, AWS_REGION: region })?.endpoint.href).toBe(href);
  });

  it('honours AWS_ENDPOINT_URL_SSM over AWS_ENDPOINT_URL, unless configured endpoints are ignored', () => {
    const env = {
      ...lambda,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:2',
    };
    expect(settingsFromEnvironment(SSM, env)?.endpoint.port).toBe('2');
    expect(
      settingsFromEnvironment(SSM, { ...lambda, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })?.endpoint.port,
    ).toBe('1');
    expect(
      settingsFromEnvironment(SSM, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })?.endpoint.host,
    ).toBe('ssm.eu-west-3.amazonaws.com');
  });

  it.each([
    ['no access key', { ...lambda, AWS_ACCESS_KEY_ID: undefined }],
    ['no region', { ...lambda, AWS_REGION: undefined }],
    ['FIPS endpoints', { ...lambda, AWS_USE_FIPS_ENDPOINT: 'true' }],
    ['dual-stack endpoints', { ...lambda, AWS_USE_DUALSTACK_ENDPOINT: 'true' }],
    ['an isolated partition', { ...lambda, AWS_REGION: 'us-isob-east-1' }],
    ['an endpoint that is not a URL', { ...lambda, AWS_ENDPOINT_URL_SSM: 'not a url' }],
    ['an endpoint with a path', { ...lambda, AWS_ENDPOINT_URL_SSM: 'https://proxy.example/ssm' }],
    ['a profile named (its credentials win in the SDK)', { ...lambda, AWS_PROFILE: 'dev' }],
    [
      'only AWS_DEFAULT_REGION (the JavaScript SDK does not read it)',
      { ...lambda, AWS_REGION: undefined, AWS_DEFAULT_REGION: 'eu-west-3' },
    ],
  ])('leaves the call to the SDK client with %s', (_label, env) => {
    expect(settingsFromEnvironment(SSM, env)).toBeUndefined();
  });
});

describe('Function: environmentParameterStore', () => {
  const sdkCalls = (): ParameterStoreCalls & { used: boolean } => {
    const calls = {
      used: false,
      getParameter: async () => {
        calls.used = true;
        return 'from the SDK';
      },
      getParametersByPath: async () => ({}),
    };
    return calls;
  };

  it('uses the SDK client when the environment has no credentials, deciding at the first call', async () => {
    const env: NodeJS.ProcessEnv = { AWS_REGION: 'us-west-2' };
    const sdk = sdkCalls();
    const calls = environmentParameterStore(300, () => sdk, env);
    expect(sdk.used).toBe(false);
    expect(await calls.getParameter('/brands', true)).toBe('from the SDK');
    expect(sdk.used).toBe(true);
  });
});

describe('Function: signedParameterStore, against the local endpoint', () => {
  let endpoint: ParameterEndpoint;
  const settings = () => ({
    region: 'us-west-2',
    endpoint: new URL(endpoint.url),
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  beforeAll(async () => {
    endpoint = await startParameterEndpoint({
      '/brands': { value: '{"defaultBrand":"acme"}', type: 'SecureString' },
      '/denied': { error: 'AccessDeniedException', message: 'not authorized to perform: ssm:GetParameter' },
      '/throttled': { error: 'ThrottlingException', message: 'Rate exceeded', status: 400 },
      '/broken': { malformed: true },
      '/slow': { stallMs: 1_000, value: '{}' },
    });
  });
  afterAll(() => endpoint.close());

  it('gets a value, asking for decryption', async () => {
    const before = endpoint.requests.length;
    expect(await signedParameterStore(settings(), 300).getParameter('/brands', true)).toBe(
      '{"defaultBrand":"acme"}',
    );
    expect(endpoint.requests.slice(before)).toEqual(['GetParameter /brands WithDecryption']);
  });

  it.each([
    ['/missing', 'ParameterNotFound', 'Parameter /missing not found.'],
    ['/denied', 'AccessDeniedException', 'not authorized to perform: ssm:GetParameter'],
    ['/throttled', 'ThrottlingException', 'Rate exceeded'],
  ])('rejects %s with the service error, named as the service names it', async (name, error, message) => {
    const failure = signedParameterStore(settings(), 300).getParameter(name, true);
    await expect(failure).rejects.toBeInstanceOf(AwsServiceError);
    await expect(failure).rejects.toMatchObject({ name: error, message, $metadata: { httpStatusCode: 400 } });
  });

  it('rejects a response that is not JSON', async () => {
    await expect(signedParameterStore(settings(), 300).getParameter('/broken', true)).rejects.toThrow(
      'AmazonSSM.GetParameter: the response (HTTP 200) is not JSON',
    );
  });

  it('gives up at its timeout', async () => {
    const started = Date.now();
    await expect(signedParameterStore(settings(), 150).getParameter('/slow', true)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects when nothing listens', async () => {
    const closed = await startParameterEndpoint();
    await closed.close();
    const calls = signedParameterStore({ ...settings(), endpoint: new URL(closed.url) }, 300);
    await expect(calls.getParameter('/brands', true)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

/**
 * moto checks every signature when IAM authentication is on: an independent implementation of the service side.
 */
const BRANDS = 12;
describeWithTool(MOTO_TOOL, 'Function: signedParameterStore, against moto with signatures checked', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let key: { accessKeyId: string; secretAccessKey: string };
  const SETUP = `
import boto3, json, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='us-west-2', aws_access_key_id='AKIDSETUP', aws_secret_access_key='setup')
iam = boto3.client('iam', **kw)
iam.create_user(UserName='kit')
iam.put_user_policy(UserName='kit', PolicyName='read-brands', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['ssm:GetParameter', 'ssm:GetParametersByPath'], 'Resource': '*'}]}))
key = iam.create_access_key(UserName='kit')['AccessKey']
ssm = boto3.client('ssm', **kw)
ssm.put_parameter(Name='/brands', Value='{"defaultBrand": "acme"}', Type='SecureString')
for i in range(${BRANDS}):
    ssm.put_parameter(Name=f'/per-brand/b{i:02}', Value=json.dumps({'defaultLocale': 'en', 'locales': ['en']}), Type='String')
print(json.dumps({'accessKeyId': key['AccessKeyId'], 'secretAccessKey': key['SecretAccessKey']}))
`;
  const settings = (credentials: Credentials) => ({
    region: 'us-west-2',
    endpoint: new URL(moto.url),
    credentials,
  });

  beforeAll(async () => {
    // The setup's actions are let through unauthenticated; every action after them is checked.
    moto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: String(4 + BRANDS) });
    key = JSON.parse(
      execFileSync('python3', ['-c', SETUP], {
        env: { ...process.env, MOTO_URL: moto.url },
        encoding: 'utf8',
      }),
    );
  }, 30_000);
  afterAll(() => moto?.close());

  it('is accepted, and gets the decrypted SecureString', async () => {
    expect(await signedParameterStore(settings(key), 2_000).getParameter('/brands', true)).toBe(
      '{"defaultBrand": "acme"}',
    );
  });

  it('reads every page of a path through ssmBrands, with the credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', key.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', key.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', moto.url);
    try {
      const fallback = {
        defaultBrand: 'b00',
        brands: { b00: { defaultLocale: 'en', locales: ['en'] } },
        clientIds: {},
      };
      const { config, origin, warning } = await ssmBrands({
        path: '/per-brand',
        fallback,
        deadlineMs: 2_000,
      }).current();
      expect(warning).toBeUndefined();
      expect(origin).toBe('remote');
      // moto answers GetParametersByPath ten at a time: twelve brands take two pages.
      expect(Object.keys(config.brands)).toHaveLength(BRANDS);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is refused with SignatureDoesNotMatch when the secret is wrong', async () => {
    const failure = signedParameterStore(settings({ ...key, secretAccessKey: 'wrong' }), 2_000).getParameter(
      '/brands',
      true,
    );
    await expect(failure).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
