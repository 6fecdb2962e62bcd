/**
 * @module local/sam-template — an AWS SAM (or CloudFormation) template read as the stack it deploys: each function's
 * name, ARN, code and environment, and each Cognito user pool with its app clients in the shape DescribeUserPool and
 * DescribeUserPoolClient give them, CloudFormation's intrinsic functions resolved against the parameters' values.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Tags, YAMLMap, YAMLSeq } from 'yaml';
import {
  type AppClient,
  type PoolDocument,
  type SchemaAttribute,
  STANDARD_ATTRIBUTES,
  type UserPool,
} from './pool.js';

interface SamTemplateOptions {
  /** Values of the template's Parameters, by name (default: each parameter's Default). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** `AWS::Region`, and the region of every pool ID and ARN (default: us-west-2). */
  readonly region?: string;
  /** `AWS::AccountId` (default: 123456789012). */
  readonly accountId?: string;
  /** `AWS::StackName` (default: local). */
  readonly stackName?: string;
}

/** A function of the template, as the stack would deploy it. */
interface TemplateFunction {
  readonly logicalId: string;
  /** Its `FunctionName`, or the logical ID when it sets none. */
  readonly functionName: string;
  /** `arn:aws:lambda:REGION:ACCOUNT:function:NAME`: what `!GetAtt ID.Arn` gives. */
  readonly arn: string;
  readonly runtime?: string;
  /** Where its code is, relative to the template's folder (`CodeUri`, or a local path as `Code`). */
  readonly codeUri?: string;
  /** Lambda's handler string: `index.handler` is the export `handler` of the module `index`. */
  readonly handler?: string;
  /** The code is in the template (`InlineCode`, `Code.ZipFile`). */
  readonly inlineCode?: boolean;
  /** `Environment.Variables`, the Globals' first; a value CloudFormation alone knows is left out (see notes). */
  readonly environment: Readonly<Record<string, string>>;
  readonly memorySize?: number;
  readonly timeout?: number;
}

interface SamTemplate {
  readonly functions: readonly TemplateFunction[];
  /** Each AWS::Cognito::UserPool the template creates, with its AWS::Cognito::UserPoolClient resources. */
  readonly pools: readonly PoolDocument[];
  /** What was read differently from a deployment, or left out, each a sentence. */
  readonly notes: readonly string[];
}

/** A value only a deployment knows (an import, an attribute of a resource this reading does not model). */
class Unresolved extends Error {}

const NO_VALUE = Symbol('AWS::NoValue');

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** CloudFormation's short forms, read as their long forms: `!GetAtt A.B` is `{ 'Fn::GetAtt': ['A', 'B'] }`. */
const SHORT_FORMS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Length',
  'ToJsonString',
  'Transform',
];

const parseYaml = async (text: string): Promise<unknown> => {
  let yaml: typeof import('yaml');
  try {
    yaml = await import('yaml');
  } catch (error) {
    throw new Error('reading a SAM template needs the yaml package (npm install yaml)', { cause: error });
  }
  const customTags: Tags = SHORT_FORMS.flatMap((name): Tags => {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    const long = (value: unknown) => ({
      [key]:
        name === 'GetAtt' && typeof value === 'string'
          ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)]
          : value,
    });
    const identify = () => false;
    return [
      { tag: `!${name}`, resolve: (value: string) => long(value), identify },
      { tag: `!${name}`, collection: 'seq', resolve: (seq) => long((seq as YAMLSeq).toJSON()), identify },
      { tag: `!${name}`, collection: 'map', resolve: (map) => long((map as YAMLMap).toJSON()), identify },
    ];
  });
  return yaml.parse(text, { customTags });
};

/** A stable stand-in for an identifier AWS generates, made from what names the resource. */
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('/')).digest('hex');

/**
 * Reads a SAM template as the stack it deploys. A pool's ID is `REGION_LogicalId` and an app client's ID is its
 * logical ID, so that both are easy to type in local calls; a function's ARN names its FunctionName (or its logical
 * ID), so that a pool's `LambdaConfig` finds the function as it would in the account. SAM's `Cognito` events on a
 * function are wired into their pool's `LambdaConfig`, as SAM's transform does.
 *
 * @example
 * ```ts
 * const { functions, pools } = await readSamTemplate(readFileSync('template.yaml', 'utf8'), { stackName: 'dev' });
 * ```
 */
const readSamTemplate = async (source: string, options: SamTemplateOptions = {}): Promise<SamTemplate> => {
  const template = await parseYaml(source);
  if (!isRecord(template) || !isRecord(template.Resources))
    throw new Error('the template has no Resources: it is not a CloudFormation or SAM template');
  const region = options.region ?? 'us-west-2';
  const accountId = options.accountId ?? '123456789012';
  const stackName = options.stackName ?? 'local';
  const resources = template.Resources;
  const parameters = isRecord(template.Parameters) ? template.Parameters : {};
  const conditions = isRecord(template.Conditions) ? template.Conditions : {};
  const mappings = isRecord(template.Mappings) ? template.Mappings : {};
  const notes: string[] = [];

  const resource = (id: string): { Type: string; Properties: Loose; Condition?: unknown } => {
    const found = resources[id];
    if (!isRecord(found)) throw new Unresolved(`the template has no resource ${id}`);
    return {
      Type: String(found.Type),
      Properties: isRecord(found.Properties) ? found.Properties : {},
      Condition: found.Condition,
    };
  };

  const parameter = (name: string): unknown => {
    const declared = parameters[name];
    if (!isRecord(declared)) throw new Unresolved(`the template has no parameter ${name}`);
    const value = options.parameters?.[name] ?? declared.Default;
    if (value === undefined) throw new Unresolved(`the parameter ${name} has no value`);
    const type = String(declared.Type ?? 'String');
    return type === 'CommaDelimitedList' || type.startsWith('List<')
      ? String(value).split(',')
      : String(value);
  };

  const PSEUDO: Record<string, unknown> = {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${digest(stackName).slice(0, 32)}`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };

  const stringProperty = (id: string, name: string): string | undefined => {
    const value = resolve(resource(id).Properties[name]);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const functionName = (id: string) => stringProperty(id, 'FunctionName') ?? id;
  const poolId = (id: string) => `${region}_${id}`.slice(0, 55);
  const keyId = (id: string) => {
    const hex = digest(stackName, id);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };

  /** What `Ref` gives for a resource: its physical ID. */
  const physicalId = (id: string): unknown => {
    const { Type } = resource(id);
    if (Type === 'AWS::Serverless::Function' || Type === 'AWS::Lambda::Function') return functionName(id);
    if (Type === 'AWS::Cognito::UserPool') return poolId(id);
    if (Type === 'AWS::KMS::Key') return keyId(id);
    if (Type === 'AWS::SSM::Parameter') return stringProperty(id, 'Name') ?? id;
    if (Type === 'AWS::Logs::LogGroup') return stringProperty(id, 'LogGroupName') ?? id;
    if (Type === 'AWS::IAM::Role') return stringProperty(id, 'RoleName') ?? id;
    return id;
  };

  const attribute = (id: string, name: string): unknown => {
    const { Type } = resource(id);
    const lambda = Type === 'AWS::Serverless::Function' || Type === 'AWS::Lambda::Function';
    if (lambda && name === 'Arn') return `arn:aws:lambda:${region}:${accountId}:function:${functionName(id)}`;
    if (Type === 'AWS::Cognito::UserPool') {
      const pool = poolId(id);
      const provider = `cognito-idp.${region}.amazonaws.com/${pool}`;
      const values: Record<string, string> = {
        Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${pool}`,
        UserPoolId: pool,
        ProviderName: provider,
        ProviderURL: `https://${provider}`,
      };
      if (values[name]) return values[name];
    }
    if (Type === 'AWS::Cognito::UserPoolClient' && name === 'ClientId') return id;
    if (Type === 'AWS::KMS::Key' && name === 'Arn')
      return `arn:aws:kms:${region}:${accountId}:key/${keyId(id)}`;
    if (Type === 'AWS::KMS::Key' && name === 'KeyId') return keyId(id);
    if (Type === 'AWS::IAM::Role' && name === 'Arn')
      return `arn:aws:iam::${accountId}:role/${physicalId(id)}`;
    if (Type === 'AWS::Logs::LogGroup' && name === 'Arn')
      return `arn:aws:logs:${region}:${accountId}:log-group:${physicalId(id)}:*`;
    throw new Unresolved(`!GetAtt ${id}.${name} is known only once deployed`);
  };

  const ref = (name: string): unknown => {
    if (Object.hasOwn(PSEUDO, name)) return PSEUDO[name];
    if (Object.hasOwn(parameters, name)) return parameter(name);
    return physicalId(name);
  };

  const conditionValues = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    const known = conditionValues.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(conditions, name)) throw new Unresolved(`the template has no condition ${name}`);
    const value = resolve(conditions[name]) === true;
    conditionValues.set(name, value);
    return value;
  };

  const text = (value: unknown, what: string): string => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    throw new Unresolved(`${what} is not a string`);
  };

  const substitute = (form: unknown): string => {
    const [pattern, variables] = Array.isArray(form) ? form : [form, {}];
    const given = isRecord(variables) ? variables : {};
    return text(pattern, 'Fn::Sub').replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (Object.hasOwn(given, name)) return text(resolve(given[name]), name);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::'))
        return text(attribute(name.slice(0, dot), name.slice(dot + 1)), name);
      return text(ref(name), name);
    });
  };

  const intrinsic = (key: string, argument: unknown): unknown => {
    const list = asArray(argument);
    switch (key) {
      case 'Ref':
        return ref(text(argument, 'Ref'));
      case 'Condition':
        return condition(text(argument, 'Condition'));
      case 'Fn::GetAtt': {
        const [id, name] = typeof argument === 'string' ? argument.split(/\.(.*)/) : list;
        return attribute(text(id, 'Fn::GetAtt'), text(resolve(name), 'Fn::GetAtt'));
      }
      case 'Fn::Sub':
        return substitute(argument);
      case 'Fn::If':
        return condition(text(list[0], 'Fn::If')) ? resolve(list[1]) : resolve(list[2]);
      case 'Fn::Equals':
        return JSON.stringify(resolve(list[0])) === JSON.stringify(resolve(list[1]));
      case 'Fn::Not':
        return resolve(list[0]) !== true;
      case 'Fn::And':
        return list.every((item) => resolve(item) === true);
      case 'Fn::Or':
        return list.some((item) => resolve(item) === true);
      case 'Fn::Join':
        return asArray(resolve(list[1]))
          .map((item) => text(item, 'Fn::Join'))
          .join(text(list[0], 'Fn::Join'));
      case 'Fn::Select':
        return asArray(resolve(list[1]))[Number(resolve(list[0]))];
      case 'Fn::Split':
        return text(resolve(list[1]), 'Fn::Split').split(text(list[0], 'Fn::Split'));
      case 'Fn::FindInMap': {
        const [map, first, second] = list.map((item) => text(resolve(item), 'Fn::FindInMap'));
        const found = (mappings[map as string] as Loose | undefined)?.[first as string];
        if (!isRecord(found) || !Object.hasOwn(found, second as string))
          throw new Unresolved(`Fn::FindInMap ${map}.${first}.${second} is not in the template`);
        return resolve(found[second as string]);
      }
      case 'Fn::Base64':
        return Buffer.from(text(resolve(argument), 'Fn::Base64')).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      default:
        throw new Unresolved(`${key} is known only once deployed`);
    }
  };

  /** A template value with its intrinsic functions applied; `AWS::NoValue` members are left out. */
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0] as string;
      if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) return intrinsic(key, value[key]);
    }
    const object: Loose = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolve(item);
      if (resolved !== NO_VALUE) object[key] = resolved;
    }
    return object;
  };

  /** Each property resolved on its own: one CloudFormation alone knows is left out, and said so. */
  const properties = (id: string, given: Loose): Loose => {
    const object: Loose = {};
    for (const [key, value] of Object.entries(given)) {
      try {
        const resolved = resolve(value);
        if (resolved !== NO_VALUE) object[key] = resolved;
      } catch (error) {
        if (!(error instanceof Unresolved)) throw error;
        notes.push(`${id}.${key} is left out: ${error.message}`);
      }
    }
    return object;
  };

  const created = (id: string): boolean => {
    const { Condition } = resource(id);
    if (Condition === undefined) return true;
    try {
      return condition(String(Condition));
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      notes.push(`${id} is left out: ${error.message}`);
      return false;
    }
  };

  const ids = Object.keys(resources).filter(created);
  const ofType = (...types: string[]) => ids.filter((id) => types.includes(resource(id).Type));
  const globals =
    isRecord(template.Globals) && isRecord(template.Globals.Function) ? template.Globals.Function : {};
  const globalProperties = properties('Globals.Function', globals);

  const functions = ofType('AWS::Serverless::Function', 'AWS::Lambda::Function').map((id) =>
    templateFunction(id, resource(id).Type, properties(id, resource(id).Properties), globalProperties, {
      functionName: functionName(id),
      arn: attribute(id, 'Arn') as string,
      notes,
    }),
  );

  // SAM's `Cognito` events: the transform writes the function into the pool's LambdaConfig.
  const wired = new Map<string, Record<string, string>>();
  for (const id of ofType('AWS::Serverless::Function')) {
    const events = resource(id).Properties.Events;
    for (const event of Object.values(isRecord(events) ? events : {})) {
      if (!isRecord(event) || event.Type !== 'Cognito' || !isRecord(event.Properties)) continue;
      const pool = event.Properties.UserPool;
      const poolRef = isRecord(pool) && typeof pool.Ref === 'string' ? pool.Ref : undefined;
      if (!poolRef) continue;
      const triggers = [event.Properties.Trigger].flat().filter((t): t is string => typeof t === 'string');
      const config = wired.get(poolRef) ?? {};
      for (const trigger of triggers) config[trigger] = attribute(id, 'Arn') as string;
      wired.set(poolRef, config);
    }
  }

  const clients = ofType('AWS::Cognito::UserPoolClient').map((id) => ({
    id,
    client: appClient(id, properties(id, resource(id).Properties), stackName),
  }));
  const pools = ofType('AWS::Cognito::UserPool').map((id) => {
    const document = poolDocument(poolId(id), id, properties(id, resource(id).Properties), wired.get(id), {
      region,
      accountId,
    });
    return {
      ...document,
      UserPoolClients: clients
        .filter(({ client }) => client.UserPoolId === poolId(id))
        .map(({ client }) => client),
    };
  });
  for (const { id, client } of clients)
    if (!pools.some((pool) => pool.UserPool.Id === client.UserPoolId))
      notes.push(
        `${id} is left out: its UserPoolId ${client.UserPoolId ?? '(none)'} is no pool of the template`,
      );
  return { functions, pools, notes };
};

const numberOf = (value: unknown): number | undefined =>
  value === undefined || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);

const templateFunction = (
  id: string,
  type: string,
  props: Loose,
  globals: Loose,
  known: { functionName: string; arn: string; notes: string[] },
): TemplateFunction => {
  const serverless = type === 'AWS::Serverless::Function';
  const merged: Loose = serverless ? { ...globals, ...props } : props;
  const variables = {
    ...(serverless && isRecord(globals.Environment) && isRecord(globals.Environment.Variables)
      ? globals.Environment.Variables
      : {}),
    ...(isRecord(props.Environment) && isRecord(props.Environment.Variables)
      ? props.Environment.Variables
      : {}),
  };
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      environment[name] = String(value);
    else known.notes.push(`${id}: the variable ${name} is left out: its value is known only once deployed`);
  }
  const code = serverless ? merged.CodeUri : merged.Code;
  const inline = serverless ? merged.InlineCode !== undefined : isRecord(code) && code.ZipFile !== undefined;
  const memorySize = numberOf(merged.MemorySize);
  const timeout = numberOf(merged.Timeout);
  return {
    logicalId: id,
    functionName: known.functionName,
    arn: known.arn,
    ...(typeof merged.Runtime === 'string' ? { runtime: merged.Runtime } : {}),
    ...(typeof code === 'string' ? { codeUri: code } : {}),
    ...(typeof merged.Handler === 'string' ? { handler: merged.Handler } : {}),
    ...(inline ? { inlineCode: true } : {}),
    environment,
    ...(memorySize === undefined ? {} : { memorySize }),
    ...(timeout === undefined ? {} : { timeout }),
  };
};

const flag = (value: unknown): boolean | undefined =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

const constraints = (value: unknown, names: readonly string[]) => {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(
    names.filter((name) => value[name] !== undefined).map((name) => [name, String(value[name])]),
  );
};

/** A Schema entry's fields, in SchemaAttributeType's shape (constraints are strings there). */
const attributeFields = (entry: Loose): Partial<SchemaAttribute> => {
  const fields: Record<string, unknown> = {};
  if (typeof entry.AttributeDataType === 'string') fields.AttributeDataType = entry.AttributeDataType;
  for (const name of ['DeveloperOnlyAttribute', 'Mutable', 'Required']) {
    const value = flag(entry[name]);
    if (value !== undefined) fields[name] = value;
  }
  const strings = constraints(entry.StringAttributeConstraints, ['MinLength', 'MaxLength']);
  if (strings) fields.StringAttributeConstraints = strings;
  const numbers = constraints(entry.NumberAttributeConstraints, ['MinValue', 'MaxValue']);
  if (numbers) fields.NumberAttributeConstraints = numbers;
  return fields as Partial<SchemaAttribute>;
};

/**
 * `Schema` as DescribeUserPool lists it: every standard attribute, with what the template changes of one, then the
 * custom attributes under their `custom:` (or, developer-only, `dev:custom:`) names.
 */
const schemaAttributes = (schema: unknown): SchemaAttribute[] => {
  const standard = new Map(STANDARD_ATTRIBUTES.map((attribute) => [attribute.Name, attribute]));
  const custom: SchemaAttribute[] = [];
  for (const entry of asArray(schema)) {
    if (!isRecord(entry) || typeof entry.Name !== 'string') continue;
    const fields = attributeFields(entry);
    const existing = standard.get(entry.Name);
    if (existing) standard.set(entry.Name, { ...existing, ...fields, Name: entry.Name });
    else
      custom.push({
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        ...fields,
        Name: `${fields.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${entry.Name}`,
      });
  }
  return [...standard.values(), ...custom];
};

/** Properties AWS::Cognito::UserPool and DescribeUserPool name and shape alike. */
const POOL_PROPERTIES = [
  'AutoVerifiedAttributes',
  'UsernameAttributes',
  'AliasAttributes',
  'UsernameConfiguration',
  'UserAttributeUpdateSettings',
  'EmailConfiguration',
  'SmsConfiguration',
  'SmsAuthenticationMessage',
  'Policies',
  'MfaConfiguration',
  'AccountRecoverySetting',
  'AdminCreateUserConfig',
  'DeletionProtection',
  'UserPoolTags',
];

const poolDocument = (
  id: string,
  logicalId: string,
  props: Loose,
  wired: Record<string, string> | undefined,
  where: { region: string; accountId: string },
): PoolDocument => {
  const legacy = Object.fromEntries(
    [
      ['SmsMessage', props.SmsVerificationMessage],
      ['EmailMessage', props.EmailVerificationMessage],
      ['EmailSubject', props.EmailVerificationSubject],
    ].filter(([, value]) => typeof value === 'string'),
  );
  const template = {
    ...legacy,
    ...(isRecord(props.VerificationMessageTemplate) ? props.VerificationMessageTemplate : {}),
  };
  const lambdaConfig = { ...(isRecord(props.LambdaConfig) ? props.LambdaConfig : {}), ...wired };
  const userPool: UserPool & Loose = {
    Id: id,
    Name: typeof props.UserPoolName === 'string' ? props.UserPoolName : logicalId,
    Arn: `arn:aws:cognito-idp:${where.region}:${where.accountId}:userpool/${id}`,
    SchemaAttributes: schemaAttributes(props.Schema),
    ...Object.fromEntries(
      POOL_PROPERTIES.filter((name) => props[name] !== undefined).map((name) => [name, props[name]]),
    ),
    ...(Object.keys(template).length > 0 ? { VerificationMessageTemplate: template } : {}),
    ...(Object.keys(lambdaConfig).length > 0 ? { LambdaConfig: lambdaConfig } : {}),
  };
  return { UserPool: userPool };
};

/** Properties AWS::Cognito::UserPoolClient and DescribeUserPoolClient name and shape alike. */
const CLIENT_PROPERTIES = [
  'ExplicitAuthFlows',
  'ReadAttributes',
  'WriteAttributes',
  'TokenValidityUnits',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
];

const appClient = (logicalId: string, props: Loose, stackName: string): AppClient => {
  const validity = Object.fromEntries(
    ['AccessTokenValidity', 'IdTokenValidity', 'RefreshTokenValidity', 'AuthSessionValidity']
      .map((name) => [name, numberOf(props[name])])
      .filter(([, value]) => value !== undefined),
  );
  return {
    ClientId: logicalId,
    ClientName: typeof props.ClientName === 'string' ? props.ClientName : logicalId,
    ...(typeof props.UserPoolId === 'string' ? { UserPoolId: props.UserPoolId } : {}),
    ...Object.fromEntries(
      CLIENT_PROPERTIES.filter((name) => props[name] !== undefined).map((name) => [name, props[name]]),
    ),
    ...validity,
    ...(flag(props.GenerateSecret)
      ? {
          ClientSecret: Buffer.from(digest('secret', stackName, logicalId), 'hex')
            .toString('base64url')
            .slice(0, 51),
        }
      : {}),
  } as AppClient;
};

/**
 * Reads a SAM template file: {@link readSamTemplate} on its text.
 *
 * @example
 * ```ts
 * const { pools } = await readSamTemplateFile('template.yaml');
 * ```
 */
const readSamTemplateFile = async (path: string, options: SamTemplateOptions = {}): Promise<SamTemplate> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the template ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await readSamTemplate(text, options);
  } catch (error) {
    throw new Error(`cannot read the template ${path}: ${(error as Error).message}`, { cause: error });
  }
};

export type { SamTemplate, SamTemplateOptions, TemplateFunction };
export { readSamTemplate, readSamTemplateFile };
