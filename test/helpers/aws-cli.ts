/** @module test/helpers/aws-cli — how the tests and capture scripts run the real aws-cli 2.9.19. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Tool } from './tools.js';

/** Debian's aws-cli v2: the reference. An older Python aws may come first on PATH, so it is named in full. */
const AWS_CLI = '/usr/bin/aws';

/** A clean environment: nothing from the machine's own profile, credentials, region file or pager reaches the CLI. */
const AWS_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  LANG: 'C.UTF-8',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_DEFAULT_REGION: 'us-west-2',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
} as const;

/** The aws-cli v2 the golden files come from: the only version the live tests compare with. */
const AWS_CLI_VERSION = '2.9.19';

/**
 * The version of the aws CLI at AWS_CLI (`2.9.19` from `aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 …`), or undefined.
 * Only this part of `aws --version` is compared: the rest names the machine's Python and kernel.
 */
const installedAwsCliVersion = (): string | undefined => {
  if (!existsSync(AWS_CLI)) return undefined;
  try {
    return /^aws-cli\/(\S+)/.exec(
      execFileSync(AWS_CLI, ['--version'], { encoding: 'utf8', env: AWS_ENV }),
    )?.[1];
  } catch {
    return undefined;
  }
};

const installed = installedAwsCliVersion();

/** Debian's aws-cli 2.9.19, as the live tests need it. */
const AWS_CLI_TOOL: Tool = {
  name: `aws-cli ${AWS_CLI_VERSION} at ${AWS_CLI}${installed && installed !== AWS_CLI_VERSION ? ` (found ${installed})` : ''}`,
  available: installed === AWS_CLI_VERSION,
  install: 'apt-get install awscli, on Debian 12',
};

export { AWS_CLI, AWS_CLI_TOOL, AWS_CLI_VERSION, AWS_ENV, installedAwsCliVersion };
