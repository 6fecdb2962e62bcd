import { afterEach, describe, expect, it, vi } from 'vitest';
import { customSmsSenderEvent } from '../../src/sms/events.js';
import { CUSTOM_SMS_SENDER_TRIGGER_SOURCES } from '../../src/sms/trigger-sources.js';
import { useCapturedLogs } from '../helpers/logs.js';

const logs = useCapturedLogs();
afterEach(() => {
  vi.resetModules();
});

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const load = () => import('../../handlers/custom-sms-sender.js');

describe('Example handler: handlers/custom-sms-sender.ts', () => {
  it('refuses to start without KEY_ARN, and says what to set', async () => {
    vi.stubEnv('KEY_ARN', '');
    await expect(load()).rejects.toThrow(
      "kmsDecrypter: keyArn must be the ARN of the user pool's KMS key (arn:aws:kms:<region>:<account>:key/<id>), got nothing; set KEY_ARN to the key in the user pool LambdaConfig.KMSKeyID",
    );
  });

  it.each(CUSTOM_SMS_SENDER_TRIGGER_SOURCES.map((source) => [source]))(
    'sends nothing, and calls neither KMS nor SNS, for %s without a code',
    async (source) => {
      vi.stubEnv('KEY_ARN', KEY_ARN);
      const { handler } = await load();
      expect(await handler(customSmsSenderEvent(source, { code: null }))).toEqual({
        outcome: 'skipped',
        reason: 'no code to send: request.code is null',
      });
      expect(logs).toMatchObject([
        { service: 'custom-sms-sender', outcome: 'skipped', triggerSource: source },
      ]);
    },
  );
});
