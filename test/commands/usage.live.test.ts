import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { AWS_CLI as AWS, AWS_CLI_TOOL, AWS_ENV as ENV } from '../helpers/aws-cli.js';
import { describeWithTool } from '../helpers/tools.js';

const run = promisify(execFile);

/** What the real aws CLI prints and returns for the same words; it fails before sending anything. */
const aws = async (argv: string[]) => {
  try {
    const { stdout, stderr } = await run(
      AWS,
      ['cognito-idp', ...argv, '--endpoint-url', 'http://127.0.0.1:9'],
      { env: ENV },
    );
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, exitCode: failed.code };
  }
};

describeWithTool(AWS_CLI_TOOL, 'Usage errors, compared with aws-cli 2.9.19 itself', () => {
  it.each([
    ['missing required options', ['admin-update-user-attributes', '--user-pool-id', 'us-west-2_aaaaaaaaa']],
    [
      'unknown options',
      [
        'admin-update-user-attributes',
        '--user-pool-id',
        'x',
        '--username',
        'y',
        '--user-attributes',
        'Name=a,Value=b',
        '--foo',
        'bar',
      ],
    ],
    [
      'botocore minimum lengths',
      [
        'admin-update-user-attributes',
        '--user-pool-id',
        '',
        '--username',
        '',
        '--user-attributes',
        'Name=,Value=b',
      ],
    ],
    [
      'a shorthand parse error',
      ['admin-update-user-attributes', '--user-pool-id', 'x', '--username', 'y', '--user-attributes', 'Name'],
    ],
    ['invalid --cli-input-json', ['admin-update-user-attributes', '--cli-input-json', '{bad']],
    [
      'a missing paramfile',
      [
        'update-user-attributes',
        '--access-token',
        'abc',
        '--user-attributes',
        'file:///nonexistent/attributes.json',
      ],
    ],
  ])('prints what aws prints for %s, with its exit status', async (_, argv) => {
    const [expected, actual] = await Promise.all([aws(argv), runCli(argv, { cwd: process.cwd() })]);
    expect({ stderr: actual.stderr, exitCode: actual.exitCode, stdout: actual.stdout }).toEqual({
      stderr: expected.stderr,
      exitCode: expected.exitCode,
      stdout: expected.stdout,
    });
  });
});
