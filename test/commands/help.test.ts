import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/aws/args.js';
import { BUILD_OPTIONS } from '../../src/cli/build.js';
import { SERVICE_COMMANDS as SERVED } from '../../src/cli/commands/operations.js';
import { HELP, runCli } from '../../src/cli/main.js';

const cwd = process.cwd();
const cli = (...argv: string[]) => runCli(argv, { cwd });

const SERVICE_COMMANDS = [
  'admin-get-user',
  'admin-initiate-auth',
  'admin-update-user-attributes',
  'update-user-attributes',
];
const KIT_COMMANDS = ['brands', 'build', 'events', 'help', 'invoke', 'preview', 'reset', 'version'];

/** A row of the aws CLI's two-column list of choices. */
const row = (left: string, right?: string) =>
  right === undefined ? left.padEnd(40) : `${left.padEnd(40)} | ${right.padEnd(40)}`;
const rows = (names: readonly string[]) =>
  names.flatMap((name, index) => (index % 2 === 0 ? [row(name, names[index + 1])] : []));

describe('Option: --help', () => {
  it.each([...SERVICE_COMMANDS, ...KIT_COMMANDS])(
    'prints the usage of %s on stdout and exits 0',
    async (command) => {
      // Act
      const result = await cli(command, '--help');

      // Assess
      expect(result).toMatchObject({ stderr: '', exitCode: 0 });
      expect(result.stdout).toMatch(new RegExp(`^usage: cognito-trigger ${command}\\b`));
    },
  );

  it('lists every option build takes, where it used to answer "Unknown options: --help"', async () => {
    // Act
    const { stdout, exitCode } = await cli('build', '--help');

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toContain('usage: cognito-trigger build [NAME ...] [--budget SIZE]');
    for (const { flag } of BUILD_OPTIONS) expect(stdout).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
  });

  it("lists a service command's parameters as required or not, then the aws CLI's options and the kit's", async () => {
    // Act
    const { stdout } = await cli('admin-update-user-attributes', '--help');

    // Assess
    expect(stdout).toMatch(
      /^usage: cognito-trigger admin-update-user-attributes --user-pool-id <value> --username <value>\s+--user-attributes <value> \[--client-metadata <value>\] \[options\]$/m,
    );
    expect(stdout).toMatch(/^ {2}--username <value> .* \(required\)$/m);
    expect(stdout).not.toMatch(/^ {2}--client-metadata .*\(required\)$/m);
    for (const heading of ['Parameters:', 'aws CLI options:', 'Kit options:'])
      expect(stdout).toContain(heading);
    expect(stdout).toMatch(/^ {2}--generate-cli-skeleton \[input\|output\]/m);
    expect(stdout).toMatch(/^ {2}--state-dir DIR /m);
    expect(stdout).toContain('accepted and ignored: --region, --profile');
  });

  it("lists the kit commands' own options: invoke's --event, events' --attribute, brands' --handler", async () => {
    // Act
    const [invoke, events, brands] = await Promise.all([
      cli('invoke', '--help'),
      cli('events', '-h'),
      cli('brands', 'check', '--help'),
    ]);

    // Assess
    expect(invoke.stdout).toMatch(
      /^usage: cognito-trigger invoke --event FILE\|- \[--handler FILE\[:export\]\]/,
    );
    expect(invoke.stdout).toMatch(/^ {2}--code CODE .*\(default: 123456\)$/m);
    expect(events.stdout).toMatch(
      /^usage: cognito-trigger events new TRIGGER_SOURCE \[--attribute k=v \.\.\.\]/,
    );
    expect(brands.stdout).toMatch(
      /^usage: cognito-trigger brands check FILE \[--handler FILE\[:export\]\] \[--env-vars FILE\]$/m,
    );
  });

  it("prints the same usage for `help COMMAND` and, for a service command, the aws CLI's `COMMAND help`", async () => {
    // Act
    const [flag, word, awsWord] = await Promise.all([
      cli('admin-get-user', '--help'),
      cli('help', 'admin-get-user'),
      cli('admin-get-user', 'help'),
    ]);

    // Assess
    expect(word).toEqual(flag);
    expect(awsWord).toEqual(flag);
  });

  it('names every command in the overview, and brands check with its --handler', async () => {
    // Act
    const { stdout, exitCode } = await cli('--help');

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toBe(HELP);
    for (const command of [...SERVICE_COMMANDS, ...KIT_COMMANDS])
      expect(stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    expect(stdout).toContain('brands check FILE [--handler FILE]');
    expect(stdout).toMatch(/^ {2}--sms-sender FILE\[:export\] /m);
  });
});

describe('Option: --version', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

  it.each([['--version'], ['version']])(
    '%s prints cognito-trigger and the version in package.json',
    async (word) => {
      expect(await cli(word)).toEqual({ stdout: `cognito-trigger ${version}\n`, stderr: '', exitCode: 0 });
    },
  );
});

describe('Invalid choice', () => {
  it('lists every command, service and kit, in two columns as the aws CLI does, help last', async () => {
    // Act
    const result = await cli('no-such-command');

    // Assess
    expect(result).toEqual({
      stdout: '',
      exitCode: 252,
      stderr: [
        '',
        USAGE,
        'aws: error: argument operation: Invalid choice, valid choices are:',
        '',
        ...rows([
          ...[...SERVED.keys(), ...KIT_COMMANDS, 'serve'].filter((name) => name !== 'help').sort(),
          'help',
        ]),
        '',
        '',
      ].join('\n'),
    });
  });

  it('lists a command for every operation the engine serves, and suggests the ones near a mistyped name', async () => {
    // Act
    const result = await cli('admin-get-usr');

    // Assess
    expect([...SERVED.keys()]).toEqual(
      expect.arrayContaining([...SERVICE_COMMANDS, 'get-user', 'verify-user-attribute']),
    );
    expect(result.stderr).toMatch(
      /\n\n\nInvalid choice: 'admin-get-usr', maybe you meant:\n\n {2}\* admin-get-user\n/,
    );
  });

  it('takes no property of a plain object for a command', async () => {
    expect((await cli('constructor')).stderr).toContain('Invalid choice, valid choices are:');
  });
});

describe('Option: --generate-cli-skeleton', () => {
  const input = '{\n    "UserPoolId": "",\n    "Username": ""\n}\n';

  it('means input when given alone, as in the aws CLI, even before another option', async () => {
    // Act
    const [alone, beforeAnother] = await Promise.all([
      cli('admin-get-user', '--generate-cli-skeleton'),
      cli('admin-get-user', '--generate-cli-skeleton', '--user-pool-id', 'us-west-2_aaaaaaaaa'),
    ]);

    // Assess
    expect(alone).toEqual({ stdout: input, stderr: '', exitCode: 0 });
    expect(beforeAnother).toEqual(alone);
  });

  it('prints the output skeleton for output, which checks the request first, and refuses another value as aws does, exit 252', async () => {
    // Act
    const [output, unchecked, other] = await Promise.all([
      cli('admin-get-user', '--user-pool-id', 'x', '--username', 'y', '--generate-cli-skeleton', 'output'),
      cli('admin-get-user', '--generate-cli-skeleton', 'output'),
      cli('admin-get-user', '--generate-cli-skeleton', 'foo'),
    ]);

    // Assess
    expect(JSON.parse(output.stdout)).toMatchObject({ UserStatus: 'UserStatus' });
    expect(unchecked.stderr).toContain(
      'aws: error: the following arguments are required: --user-pool-id, --username',
    );
    expect(other.exitCode).toBe(252);
    expect(other.stderr).toContain(
      `aws: error: argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\n${row('input', 'output')}\n${row('yaml-input')}\n\n`,
    );
  });

  it('says that yaml-input is not supported, exit 252', async () => {
    expect(await cli('admin-get-user', '--generate-cli-skeleton', 'yaml-input')).toEqual({
      stdout: '',
      stderr: '\ncognito-trigger: --generate-cli-skeleton yaml-input is not supported; use input or output\n',
      exitCode: 252,
    });
  });
});

describe('Unknown options', () => {
  it.each([
    [['invoke', '--evnt', 'event.json'], 'Unknown options: --evnt, event.json\ndid you mean --event?'],
    [['build', '--budgt', '1KB'], 'Unknown options: --budgt, 1KB\ndid you mean --budget?'],
    [
      ['events', 'new', 'sign-up', '--atribute', 'a=b'],
      'Unknown options: --atribute, a=b\ndid you mean --attribute?',
    ],
    [
      ['brands', 'check', 'brands.json', '--handlr', 'h.ts'],
      'Unknown options: --handlr, h.ts\ndid you mean --handler?',
    ],
    [['reset', '--state-dri', 'x'], 'Unknown options: --state-dri, x\ndid you mean --state-dir?'],
  ])('suggests the nearest option of a kit command: %j', async (argv, lines) => {
    // Act
    const result = await cli(...argv);

    // Assess
    expect(result).toEqual({ stdout: '', stderr: `\n${USAGE}\n${lines}\n\n`, exitCode: 252 });
  });

  it('suggests one option for each slip when there are several', async () => {
    const { stderr } = await cli('build', '--budgt', '1KB', '--no-zpi');
    expect(stderr).toContain(
      'Unknown options: --budgt, 1KB, --no-zpi\n--budgt: did you mean --budget?\n--no-zpi: did you mean --no-zip?\n',
    );
  });

  it('suggests nothing for an option near none', async () => {
    const { stderr } = await cli('build', '--frobnicate');
    expect(stderr).toBe(`\n${USAGE}\nUnknown options: --frobnicate\n\n`);
  });

  it("keeps a service command's report to the aws CLI's words, with no suggestion", async () => {
    // Act
    const result = await cli(
      'admin-get-user',
      '--user-pool-id',
      'us-west-2_aaaaaaaaa',
      '--username',
      'diego',
      '--usernme',
      'diego',
    );

    // Assess
    expect(result).toEqual({
      stdout: '',
      stderr: `\n${USAGE}\nUnknown options: --usernme, diego\n\n`,
      exitCode: 252,
    });
  });
});

describe('Command: brands', () => {
  it('answers a usage mistake of brands check with exit 252, as the awaited command throws it', async () => {
    const result = await cli('brands', 'check');
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain('usage: cognito-trigger brands check FILE [--handler FILE]');
  });
});
