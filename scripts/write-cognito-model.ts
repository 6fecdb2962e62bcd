/**
 * @module scripts/write-cognito-model — writes src/cli/aws/model.json, the part of botocore's cognito-idp model the
 * CLI emulation reads, from the service-2.json (and paginators-1.json) of the installed aws-cli 2.9.19: every shape
 * the operations below reach, with the fields the emulation needs and no documentation.
 *
 * Run: `node --conditions=source --import ./bin/register-ts.mjs scripts/write-cognito-model.ts`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * The operations `cognito-trigger` may offer a command for, by their API names: it offers one for each of these the
 * engine serves. An operation the engine comes to serve needs its name here, and the script run again.
 */
const MODELED_OPERATIONS = [
  'AdminConfirmSignUp',
  'AdminCreateUser',
  'AdminDeleteUser',
  'AdminDeleteUserAttributes',
  'AdminGetUser',
  'AdminInitiateAuth',
  'AdminResetUserPassword',
  'AdminSetUserPassword',
  'AdminUpdateUserAttributes',
  'ChangePassword',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'CreateUserPool',
  'CreateUserPoolClient',
  'DeleteUserAttributes',
  'DeleteUserPool',
  'DeleteUserPoolClient',
  'DescribeUserPool',
  'DescribeUserPoolClient',
  'ForgotPassword',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GlobalSignOut',
  'InitiateAuth',
  'ListUserPoolClients',
  'ListUserPools',
  'ListUsers',
  'RespondToAuthChallenge',
  'ResendConfirmationCode',
  'SignUp',
  'UpdateUserAttributes',
  'UpdateUserPool',
  'UpdateUserPoolClient',
  'VerifyUserAttribute',
] as const;

/** Where Debian's aws-cli 2.9.19 keeps its botocore data, and where a separate botocore would be. */
const BOTOCORE_DATA_DIRS = [
  '/usr/lib/python3/dist-packages/awscli/botocore/data',
  '/usr/lib/python3/dist-packages/botocore/data',
];

const OUTPUT = fileURLToPath(new URL('../src/cli/aws/model.json', import.meta.url));

interface BotocoreRef {
  readonly shape: string;
  readonly [key: string]: unknown;
}

interface BotocoreShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, BotocoreRef>>;
  readonly member?: BotocoreRef;
  readonly key?: BotocoreRef;
  readonly value?: BotocoreRef;
  readonly required?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly string[];
  readonly [key: string]: unknown;
}

interface BotocoreService {
  readonly metadata: { readonly apiVersion: string; readonly targetPrefix: string };
  readonly operations: Readonly<
    Record<string, { readonly input?: BotocoreRef; readonly output?: BotocoreRef }>
  >;
  readonly shapes: Readonly<Record<string, BotocoreShape>>;
}

interface BotocorePaginators {
  readonly pagination: Readonly<
    Record<
      string,
      {
        readonly input_token: string | readonly string[];
        readonly output_token: string | readonly string[];
        readonly limit_key?: string;
        readonly result_key: string | readonly string[];
        readonly more_results?: string;
        readonly non_aggregate_keys?: readonly string[];
      }
    >
  >;
}

/** Where the model's files are: the newest API version's directory of cognito-idp. */
interface ModelFiles {
  readonly service: string;
  readonly paginators?: string;
}

/** The file, plain or gzipped (botocore ships either). */
const withExtension = (path: string): string | undefined =>
  [path, `${path}.gz`].find((candidate) => existsSync(candidate));

/**
 * The installed cognito-idp model files, or undefined without an aws-cli or botocore that has them.
 *
 * @example
 * ```ts
 * findModelFiles()?.service; // '/usr/lib/python3/dist-packages/awscli/botocore/data/cognito-idp/2016-04-18/service-2.json'
 * ```
 */
const findModelFiles = (dataDirs: readonly string[] = BOTOCORE_DATA_DIRS): ModelFiles | undefined => {
  for (const dir of dataDirs) {
    const serviceDir = join(dir, 'cognito-idp');
    if (!existsSync(serviceDir)) continue;
    const versions = readdirSync(serviceDir).sort().reverse();
    for (const version of versions) {
      const service = withExtension(join(serviceDir, version, 'service-2.json'));
      if (service === undefined) continue;
      const paginators = withExtension(join(serviceDir, version, 'paginators-1.json'));
      return paginators === undefined ? { service } : { service, paginators };
    }
  }
  return undefined;
};

const readJson = <T>(path: string): T => {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as T;
};

// What the emulation does not model: a shape that needs it would be handled wrongly, so the script stops instead.
const UNMODELED_TYPES = new Set(['float', 'double', 'blob']);
const UNMODELED_TRAITS = [
  'document',
  'jsonvalue',
  'streaming',
  'union',
  'hostLabel',
  'idempotencyToken',
  'location',
];

const single = (value: string | readonly string[], what: string): string => {
  if (typeof value === 'string') return value;
  if (value.length !== 1) throw new Error(`${what}: more than one is not modeled`);
  return value[0] as string;
};

/**
 * The model document: each operation's input and output shape names (and its paginator), and every shape they reach,
 * sorted by name, with type, required, members, member, key, value, min, max and enum.
 *
 * @example
 * ```ts
 * const files = findModelFiles();
 * if (files) writeFileSync(OUTPUT, renderModel(buildModel(files)));
 * ```
 */
const buildModel = (files: ModelFiles, operations: readonly string[] = MODELED_OPERATIONS) => {
  const service = readJson<BotocoreService>(files.service);
  const pagination = files.paginators ? readJson<BotocorePaginators>(files.paginators).pagination : {};
  const reached = new Set<string>();
  const visit = (name: string, path: string): void => {
    if (reached.has(name)) return;
    const shape = service.shapes[name];
    if (shape === undefined) throw new Error(`${path}: no shape ${name}`);
    if (UNMODELED_TYPES.has(shape.type)) throw new Error(`${path}: ${shape.type} shapes are not modeled`);
    for (const trait of UNMODELED_TRAITS)
      if (shape[trait] !== undefined) throw new Error(`${path}: the ${trait} trait is not modeled`);
    reached.add(name);
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      for (const trait of UNMODELED_TRAITS)
        if (ref[trait] !== undefined) throw new Error(`${path}.${member}: the ${trait} trait is not modeled`);
      visit(ref.shape, `${path}.${member}`);
    }
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) visit(ref.shape, `${path}[]`);
  };
  const operationEntries = operations.map((name) => {
    const operation = service.operations[name];
    if (operation === undefined) throw new Error(`the model has no operation ${name}`);
    const entry: Record<string, unknown> = {};
    if (operation.input) {
      visit(operation.input.shape, name);
      entry.input = operation.input.shape;
    }
    if (operation.output) {
      visit(operation.output.shape, name);
      entry.output = operation.output.shape;
    }
    const paginator = pagination[name];
    if (paginator) {
      if (paginator.more_results !== undefined || paginator.non_aggregate_keys !== undefined)
        throw new Error(`${name}: more_results and non_aggregate_keys are not modeled`);
      entry.paginator = {
        inputToken: single(paginator.input_token, name),
        outputToken: single(paginator.output_token, name),
        ...(paginator.limit_key === undefined ? {} : { limitKey: paginator.limit_key }),
        resultKey: single(paginator.result_key, name),
      };
    }
    return [name, entry] as const;
  });
  const shapes = [...reached].sort().map((name) => {
    const { type, required, members, member, key, value, min, max, enum: values } = service.shapes[name]!;
    const fields = {
      type,
      required,
      members:
        members &&
        Object.fromEntries(Object.entries(members).map(([memberName, ref]) => [memberName, ref.shape])),
      member: member?.shape,
      key: key?.shape,
      value: value?.shape,
      min,
      max,
      enum: values,
    };
    return [
      name,
      Object.fromEntries(Object.entries(fields).filter(([, field]) => field !== undefined)),
    ] as const;
  });
  return {
    source: `botocore cognito-idp ${service.metadata.apiVersion}, as aws-cli 2.9.19 ships it; written by scripts/write-cognito-model.ts`,
    operations: Object.fromEntries(operationEntries),
    shapes: Object.fromEntries(shapes),
  };
};

const LINE_WIDTH = 110;

// JSON as Biome formats it: objects one member a line, arrays on one line when the line fits.
const render = (value: unknown, indent: string, lineStart: number, trailing: number): string => {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    if (lineStart + flat.length + trailing <= LINE_WIDTH) return flat;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${JSON.stringify(item)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([key, item], index) => {
      const head = `${inner}${JSON.stringify(key)}: `;
      return `${head}${render(item, inner, head.length, index < entries.length - 1 ? 1 : 0)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
};

/** The model document as the file holds it, formatted as Biome formats JSON. */
const renderModel = (model: ReturnType<typeof buildModel>): string => `${render(model, '', 0, 0)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = findModelFiles();
  if (files === undefined) {
    process.stderr.write(`no cognito-idp model under ${BOTOCORE_DATA_DIRS.join(' or ')}: install awscli\n`);
    process.exit(1);
  }
  writeFileSync(OUTPUT, renderModel(buildModel(files)));
  process.stdout.write(`wrote ${OUTPUT} from ${files.service}\n`);
}

export { BOTOCORE_DATA_DIRS, buildModel, findModelFiles, MODELED_OPERATIONS, OUTPUT, renderModel };
