/**
 * @module aws/parameter-store — Parameter Store's GetParameter and GetParametersByPath as signed requests, for a
 * cold start that must not load the SSM client.
 */
import type { ParameterPage, ParameterStoreCalls } from '../brand/providers.js';
import { callJson, type RequestSettings, settingsFromEnvironment } from './signed-request.js';

const SSM = { id: 'SSM', endpointPrefix: 'ssm' } as const;

/** The two calls as signed JSON 1.1 requests, each ending by `timeoutMs`. */
const signedParameterStore = (settings: RequestSettings, timeoutMs: number): ParameterStoreCalls => {
  const call = (operation: string, input: Record<string, unknown>) =>
    callJson(settings, {
      service: 'ssm',
      target: `AmazonSSM.${operation}`,
      version: '1.1',
      input,
      timeoutMs,
    });
  return {
    async getParameter(name, decrypt) {
      const { Parameter } = await call('GetParameter', { Name: name, WithDecryption: decrypt });
      const value = (Parameter as { Value?: unknown } | undefined)?.Value;
      return typeof value === 'string' ? value : undefined;
    },
    async getParametersByPath(path, decrypt, nextToken) {
      const input = {
        Path: path,
        WithDecryption: decrypt,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      };
      return (await call('GetParametersByPath', input)) as ParameterPage;
    },
  };
};

/**
 * The calls as signed requests when the environment gives credentials, a region and a plain endpoint (as Lambda's
 * does), and through `sdk` otherwise; the environment is read on the first call.
 */
const environmentParameterStore = (
  timeoutMs: number,
  sdk: () => ParameterStoreCalls,
  env: NodeJS.ProcessEnv = process.env,
): ParameterStoreCalls => {
  let chosen: ParameterStoreCalls | undefined;
  const calls = () => {
    if (!chosen) {
      const settings = settingsFromEnvironment(SSM, env);
      chosen = settings ? signedParameterStore(settings, timeoutMs) : sdk();
    }
    return chosen;
  };
  return {
    getParameter: (name, decrypt) => calls().getParameter(name, decrypt),
    getParametersByPath: (path, decrypt, nextToken) => calls().getParametersByPath(path, decrypt, nextToken),
  };
};

export { environmentParameterStore, signedParameterStore };
