/**
 * @module test/local/sender-environment — the local KMS, SNS and SES endpoints for a test file's senders, and the
 * variables the example senders read when they are loaded (the pool's key, the endpoints), restored afterwards.
 */
import { afterAll, beforeAll } from 'vitest';
import { type SenderEnvironment, startSenderEnvironment } from '../../src/local/sender-environment.js';

/**
 * Starts the sender environment before the file's tests (register it before any hook that imports a sender) and
 * returns a getter for it.
 */
const useSenderEnvironment = (keyArn: string): (() => SenderEnvironment) => {
  let environment: SenderEnvironment | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    environment = await startSenderEnvironment();
    for (const [name, value] of Object.entries({
      ...environment.variables,
      KEY_ARN: keyArn,
      AWS_REGION: 'us-west-2',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    await environment?.close();
  });
  return () => {
    if (!environment) throw new Error('the sender environment starts in beforeAll');
    return environment;
  };
};

export { useSenderEnvironment };
