// Runs the real aws-cli 2.9.19 (/usr/bin/aws) against canned cognito-idp answers from a local HTTP server and
// writes what it prints to test/cli/golden/output.json, the truth test/cli/output.test.ts and skeleton.test.ts
// check src/cli against. Run: `node --import ./bin/register-ts.mjs scripts/capture-output-golden.ts`.

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { AWS_CLI, AWS_ENV } from '../test/helpers/aws-cli.js';

/** An operation by its API name, such as `AdminGetUser`. */
type ModeledOperation =
  | 'AdminUpdateUserAttributes'
  | 'UpdateUserAttributes'
  | 'AdminGetUser'
  | 'AdminInitiateAuth';

// Not `aws` from PATH: that may be a different, older CLI.
const GOLDEN_FILE = new URL('../test/cli/golden/output.json', import.meta.url);

interface ResponseCase {
  readonly name: string;
  readonly operation: ModeledOperation;
  readonly format: 'json' | 'text' | 'table';
  /** The JSON body exactly as the service sends it. */
  readonly body: string;
  readonly tz: string;
  /** Runs the CLI in a terminal this many columns wide; otherwise stdout is a pipe and the CLI assumes 80. */
  readonly columns?: number;
}

interface ErrorCase {
  readonly name: string;
  readonly operation: ModeledOperation;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** `AWS_MAX_ATTEMPTS`, when not the default 3. */
  readonly maxAttempts?: number;
}

interface SkeletonCase {
  readonly name: string;
  readonly operation: ModeledOperation;
  readonly kind: 'input' | 'output';
}

interface Printed {
  /** The command line, for people reading the golden file. */
  readonly command: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

interface Golden {
  readonly cli: string;
  readonly responses: readonly (ResponseCase & Printed)[];
  readonly errors: readonly (ErrorCase & Printed & { readonly code: string; readonly message: string })[];
  readonly skeletons: readonly (SkeletonCase & Printed)[];
}

// Each command with the arguments it requires; the values do not matter to the canned answers.
const COMMANDS: Record<ModeledOperation, readonly string[]> = {
  AdminUpdateUserAttributes: [
    'admin-update-user-attributes',
    '--user-pool-id',
    'us-west-2_aaaaaaaaa',
    '--username',
    'zoe',
    '--user-attributes',
    'Name=email,Value=zoe@example.com',
  ],
  UpdateUserAttributes: [
    'update-user-attributes',
    '--access-token',
    'abc',
    '--user-attributes',
    'Name=email,Value=zoe@example.com',
  ],
  AdminGetUser: ['admin-get-user', '--user-pool-id', 'us-west-2_aaaaaaaaa', '--username', 'zoe'],
  AdminInitiateAuth: [
    'admin-initiate-auth',
    '--user-pool-id',
    'us-west-2_aaaaaaaaa',
    '--client-id',
    'client1',
    '--auth-flow',
    'ADMIN_USER_PASSWORD_AUTH',
    '--auth-parameters',
    'USERNAME=zoe,PASSWORD=pw',
  ],
};

const EMAIL_DELIVERY = { Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };
const SMS_DELIVERY = { Destination: '+*******1234', DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
const token = (kind: string, length: number) =>
  `eyJraWQiOiJ${kind}`.padEnd(length, 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_');

const BODIES: readonly (readonly [name: string, operation: ModeledOperation, body: string])[] = [
  ['admin-update-user-attributes', 'AdminUpdateUserAttributes', '{}'],
  [
    'update-user-attributes-one',
    'UpdateUserAttributes',
    JSON.stringify({ CodeDeliveryDetailsList: [EMAIL_DELIVERY] }),
  ],
  [
    'update-user-attributes-two',
    'UpdateUserAttributes',
    JSON.stringify({ CodeDeliveryDetailsList: [EMAIL_DELIVERY, SMS_DELIVERY] }),
  ],
  ['update-user-attributes-none', 'UpdateUserAttributes', '{"CodeDeliveryDetailsList":[]}'],
  // In the model's member order, with a fractional timestamp.
  [
    'admin-get-user',
    'AdminGetUser',
    '{"Username":"zoe","UserAttributes":[{"Name":"sub","Value":"4f1c2a7e-3b9d-4c1e-9a55-0f2d6b8e1c3a"},{"Name":"email_verified","Value":"true"},{"Name":"name","Value":"Zoë 李"},{"Name":"email","Value":"zoe@example.com"}],"UserCreateDate":1795320000.123,"UserLastModifiedDate":1795320000,"Enabled":true,"UserStatus":"CONFIRMED"}',
  ],
  // Out of the model's order, with a null member, a member the model lacks, MFA lists and a timestamp whose
  // microseconds round up into the next second.
  [
    'admin-get-user-mfa',
    'AdminGetUser',
    '{"UserStatus":"FORCE_CHANGE_PASSWORD","Enabled":false,"UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","MFAOptions":[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}],"UserLastModifiedDate":1795320000.9999996,"UserCreateDate":1700000000.5,"UserAttributes":[{"Name":"phone_number","Value":"+15555551234"},{"Name":"nickname"}],"Username":"ana","Unmodeled":"x","ResponseMetadata":null}',
  ],
  // Characters the table format counts two columns wide (李, é, ü, —, a combining accent) or one (ë), an emoji, and
  // a value with a newline and a tab.
  [
    'admin-get-user-unicode',
    'AdminGetUser',
    JSON.stringify({
      Username: '李小龙',
      UserAttributes: [
        { Name: 'name', Value: 'José Müller — café' },
        { Name: 'nickname', Value: 'Zoë 🙂' },
        { Name: 'given_name', Value: 'Zoe\u0301' },
        { Name: 'address', Value: 'Rue 1\nParis\t75001' },
        { Name: 'custom:quote', Value: 'say "hi" \\ bye' },
      ],
      Enabled: true,
      UserStatus: 'CONFIRMED',
    }),
  ],
  [
    'admin-initiate-auth',
    'AdminInitiateAuth',
    JSON.stringify({
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: token('access', 180),
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        RefreshToken: token('refresh', 120),
        IdToken: token('id', 160),
      },
    }),
  ],
  [
    'admin-initiate-auth-challenge',
    'AdminInitiateAuth',
    JSON.stringify({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'AYABeC8nP2x0Q1VhY2xvdWQtc2Vzc2lvbg',
      ChallengeParameters: {
        USER_ID_FOR_SRP: 'zoe',
        requiredAttributes: '[]',
        userAttributes: '{"email":"zoe@example.com"}',
      },
    }),
  ],
];

const bodyNamed = (wanted: string) => BODIES.find(([name]) => name === wanted)!;

const RESPONSES: readonly ResponseCase[] = [
  ...BODIES.flatMap(([name, operation, body]) =>
    (['json', 'text', 'table'] as const).map((format) => ({
      name: `${name}-${format}`,
      operation,
      format,
      body,
      tz: 'UTC',
    })),
  ),
  ...(['Asia/Kolkata', 'America/New_York'] as const).map((tz) => ({
    name: `admin-get-user-${tz.replace('/', '-').toLowerCase()}-text`,
    operation: 'AdminGetUser' as const,
    format: 'text' as const,
    body: bodyNamed('admin-get-user')[2],
    tz,
  })),
  // Narrower terminals, where the CLI turns one-row sections into key/value rows.
  ...(
    [
      ['update-user-attributes-one', 40],
      ['admin-initiate-auth-challenge', 40],
    ] as const
  ).map(([name, columns]) => ({
    name: `${name}-table-${columns}-columns`,
    operation: bodyNamed(name)[1],
    format: 'table' as const,
    body: bodyNamed(name)[2],
    tz: 'UTC',
    columns,
  })),
];

const jsonError = (type: string | undefined, message: string, key = 'message') =>
  JSON.stringify(type === undefined ? { [key]: message } : { __type: type, [key]: message });

const ERRORS: readonly ErrorCase[] = [
  {
    name: 'not-authorized',
    operation: 'UpdateUserAttributes',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'NotAuthorizedException' },
    body: jsonError('NotAuthorizedException', 'Invalid Access Token'),
  },
  {
    name: 'attribute-not-in-schema',
    operation: 'AdminUpdateUserAttributes',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'InvalidParameterException' },
    body: jsonError('InvalidParameterException', 'user.foo: Attribute does not exist in the schema.\n'),
  },
  {
    name: 'user-not-found',
    operation: 'AdminGetUser',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'UserNotFoundException' },
    body: jsonError('UserNotFoundException', 'User does not exist.'),
  },
  {
    name: 'code-only-in-header',
    operation: 'AdminGetUser',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'NotAuthorizedException' },
    body: jsonError(undefined, 'Invalid Access Token'),
  },
  {
    name: 'qualified-type',
    operation: 'AdminInitiateAuth',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'NotAuthorizedException' },
    body: jsonError(
      'com.amazonaws.cognito#NotAuthorizedException',
      'Incorrect username or password.',
      'Message',
    ),
  },
  {
    name: 'throttled',
    operation: 'AdminGetUser',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
    body: jsonError('TooManyRequestsException', 'Rate exceeded'),
  },
  {
    name: 'internal-error',
    operation: 'AdminInitiateAuth',
    status: 500,
    headers: { 'x-amzn-ErrorType': 'InternalErrorException' },
    body: jsonError('InternalErrorException', 'Internal server error.'),
  },
  {
    name: 'single-attempt',
    operation: 'UpdateUserAttributes',
    status: 400,
    headers: { 'x-amzn-ErrorType': 'NotAuthorizedException' },
    body: jsonError('NotAuthorizedException', 'Access Token has expired'),
    maxAttempts: 1,
  },
];

const SKELETONS: readonly SkeletonCase[] = (Object.keys(COMMANDS) as ModeledOperation[]).flatMap(
  (operation) =>
    (['input', 'output'] as const).map((kind) => ({ name: `${operation}-${kind}`, operation, kind })),
);

// What botocore makes of a JSON error body: the code from `__type` (else the HTTP status), the message from
// `message` or `Message`.
const errorOf = (status: number, body: string) => {
  const parsed = JSON.parse(body) as { __type?: string; message?: string; Message?: string };
  return { code: parsed.__type ?? String(status), message: parsed.message ?? parsed.Message ?? '' };
};

interface Canned {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Serves each canned answer under `/<name>`, so that parallel runs share one server. */
const startServer = async (
  answers: ReadonlyMap<string, Canned>,
): Promise<{ server: Server; url: string }> => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = answers.get((request.url ?? '').split('/')[1] ?? '');
      response.writeHead(answer?.status ?? 404, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-RequestId': '8c3b2a1f-0e5d-4c6b-9a87-6f5e4d3c2b1a',
        ...answer?.headers,
      });
      response.end(answer?.body ?? '{"__type":"UnknownCase","message":"no canned answer"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

const shellQuote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

const runAws = (
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  columns?: number,
): Promise<Omit<Printed, 'command'>> =>
  new Promise((resolve) => {
    // In a terminal the table format would be coloured, hence --color off; the terminal turns \n into \r\n.
    const [file, fileArgs] =
      columns === undefined
        ? [AWS_CLI, args]
        : [
            'script',
            [
              '-qec',
              `stty cols ${columns}; exec ${[AWS_CLI, ...args, '--color', 'off'].map(shellQuote).join(' ')}`,
              '/dev/null',
            ],
          ];
    execFile(
      file,
      fileArgs,
      {
        encoding: 'utf8',
        env: { ...AWS_ENV, TZ: 'UTC', ...env },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const fromTerminal = (text: string) => (columns === undefined ? text : text.replaceAll('\r\n', '\n'));
        resolve({ stdout: fromTerminal(stdout), stderr: fromTerminal(stderr), exitCode: code });
      },
    );
  });

// The server's port changes from run to run, so the golden file shows a placeholder.
const commandLine = (args: readonly string[], env: Readonly<Record<string, string>>) =>
  [...Object.entries(env).map(([key, value]) => `${key}=${value}`), 'aws', ...args]
    .join(' ')
    .replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT');

// Runs at most `limit` tasks at a time, keeping the order of the results.
const inParallel = async <T>(tasks: readonly (() => Promise<T>)[], limit = 8): Promise<T[]> => {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
};

/**
 * Runs the given cases against the real CLI and returns them with what it printed.
 *
 * @example
 * ```ts
 * const golden = await capture({ responses: RESPONSES, errors: ERRORS, skeletons: SKELETONS });
 * ```
 */
const capture = async (cases: {
  readonly responses: readonly ResponseCase[];
  readonly errors: readonly ErrorCase[];
  readonly skeletons: readonly SkeletonCase[];
}): Promise<Golden> => {
  const answers = new Map<string, Canned>([
    ...cases.responses.map((c): [string, Canned] => [c.name, { status: 200, headers: {}, body: c.body }]),
    ...cases.errors.map((c): [string, Canned] => [c.name, c]),
  ]);
  const { server, url } = await startServer(answers);
  try {
    const run = async (args: readonly string[], env: Readonly<Record<string, string>>, columns?: number) => ({
      command:
        columns === undefined
          ? commandLine(args, env)
          : `stty cols ${columns}; ${commandLine(args, env)} --color off`,
      ...(await runAws(args, env, columns)),
    });
    const endpoint = (name: string) => ['--endpoint-url', `${url}/${name}`];
    const [version, responses, errors, skeletons] = await Promise.all([
      runAws(['--version']),
      inParallel(
        cases.responses.map((c) => async () => ({
          ...c,
          ...(await run(
            ['cognito-idp', ...COMMANDS[c.operation], ...endpoint(c.name), '--output', c.format],
            c.tz === 'UTC' ? {} : { TZ: c.tz },
            c.columns,
          )),
        })),
      ),
      inParallel(
        cases.errors.map((c) => async () => ({
          ...c,
          ...errorOf(c.status, c.body),
          ...(await run(
            ['cognito-idp', ...COMMANDS[c.operation], ...endpoint(c.name)],
            c.maxAttempts === undefined ? {} : { AWS_MAX_ATTEMPTS: String(c.maxAttempts) },
          )),
        })),
      ),
      inParallel(
        cases.skeletons.map((c) => async () => ({
          ...c,
          // `output` runs the command, stubbed, so it needs the required arguments; `input` needs none.
          ...(await run(
            [
              'cognito-idp',
              ...(c.kind === 'input' ? COMMANDS[c.operation].slice(0, 1) : COMMANDS[c.operation]),
              '--generate-cli-skeleton',
              c.kind,
            ],
            {},
          )),
        })),
      ),
    ]);
    return { cli: version.stdout.trim(), responses, errors, skeletons };
  } finally {
    server.close();
  }
};

const main = async () => {
  const started = Date.now();
  const golden = await capture({ responses: RESPONSES, errors: ERRORS, skeletons: SKELETONS });
  await writeFile(GOLDEN_FILE, `${JSON.stringify(golden, null, 2)}\n`);
  const count = golden.responses.length + golden.errors.length + golden.skeletons.length;
  console.log(`${golden.cli}: ${count} cases in ${Date.now() - started} ms -> test/cli/golden/output.json`);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

export type { ErrorCase, Golden, Printed, ResponseCase, SkeletonCase };
export { AWS_CLI, capture, ERRORS, errorOf, RESPONSES, SKELETONS };
