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
    ['a bare --generate-cli-skeleton, which means input', ['admin-get-user', '--generate-cli-skeleton']],
    [
      '--generate-cli-skeleton alone before another option',
      ['admin-initiate-auth', '--generate-cli-skeleton', '--user-pool-id', 'x'],
    ],
    ['an invalid --generate-cli-skeleton choice', ['admin-get-user', '--generate-cli-skeleton', 'foo']],
    [
      'an invalid --output choice',
      ['admin-get-user', '--user-pool-id', 'x', '--username', 'y', '--output', 'foo'],
    ],
  ])('prints what aws prints for %s, with its exit status', async (_, argv) => {
    const [expected, actual] = await Promise.all([aws(argv), runCli(argv, { cwd: process.cwd() })]);
    expect({ stderr: actual.stderr, exitCode: actual.exitCode, stdout: actual.stdout }).toEqual({
      stderr: expected.stderr,
      exitCode: expected.exitCode,
      stdout: expected.stdout,
    });
  });

  it("lists the commands for an unknown one in aws's layout: its header, two columns, help last, its ending", async () => {
    // Prepare
    const [expected, actual] = await Promise.all([
      aws(['no-such-command']),
      runCli(['no-such-command'], { cwd: process.cwd() }),
    ]);
    const header = 'valid choices are:\n\n';
    const [awsHead = '', awsList = ''] = expected.stderr.split(header);
    const [ownHead = '', ownList = ''] = actual.stderr.split(header);
    const rows = (list: string) => list.split('\n').filter((line) => line !== '');
    const names = (list: string) =>
      rows(list).flatMap((line) => line.split(' | ').map((cell) => cell.trim()));
    // aws's own layout: the width of a cell, read from its first row.
    const width = rows(awsList)[0]?.indexOf(' | ') ?? 0;
    const layout = (choices: readonly string[]) => {
      const lines: string[] = [];
      for (let i = 0; i < choices.length; i += 2)
        lines.push(
          [choices[i], choices[i + 1]]
            .filter((c) => c !== undefined)
            .map((c) => (c as string).padEnd(width))
            .join(' | '),
        );
      return `${lines.join('\n')}\n\n`;
    };

    // Assess
    expect({ exitCode: actual.exitCode, stdout: actual.stdout, head: ownHead }).toEqual({
      exitCode: expected.exitCode,
      stdout: expected.stdout,
      head: awsHead,
    });
    expect(awsList).toBe(layout(names(awsList)));
    expect(ownList).toBe(layout(names(ownList)));
    expect(names(ownList)).toEqual([...names(ownList).slice(0, -1).sort(), 'help']);
    expect(names(ownList)).toEqual(expect.arrayContaining(['invoke', 'events', 'reset', 'brands', 'build']));
  });
});
