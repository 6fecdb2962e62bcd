import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { changeDiegosEmail } from '../helpers/cli.js';

const root = new URL('../../', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctk-functions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let run = 0;
const changeEmail = (...extra: string[]) => changeDiegosEmail(join(dir, `state-${run++}`), ...extra);

describe('Options: --function, --template', () => {
  it('calls the function the pool names in LambdaConfig.CustomMessage', { timeout: 60_000 }, async () => {
    // Act: the demo pool names arn:aws:lambda:us-west-2:123456789012:function:custom-message.
    const { stderr, exitCode } = await changeEmail('--function', 'custom-message=handlers/custom-message.ts');

    // Assess
    expect(exitCode).toBe(0);
    expect(stderr).toContain(
      'CustomMessage_UpdateUserAttribute (EMAIL to diego.new@example.com) → custom-message',
    );
    expect(stderr).toContain('accepted by Cognito');
  });

  it('fails the call as Cognito fails a missing function when the pool names one it was not given', {
    timeout: 60_000,
  }, async () => {
    // Act
    const { stderr, exitCode } = await changeEmail('--function', 'another=handlers/custom-message.ts');

    // Assess
    expect(exitCode).toBe(254);
    expect(stderr).toContain(
      'An error occurred (UnexpectedLambdaException) when calling the AdminUpdateUserAttributes operation: CustomMessage invocation failed due to error ResourceNotFoundException.',
    );
  });

  it('takes the pools and functions of a SAM template', { timeout: 60_000 }, async () => {
    // Act
    const { stdout, exitCode } = await runCli(
      [
        'describe-user-pool',
        '--user-pool-id',
        'us-west-2_UserPool',
        '--template',
        'template.yaml',
        '--state-dir',
        join(dir, 'template'),
        '--quiet',
      ],
      { cwd: root },
    );

    // Assess
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout).UserPool.LambdaConfig.CustomMessage).toBe(
      'arn:aws:lambda:us-west-2:123456789012:function:local-custom-message',
    );
  });
});
