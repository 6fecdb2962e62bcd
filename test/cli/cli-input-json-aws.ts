/**
 * @module test/cli/cli-input-json-aws — `--cli-input-json` documents, run through the real aws-cli 2.9.19 and through
 * cognito-trigger. Run as a script, it captures what aws prints for each case of {@link CASES} into
 * test/cli/golden/cli-input-json.json: `node --import ./bin/register-ts.mjs test/cli/cli-input-json-aws.ts`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { operationModel, shapeNamed } from '../../src/cli/aws/model.js';
import { runCli } from '../../src/cli/main.js';
import { AWS_CLI, AWS_CLI_VERSION, AWS_ENV, installedAwsCliVersion } from '../helpers/aws-cli.js';
import { type CaptureServer, startCaptureServer } from './shorthand-aws.js';

/** The commands cognito-trigger runs, with their operations. */
const COMMANDS = {
  'admin-update-user-attributes': 'AdminUpdateUserAttributes',
  'update-user-attributes': 'UpdateUserAttributes',
  'admin-get-user': 'AdminGetUser',
  'admin-initiate-auth': 'AdminInitiateAuth',
} as const satisfies Record<string, string>;
type Command = keyof typeof COMMANDS;

/** One command line: a `--cli-input-json` document and, maybe, options beside it. */
interface CliInputCase {
  readonly name: string;
  readonly command: Command;
  /** The JSON text, given inline, or as `file://` of a file holding it when `fromFile`. */
  readonly document: string;
  readonly fromFile?: boolean;
  /** Options given on the command line too, which win over the document's members. */
  readonly options?: readonly string[];
}

/** What a CLI wrote on stderr and its exit status. */
interface Printed {
  readonly stderr: string;
  readonly exitCode: number;
}

interface GoldenFile {
  readonly awsCliVersion: string;
  readonly cases: readonly (CliInputCase & { readonly printed: Printed })[];
}

const GOLDEN_FILE = fileURLToPath(new URL('./golden/cli-input-json.json', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

const json = (value: unknown) => JSON.stringify(value);
const nest = (open: string, close: string, depth: number, inner: string) =>
  open.repeat(depth) + inner + close.repeat(depth);
const POOL = 'us-west-2_aaaaaaaaa';
const USER = { UserPoolId: POOL, Username: 'diego@example.com' };
const ATTRIBUTES = [{ Name: 'name', Value: 'Diego' }];
const AUTH = {
  UserPoolId: POOL,
  ClientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
  AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
};
const CONTEXT = { IpAddress: '192.0.2.1', ServerName: 'example.com', ServerPath: '/', HttpHeaders: [] };

const update = (name: string, document: string, options?: readonly string[]): CliInputCase => ({
  name,
  command: 'admin-update-user-attributes',
  document,
  ...(options ? { options } : {}),
});
const getUser = (name: string, document: string): CliInputCase => ({
  name,
  command: 'admin-get-user',
  document,
});
const auth = (name: string, document: string): CliInputCase => ({
  name,
  command: 'admin-initiate-auth',
  document,
});
const selfUpdate = (name: string, document: string): CliInputCase => ({
  name,
  command: 'update-user-attributes',
  document,
});

/** The cases of the golden file: each rule botocore applies, on every command, and how aws reads the document. */
const CASES: readonly CliInputCase[] = [
  // The four documents.
  getUser('an unknown member', json({ ...USER, Foo: 'bar' })),
  getUser('a number where a string belongs', '{"UserPoolId": "us-west-2_aaaaaaaaa", "Username": 123}'),
  update('a null attribute', json({ ...USER, UserAttributes: [null] })),
  update('a string where a map belongs', json({ ...USER, UserAttributes: ATTRIBUTES, ClientMetadata: 's' })),
  // Missing and unknown members, on every command.
  getUser('an empty document', '{}'),
  update('an empty document for admin-update-user-attributes', '{}'),
  selfUpdate('an empty document for update-user-attributes', '{}'),
  auth('an empty document for admin-initiate-auth', '{}'),
  selfUpdate(
    'an unknown member of update-user-attributes',
    json({ AccessToken: 'a', UserAttributes: [], X: 1 }),
  ),
  auth('an unknown member of admin-initiate-auth', json({ ...AUTH, Session: 's' })),
  update('an unknown member of an attribute', json({ ...USER, UserAttributes: [{ Name: 'a', Valeu: 'b' }] })),
  update('an attribute without Name', json({ ...USER, UserAttributes: [{ Value: 'b' }] })),
  update(
    'unknown members named like JavaScript properties',
    '{"__proto__": 1, "constructor": 2, "toString": 3, "UserPoolId": "p", "Username": "u", "UserAttributes": []}',
  ),
  update('unknown members with integer-like names keep their order', '{"b": 1, "2": 2, "1": 3, "a": 4}'),
  // Each type where another belongs.
  update('a map where the attribute list belongs', json({ ...USER, UserAttributes: { Name: 'a' } })),
  update('a string where the attribute list belongs', json({ ...USER, UserAttributes: 'Name=a,Value=b' })),
  update('a list where an attribute belongs', json({ ...USER, UserAttributes: [['Name', 'a']] })),
  update('a list where client metadata belongs', json({ ...USER, UserAttributes: [], ClientMetadata: [] })),
  update(
    'client metadata values that are not strings',
    json({ ...USER, UserAttributes: [], ClientMetadata: { a: 1, b: true, c: null, d: [], e: {}, f: 'x' } }),
  ),
  selfUpdate('a boolean access token', json({ AccessToken: false, UserAttributes: [] })),
  auth('a number in auth parameters', json({ ...AUTH, AuthParameters: { USERNAME: 'x', PASSWORD: 1.5 } })),
  auth('a list where a structure belongs', json({ ...AUTH, AnalyticsMetadata: [] })),
  auth(
    'nested structures: required, unknown and wrong members inside ContextData',
    json({ ...AUTH, ContextData: { HttpHeaders: [{ headerName: 'a', x: 1 }, 'h'], Extra: 'e' } }),
  ),
  auth('a complete ContextData', json({ ...AUTH, ContextData: CONTEXT, AnalyticsMetadata: {} })),
  // Values printed in Python's notation.
  getUser('null values', '{"UserPoolId": null, "Username": null}'),
  getUser('floats and ints as Python prints them', '{"UserPoolId": 1.0, "Username": 1e5, "X": 0}'),
  getUser('NaN and the infinities', '{"UserPoolId": NaN, "Username": -Infinity}'),
  getUser(
    'an int beyond 64 bits, and a bool',
    '{"UserPoolId": 123456789012345678901234567890, "Username": true}',
  ),
  getUser('-0 and -0.0', '{"UserPoolId": -0, "Username": -0.0}'),
  getUser(
    'nested values with quotes, escapes and non-ASCII characters',
    '{"UserPoolId": [1, "a", null, true, 1.5, {"k": "v"}], "Username": {"a\\"b": "it\'s", "é": "\\u0001x\\u00a0😀"}}',
  ),
  getUser('lone surrogates', '{"UserPoolId": ["\\ud800"], "Username": {"k\\udc00": 1}, "\\ud83d": 2}'),
  update(
    'a lone surrogate printed as it is',
    json({ ...USER, UserAttributes: [] }).replace('}', ', "ClientMetadata": "\\ud800x"}'),
  ),
  // Minimum lengths, counted in code points.
  getUser('empty strings where a minimum length is 1', '{"UserPoolId": "", "Username": ""}'),
  getUser('an emoji is one character', '{"UserPoolId": "😀", "Username": "😀"}'),
  update('an empty attribute name', json({ ...USER, UserAttributes: [{ Name: '', Value: '' }] })),
  auth('an empty client id and auth flow', json({ ...AUTH, ClientId: '', AuthFlow: '' })),
  auth(
    'an auth flow outside the enum, which botocore leaves to the service',
    json({ ...AUTH, AuthFlow: 'NOPE' }),
  ),
  // Several problems at once, in botocore's order.
  update(
    'every kind of problem in one document',
    '{"ClientMetadata": {"a": 1}, "Foo": 1, "UserAttributes": [{"Name": "", "Value": null, "X": [1]}, 7], "Username": 2}',
  ),
  // A key given twice keeps its first place and its last value.
  getUser('a key given twice', '{"Username": 1, "UserPoolId": "p", "Username": "u"}'),
  getUser(
    'a key given twice, fixed by the second value',
    '{"Username": 1, "UserPoolId": 2, "Username": 3, "UserPoolId": ""}',
  ),
  // Documents aws cannot read.
  getUser('invalid JSON', '{bad'),
  getUser('an empty value', ''),
  getUser('a trailing comma', '{"UserPoolId": "p",}'),
  getUser('a list instead of an object', '[]'),
  getUser('a string instead of an object', '"x"'),
  getUser('null instead of an object', 'null'),
  getUser('a number instead of an object', '1.5'),
  getUser('an int longer than Python converts', `{"UserPoolId": ${'1'.repeat(4301)}}`),
  getUser(
    'JSON nested 979 levels deep, the outer object included',
    `{"Username": ${nest('[', ']', 978, '')}}`,
  ),
  getUser('JSON nested 980 levels deep', `{"Username": ${nest('[', ']', 979, '')}}`),
  getUser('objects nested 980 levels deep', `{"Username": ${nest('{"a": ', '}', 979, '1')}}`),
  { ...getUser('a document read from a file', '{"Foo": 1}'), fromFile: true },
  getUser('a file that does not exist', 'file:///nonexistent/request.json'),
  // Options beside the document: they come first in the request and win over the document.
  update('an option overriding an invalid member', json({ ...USER, Username: 5, UserAttributes: [] }), [
    '--username',
    'diego@example.com',
  ]),
  update(
    'shorthand problems come before the document’s members',
    '{"Foo": 1, "Username": 2, "UserPoolId": ""}',
    ['--user-attributes', 'Nmae=x'],
  ),
  update('an empty option and an empty document', '{}', ['--user-pool-id', '']),
  update('a shorthand syntax error comes before invalid JSON', '{bad', ['--user-attributes', 'Name']),
  update(
    'JSON client metadata from an option beside the document, printed as an OrderedDict',
    json({ ...USER, UserAttributes: [] }),
    ['--client-metadata', '{"a": {"b": 1}}'],
  ),
];

/** The argv for a case, after `cognito-idp` (aws) or as cognito-trigger's own; `dir` holds the file of `fromFile`. */
const argvFor = (cliInputCase: CliInputCase, dir: string): string[] => {
  let value = cliInputCase.document;
  if (cliInputCase.fromFile) {
    const file = join(dir, 'request.json');
    writeFileSync(file, cliInputCase.document);
    value = `file://${file}`;
  }
  return [cliInputCase.command, '--cli-input-json', value, ...(cliInputCase.options ?? [])];
};

const withDir = async <T>(run: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-input-json-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** What the real aws CLI prints for a case; one that passes validation is sent to `server`, which answers `{}`. */
const runAws = (server: CaptureServer, cliInputCase: CliInputCase): Promise<Printed> =>
  withDir(
    (dir) =>
      new Promise((resolve, reject) => {
        const args = ['--endpoint-url', server.url, 'cognito-idp', ...argvFor(cliInputCase, dir)];
        execFile(AWS_CLI, args, { env: AWS_ENV, encoding: 'utf8' }, (error, _stdout, stderr) => {
          const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
          if (exitCode === undefined) reject(error);
          else resolve({ stderr, exitCode });
        });
      }),
  );

/**
 * What cognito-trigger prints for a case, run in process with a state directory of its own (the demo pool);
 * `stateTouched` tells whether the run created that directory.
 */
const runCognitoTrigger = (
  cliInputCase: CliInputCase,
): Promise<Printed & { readonly stateTouched: boolean }> =>
  withDir(async (dir) => {
    const stateDir = join(dir, 'state');
    const argv = [...argvFor(cliInputCase, dir), '--state-dir', stateDir, '--quiet'];
    const { stderr, exitCode } = await runCli(argv, { cwd: REPOSITORY });
    return { stderr, exitCode, stateTouched: existsSync(stateDir) };
  });

/** Runs `run` over `items`, `concurrency` at a time, and keeps their order. */
const mapConcurrently = async <T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
};

// ---------------------------------------------------------------------------------------------------------------
// Generated documents: members from the model, each valid, of another type, or left out, plus unknown members.

// JSON texts of strings and numbers that Python reads in ways JavaScript does not, or prints in its own way.
const STRINGS = ['""', '"x"', `"${POOL}"`, '"it\'s"', '"a\\"b"', '"Zoë"', '"😀"', '"\\u0001\\t"', '" "'];
const NUMBERS = ['0', '-0', '7', '1.0', '-2.5', '1e5', '1E-7', '12345678901234567890', 'NaN', '-Infinity'];
const KEYS = ['"a"', '"1"', '"Foo"', '"Name"', '"__proto__"', '"toString"', '"k\\"q"', '"é"'];

const scalar = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom('true', 'false', 'null'),
);
const object = (entries: fc.Arbitrary<readonly string[]>) => entries.map((items) => `{${items.join(', ')}}`);
const anyJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    object(
      fc.array(
        fc.tuple(fc.constantFrom(...KEYS), tie('value')).map(([k, v]) => `${k}: ${v}`),
        { maxLength: 3 },
      ),
    ),
  ),
})).value;

// A value of the shape's own type, whose members are in turn mostly right.
const typedValue = (name: string): fc.Arbitrary<string> => {
  const shape = shapeNamed(name);
  switch (shape.type) {
    case 'structure':
      return documentOf(name);
    case 'list':
      return fc.array(memberOf(shape.member), { maxLength: 2 }).map((items) => `[${items.join(', ')}]`);
    case 'map':
      return object(
        fc.array(
          fc.tuple(fc.constantFrom(...KEYS), memberOf(shape.value)).map(([k, v]) => `${k}: ${v}`),
          { maxLength: 2 },
        ),
      );
    case 'string':
      return shape.enum
        ? fc.constantFrom(...shape.enum.map((value) => json(value)), '"NOPE"')
        : fc.constantFrom(...STRINGS);
    default:
      return scalar;
  }
};
const memberOf = (name: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: typedValue(name) }, { weight: 1, arbitrary: anyJson });

const documentOf = (name: string): fc.Arbitrary<string> => {
  const shape = shapeNamed(name);
  if (shape.type !== 'structure') throw new TypeError(`${name} is not a structure`);
  const members = Object.entries(shape.members).map(([member, target]) =>
    fc.option(
      memberOf(target).map((value) => `"${member}": ${value}`),
      { freq: 3, nil: undefined },
    ),
  );
  const unknown = fc.array(
    fc.tuple(fc.constantFrom(...KEYS), anyJson).map(([k, v]) => `${k}: ${v}`),
    {
      maxLength: 1,
    },
  );
  return fc
    .tuple(fc.tuple(...members), unknown)
    .map(([known, extra]) => [...known.filter((entry) => entry !== undefined), ...extra])
    .chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length }))
    .map((entries) => `{${entries.join(', ')}}`);
};

// Options beside the document, each valid or not.
const OPTIONS: Readonly<Record<Command, readonly (readonly string[])[]>> = {
  'admin-update-user-attributes': [
    ['--user-pool-id', ''],
    ['--username', 'diego@example.com'],
    ['--user-attributes', 'Name=name,Value=Diego'],
    ['--user-attributes', 'Nmae=x', 'Name='],
    ['--client-metadata', '{"a": 1}'],
  ],
  'update-user-attributes': [
    ['--access-token', 'token'],
    ['--user-attributes', '[{"Name": 1}]'],
    ['--client-metadata', 'a=[b,c]'],
  ],
  'admin-get-user': [
    ['--username', ''],
    ['--user-pool-id', POOL],
  ],
  'admin-initiate-auth': [
    ['--client-id', ''],
    ['--auth-parameters', 'USERNAME=x,PASSWORD=y'],
    ['--auth-parameters', 'a={b=c}'],
  ],
};

const generatedCase = fc.constantFrom(...(Object.keys(COMMANDS) as Command[])).chain((command) =>
  fc.record({
    command: fc.constant(command),
    document: documentOf(operationModel(COMMANDS[command])?.input ?? ''),
    options: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.subarray([...OPTIONS[command]], { maxLength: 2 }) },
    ),
  }),
);

/**
 * `count` documents for `--cli-input-json`, the same ones for the same seed: for each command, members of the
 * model's types and of others, left out, in any order, unknown members, and sometimes options beside them.
 */
const generatedCases = (count: number, seed: number): CliInputCase[] =>
  fc.sample(generatedCase, { numRuns: count, seed }).map(({ command, document, options }, i) => ({
    name: `generated #${i}`,
    command,
    document,
    // Two options for the same member: the last one wins, in both CLIs.
    options: options.flat(),
  }));

const capture = async (): Promise<void> => {
  const version = installedAwsCliVersion();
  if (version !== AWS_CLI_VERSION) {
    console.error(
      `${AWS_CLI} is aws-cli ${version ?? '(missing)'}; the golden file needs ${AWS_CLI_VERSION}`,
    );
    process.exit(1);
  }
  const server = await startCaptureServer();
  try {
    const printed = await mapConcurrently(CASES, 4, (cliInputCase) => runAws(server, cliInputCase));
    const golden: GoldenFile = {
      awsCliVersion: version,
      cases: CASES.map((cliInputCase, i) => ({ ...cliInputCase, printed: printed[i]! })),
    };
    await writeFile(GOLDEN_FILE, `${JSON.stringify(golden, null, 2)}\n`);
    // Formatted as the repository's checks want it, so that a fresh capture shows no diff.
    execFileSync(join(REPOSITORY, 'node_modules/.bin/biome'), ['format', '--write', GOLDEN_FILE]);
    console.log(`${CASES.length} cases: ${GOLDEN_FILE}`);
  } finally {
    await server.close();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await capture();

export type { CliInputCase, Command, GoldenFile, Printed };
export { CASES, generatedCases, mapConcurrently, runAws, runCognitoTrigger };
