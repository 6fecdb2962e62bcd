/** @module test/helpers/aws-cli — how the tests and capture scripts run the real aws-cli 2.9.19. */

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

export { AWS_CLI, AWS_ENV };
