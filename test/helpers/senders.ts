/**
 * @module test/helpers/senders — what the Custom SMS and email sender tests share: the local endpoints' credentials
 * and client settings, a local endpoint started for a file's tests, the log as text, and `customMessage` built beside a
 * sender over the same brands and templates.
 */
import { afterAll, beforeAll } from 'vitest';
import { customMessage } from '../../src/handler/custom-message.js';
import type { LogLine } from './logs.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
/** A real AWS SDK client's settings for a local endpoint. */
const localClientConfig = (endpoint: string) => ({ endpoint, region: 'us-west-2', credentials });

/** Every log line as JSON text, to search for what must never be there. */
const logText = (logs: readonly LogLine[]) => logs.map((line) => JSON.stringify(line)).join('\n');

/**
 * A local endpoint for the file's tests: started before them, closed after. What it returns reads the endpoint's
 * properties and calls its methods; only inside the tests, once it has started.
 */
const useLocalEndpoint = <T extends { close(): Promise<void> }>(name: string, start: () => Promise<T>): T => {
  let endpoint: T | undefined;
  beforeAll(async () => {
    endpoint = await start();
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  return new Proxy({} as T, {
    get: (_, key) => {
      if (!endpoint) throw new Error(`the ${name} endpoint starts before the tests`);
      const value: unknown = Reflect.get(endpoint, key);
      return typeof value === 'function' ? value.bind(endpoint) : value;
    },
  });
};

/** What `customMessage` and a custom sender both take, for the builders to be compared. */
interface SharedDefinition {
  readonly brands: Record<string, object>;
  readonly templates: object;
  readonly clientIds?: Record<string, string>;
}

/**
 * `customMessage` and the senders `build` makes from the same definition: the brands (the first the default), their
 * app clients and the templates.
 */
const besideCustomMessage = <H extends object>(
  definition: SharedDefinition,
  build: (shared: object) => H,
) => {
  const shared = {
    brands: definition.brands,
    defaultBrand: Object.keys(definition.brands)[0] as string,
    resolution: { clientIds: definition.clientIds ?? {} },
    templates: definition.templates,
  };
  return { customMessage: customMessage(shared as never), ...build(shared) };
};

export type { SharedDefinition };
export { besideCustomMessage, credentials, localClientConfig, logText, useLocalEndpoint };
