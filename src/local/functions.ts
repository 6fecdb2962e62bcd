/**
 * @module local/functions — which function a pool's trigger calls: the function name read from the ARN in the pool's
 * `LambdaConfig`, resolved to a handler opened from `NAME=FILE` specs, from a SAM template's functions, or run behind
 * a Lambda Invoke endpoint; and how Cognito fails a call whose function it cannot invoke.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import type { Context } from 'aws-lambda';
import { type CognitoServiceError, Exceptions, Messages } from '../cognito/errors.js';
import { type OpenedHandler, openHandler, resolveHandlerSpec } from './handler-process.js';
import { type InvokeOptions, type InvokeResult, invokeHandler, type LambdaHandler } from './invoker.js';
import { LambdaInvokeFailure, lambdaEndpointFunctions } from './lambda-endpoint.js';
import type { PoolDocument } from './pool.js';
import { readSamTemplateFile, type SamTemplateOptions, type TemplateFunction } from './sam-template.js';

/** The handler of a function, by its name (the last part of a Lambda ARN); undefined when there is none. */
type FunctionResolver = (functionName: string) => LambdaHandler | undefined;

/** A function as a person reads it in a summary: its names, and what runs it. */
interface FunctionDescription {
  /** The names a trigger's ARN may give it: a spec's NAME, or a template function's logical ID and FunctionName. */
  readonly names: readonly string[];
  /** A file relative to the working directory (with `(built)` for a bundle), `in this process`, or the endpoint. */
  readonly source: string;
}

/** Functions ready for LocalCognitoOptions.functions, and how to end their processes. */
interface FunctionSet {
  readonly functions: FunctionResolver;
  readonly described: readonly FunctionDescription[];
  /** Ends every function's process. */
  close(): Promise<void>;
}

interface OpenOptions {
  /** Where relative files are found. */
  readonly cwd: string;
  /** The environment every function sees (the Lambda variables), before its own (default: none). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Variables that win over the template's, as `sam local --env-vars` does (default: none). */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Where the functions' output goes (default: stderr). */
  readonly output?: NodeJS.WritableStream;
}

const TRIGGER = 'CustomMessage';

/**
 * The function name in a Lambda ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`), a partial ARN
 * (`ACCOUNT:function:NAME`) or a bare name (`NAME[:QUALIFIER]`).
 *
 * @example
 * ```ts
 * functionNameOf('arn:aws:lambda:us-west-2:123456789012:function:custom-message:live'); // 'custom-message'
 * ```
 */
const functionNameOf = (arn: string): string => {
  const parts = arn.split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts[at + 1]) return parts[at + 1] as string;
  // Any other ARN names no function: it is kept whole, and no function has that name.
  return arn.startsWith('arn:') ? arn : (parts[0] ?? arn);
};

/** Resolves names in order: the first resolver that knows a name gives its handler. */
const firstOf =
  (...resolvers: readonly (FunctionResolver | undefined)[]): FunctionResolver =>
  (functionName) => {
    for (const resolver of resolvers) {
      const handler = resolver?.(functionName);
      if (handler) return handler;
    }
    return undefined;
  };

/** A resolver over handlers by name, any of a function's names finding it. */
const byName = (entries: Iterable<readonly [string, LambdaHandler]>): FunctionResolver => {
  const map = new Map(entries);
  return (functionName) => map.get(functionName) ?? map.get(functionNameOf(functionName));
};

/** What the summary calls an opened file. */
const sourceOf = (opened: OpenedHandler, cwd: string) =>
  `${relative(cwd, opened.file) || opened.file}${opened.kind === 'built' ? ' (built)' : ''}`;

/** Opens several handlers at once; when one fails, the others are closed and the first failure is thrown. */
const openAll = async (
  entries: readonly { readonly spec: string; readonly environment: Record<string, string> }[],
  options: OpenOptions,
): Promise<OpenedHandler[]> => {
  const results = await Promise.allSettled(
    entries.map(({ spec, environment }) =>
      openHandler(spec, {
        cwd: options.cwd,
        environment,
        ...(options.output ? { output: options.output } : {}),
      }),
    ),
  );
  const failed = results.find((result) => result.status === 'rejected');
  const opened = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failed) {
    await Promise.all(opened.map((handler) => handler.close()));
    throw failed.reason;
  }
  return opened;
};

/** Splits `NAME=FILE[:export]`; NAME may be a Lambda ARN. */
const parseFunctionSpec = (spec: string): { name: string; file: string } => {
  const equals = spec.indexOf('=');
  const name = functionNameOf(spec.slice(0, Math.max(equals, 0)).trim());
  const file = spec.slice(equals + 1).trim();
  if (equals <= 0 || name === '' || file === '')
    throw new Error(`"${spec}" is not NAME=FILE[:export] (e.g. custom-message=handlers/custom-message.ts)`);
  return { name, file };
};

/**
 * Opens each `NAME=FILE[:export]` as the CLI opens `--handler` (TypeScript source or built bundle, in a process of its
 * own with Lambda's environment and `AWS_LAMBDA_FUNCTION_NAME=NAME`), keyed by NAME. Throws an Error that says what is
 * wrong when a spec is malformed, a name repeats, or a file cannot be loaded.
 *
 * @example
 * ```ts
 * const set = await functionsFromSpecs(['custom-message=handlers/custom-message.ts'], { cwd, environment });
 * const cognito = new LocalCognito({ functions: set.functions });
 * // …
 * await set.close();
 * ```
 */
const functionsFromSpecs = async (specs: readonly string[], options: OpenOptions): Promise<FunctionSet> => {
  const parsed = specs.map(parseFunctionSpec);
  const repeated = parsed.find(
    ({ name }, index) => parsed.findIndex((other) => other.name === name) !== index,
  );
  if (repeated) throw new Error(`the function ${repeated.name} is given twice`);
  const opened = await openAll(
    parsed.map(({ name, file }) => ({
      spec: file,
      environment: { ...options.environment, ...options.overrides, AWS_LAMBDA_FUNCTION_NAME: name },
    })),
    options,
  );
  return {
    functions: byName(parsed.map(({ name }, index) => [name, (opened[index] as OpenedHandler).handler])),
    described: parsed.map(({ name }, index) => ({
      names: [name],
      source: sourceOf(opened[index] as OpenedHandler, options.cwd),
    })),
    close: async () => {
      await Promise.all(opened.map((handler) => handler.close()));
    },
  };
};

/** Handlers given in code, by name: functions run in this process, files opened as specs. */
const functionsFromHandlers = async (
  handlers: Readonly<Record<string, LambdaHandler | string>>,
  options: OpenOptions,
): Promise<FunctionSet> => {
  const files = Object.entries(handlers).flatMap(([name, handler]) =>
    typeof handler === 'string' ? [`${name}=${handler}`] : [],
  );
  const opened = await functionsFromSpecs(files, options);
  const inProcess = Object.entries(handlers).flatMap(([name, handler]) =>
    typeof handler === 'function' ? [[name, handler] as const] : [],
  );
  return {
    functions: firstOf(byName(inProcess), opened.functions),
    described: [
      ...inProcess.map(([name]) => ({ names: [name], source: 'in this process' })),
      ...opened.described,
    ],
    close: opened.close,
  };
};

const BUILT_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * Where a template function's code is, as a spec for openHandler: the built module `CodeUri` + `Handler` names; else
 * its TypeScript source beside it (`CodeUri` a source folder, as SAM's esbuild build method has it); else, for a
 * `cognito-trigger build` output (`dist/NAME/`) not built yet, `handlers/NAME.ts`. A string saying why when there is
 * none, or the function cannot run here.
 */
const templateFunctionSpec = (
  fn: TemplateFunction,
  templateDir: string,
): { spec: string } | { why: string } => {
  if (fn.runtime !== undefined && !fn.runtime.startsWith('nodejs'))
    return { why: `${fn.logicalId} runs on ${fn.runtime}: only Node.js functions run locally` };
  if (fn.inlineCode) return { why: `${fn.logicalId} has its code inline: only code in files runs locally` };
  if (fn.codeUri === undefined || fn.handler === undefined || /^s3:\/\//.test(fn.codeUri))
    return { why: `${fn.logicalId} has no local CodeUri and Handler` };
  const codeDir = isAbsolute(fn.codeUri) ? fn.codeUri : resolvePath(templateDir, fn.codeUri);
  const dot = fn.handler.lastIndexOf('.');
  const module = fn.handler.slice(0, dot);
  const exportName = fn.handler.slice(dot + 1) || 'handler';
  if (dot <= 0) return { why: `${fn.logicalId}'s Handler ${fn.handler} is not MODULE.EXPORT` };
  const built = resolveHandlerSpec(resolvePath(codeDir, fn.handler), templateDir);
  if (BUILT_EXTENSIONS.some((extension) => built.file.endsWith(extension)) && existsSync(built.file))
    return { spec: `${built.file}:${built.exportName}` };
  const beside = resolvePath(codeDir, `${module}.ts`);
  if (existsSync(beside)) return { spec: `${beside}:${exportName}` };
  const source = resolvePath(templateDir, 'handlers', `${basename(codeDir)}.ts`);
  if (existsSync(source)) return { spec: `${source}:${exportName}` };
  return {
    why: `${fn.logicalId}: ${relative(templateDir, resolvePath(codeDir, module)) || module}.{mjs,js,cjs} is not built (cognito-trigger build) and there is no ${relative(templateDir, source)}`,
  };
};

/** The environment a template function runs with: the common variables, its own, the overrides, its name. */
const templateEnvironment = (fn: TemplateFunction, options: OpenOptions): Record<string, string> => ({
  ...options.environment,
  ...fn.environment,
  ...(fn.memorySize === undefined ? {} : { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize) }),
  ...options.overrides,
  AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
});

/**
 * A function opened when first invoked: a function the pools do not name at the start may be named later. A function
 * that cannot run here fails its invocation with the reason, as a function whose code does not load.
 */
const openedOnFirstCall = (
  load: () => Promise<OpenedHandler>,
  register: (opened: Promise<OpenedHandler>) => void,
): LambdaHandler => {
  let opened: Promise<OpenedHandler> | undefined;
  return (async (event: unknown, context: Context) => {
    if (!opened) {
      opened = load();
      register(opened);
    }
    return (await opened).handler(event as never, context, () => undefined);
  }) as LambdaHandler;
};

interface TemplateSet extends FunctionSet {
  /** The template's user pools, their app clients with them. */
  readonly pools: readonly PoolDocument[];
  /** What the template reading left out or assumed. */
  readonly notes: readonly string[];
}

/**
 * Reads a SAM template and opens its functions, each known by its logical ID and its FunctionName: the functions the
 * pools' `CustomMessage` names at once (so that a missing build or a module that does not load is an error now), the
 * others on first use. Returns the template's user pools too, as LocalCognitoOptions.pool takes them.
 *
 * @example
 * ```ts
 * const set = await functionsFromTemplate('template.yaml', { cwd, environment: { AWS_REGION: 'us-west-2' } });
 * const cognito = new LocalCognito({ pool: set.pools, functions: set.functions });
 * ```
 */
const functionsFromTemplate = async (
  path: string,
  options: OpenOptions & { readonly templateOptions?: SamTemplateOptions | undefined },
): Promise<TemplateSet> => {
  const file = resolvePath(options.cwd, path);
  const template = await readSamTemplateFile(file, options.templateOptions);
  const templateDir = dirname(file);
  const named = new Set(
    template.pools.flatMap(({ UserPool }) =>
      typeof UserPool.LambdaConfig?.CustomMessage === 'string'
        ? [functionNameOf(UserPool.LambdaConfig.CustomMessage)]
        : [],
    ),
  );
  const isNamed = (fn: TemplateFunction) => named.has(fn.functionName) || named.has(fn.logicalId);
  const specs = template.functions.map((fn) => ({ fn, where: templateFunctionSpec(fn, templateDir) }));
  const missing = specs.find(({ fn, where }) => isNamed(fn) && 'why' in where);
  if (missing && 'why' in missing.where) throw new Error(missing.where.why);
  const now = specs.flatMap(({ fn, where }) =>
    isNamed(fn) && 'spec' in where ? [{ fn, spec: where.spec }] : [],
  );
  const opened = await openAll(
    now.map(({ fn, spec }) => ({ spec, environment: templateEnvironment(fn, options) })),
    options,
  );
  const later: Promise<OpenedHandler>[] = [];
  const entries: [string, LambdaHandler][] = [];
  const described: FunctionDescription[] = [];
  for (const { fn, where } of specs) {
    const index = now.findIndex((entry) => entry.fn === fn);
    const handler =
      index >= 0
        ? (opened[index] as OpenedHandler).handler
        : openedOnFirstCall(
            () =>
              'spec' in where
                ? openHandler(where.spec, {
                    cwd: templateDir,
                    environment: templateEnvironment(fn, options),
                    ...(options.output ? { output: options.output } : {}),
                  })
                : Promise.reject(new Error(where.why)),
            (promise) => later.push(promise),
          );
    const names = [...new Set([fn.logicalId, fn.functionName])];
    for (const name of names) entries.push([name, handler]);
    described.push({
      names,
      source:
        index >= 0
          ? sourceOf(opened[index] as OpenedHandler, options.cwd)
          : 'spec' in where
            ? `${relative(options.cwd, where.spec) || where.spec} (opened when first called)`
            : where.why,
    });
  }
  return {
    functions: byName(entries),
    described,
    pools: template.pools,
    notes: template.notes,
    close: async () => {
      const settled = await Promise.allSettled(later);
      await Promise.all([
        ...opened.map((handler) => handler.close()),
        ...settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
      ]);
    },
  };
};

interface ResolveFunctionsOptions extends OpenOptions {
  /** `NAME=FILE[:export]` specs (`--function`), opened as `--handler` is. They win over the other sources. */
  readonly specs?: readonly string[];
  /**
   * Functions given in code, by name: a handler run in this process, or a file opened as a spec. Given, even empty,
   * a pool finds its function by name.
   */
  readonly handlers?: Readonly<Record<string, LambdaHandler | string>>;
  /** A SAM template (`--template`): its user pools, and its functions unless `lambdaEndpoint` runs them. */
  readonly template?: string;
  /** What the template's parameters and pseudo parameters stand for. */
  readonly templateOptions?: SamTemplateOptions;
  /** A Lambda Invoke endpoint (`--lambda-endpoint`, `sam local start-lambda`) that runs every other function. */
  readonly lambdaEndpoint?: string;
}

interface ResolvedFunctions {
  /** For LocalCognitoOptions.functions; undefined when no function source was given (the handler alone then runs). */
  readonly functions?: FunctionResolver;
  /** The template's user pools, for LocalCognitoOptions.pool; undefined without a template. */
  readonly pools?: readonly PoolDocument[];
  readonly described: readonly FunctionDescription[];
  /** What the template reading left out or assumed. */
  readonly notes: readonly string[];
  /** Ends every function's process. */
  close(): Promise<void>;
}

/**
 * Every function source a command may be given, resolved in one step: specs and handlers first, then the Lambda
 * endpoint or, without one, the template's functions; the template's pools with them. With a template and an
 * endpoint, a function is invoked by its logical ID, the name `sam local start-lambda` knows it by.
 *
 * @example
 * ```ts
 * const resolved = await resolveFunctions({ specs, template, lambdaEndpoint, cwd, environment });
 * const cognito = new LocalCognito({
 *   pool: resolved.pools ?? pool,
 *   ...(resolved.functions ? { functions: resolved.functions } : {}),
 * });
 * // …
 * await resolved.close();
 * ```
 */
const resolveFunctions = async (options: ResolveFunctionsOptions): Promise<ResolvedFunctions> => {
  const sets: FunctionSet[] = [];
  const closeAll = () => Promise.all(sets.map((set) => set.close())).then(() => undefined);
  try {
    // Handlers given, even none, mean pools find their functions by name.
    if (options.handlers) sets.push(await functionsFromHandlers(options.handlers, options));
    if (options.specs && options.specs.length > 0)
      sets.push(await functionsFromSpecs(options.specs, options));
    let pools: readonly PoolDocument[] | undefined;
    let notes: readonly string[] = [];
    let endpointNames: Record<string, string> = {};
    if (options.template !== undefined && options.lambdaEndpoint !== undefined) {
      const template = await readSamTemplateFile(
        resolvePath(options.cwd, options.template),
        options.templateOptions,
      );
      pools = template.pools;
      notes = template.notes;
      endpointNames = Object.fromEntries(template.functions.map((fn) => [fn.functionName, fn.logicalId]));
    } else if (options.template !== undefined) {
      const set = await functionsFromTemplate(options.template, options);
      sets.push(set);
      pools = set.pools;
      notes = set.notes;
    }
    const endpoint =
      options.lambdaEndpoint === undefined
        ? undefined
        : lambdaEndpointFunctions(options.lambdaEndpoint, { names: endpointNames });
    const given = sets.length > 0 || endpoint !== undefined;
    return {
      ...(given ? { functions: firstOf(...sets.map((set) => set.functions), endpoint) } : {}),
      ...(pools ? { pools } : {}),
      described: [
        ...sets.flatMap((set) => set.described),
        ...(options.lambdaEndpoint === undefined ? [] : [{ names: ['*'], source: options.lambdaEndpoint }]),
      ],
      notes,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
};

/** The Custom message function a pool calls, and the name it was found by. */
interface ChosenFunction {
  readonly handler: LambdaHandler;
  readonly functionName?: string;
}

/**
 * The function the pool's `CustomMessage` trigger names: found by its name among `functions`, else `handler` (for
 * every pool). Undefined when the pool has no Custom message trigger or no function is given; the error Cognito
 * answers for a function that does not exist when `functions` knows none of that name and there is no `handler`.
 */
const customMessageFunction = (
  options: {
    readonly handler?: LambdaHandler | undefined;
    readonly functions?: FunctionResolver | undefined;
  },
  pool: PoolDocument,
  notes: string[],
): ChosenFunction | CognitoServiceError | undefined => {
  const arn = pool.UserPool.LambdaConfig?.CustomMessage;
  if (arn === undefined) return undefined;
  if (!options.functions) return options.handler ? { handler: options.handler } : undefined;
  const functionName = functionNameOf(arn);
  const handler = options.functions(functionName);
  if (handler) {
    notes.push(`${TRIGGER} → the function ${functionName}`);
    return { handler, functionName };
  }
  if (options.handler) {
    notes.push(
      `${TRIGGER} names the function ${functionName}, which is not given: the Custom message function runs`,
    );
    return { handler: options.handler };
  }
  notes.push(
    `[UNC] ${TRIGGER} names the function ${functionName} (${arn}), which does not exist here; Cognito's text for a missing function is not documented: the simulator answers UnexpectedLambdaException "${Messages.lambdaInvocationFailed(TRIGGER, 'ResourceNotFoundException')}" (docs/cognito-behaviour.md#trigger-functions)`,
  );
  return Exceptions.UnexpectedLambda(Messages.lambdaInvocationFailed(TRIGGER, 'ResourceNotFoundException'));
};

/**
 * Invokes the chosen function under the invocation's deadline. When Cognito could not invoke it at all (a
 * {@link LambdaInvokeFailure}: unknown at the endpoint, unreachable, throttled), `failure` is the error Cognito answers
 * with, and the invocation is not the function's.
 */
const invokeFunction = async (
  chosen: ChosenFunction,
  event: unknown,
  options: InvokeOptions | undefined,
  notes: string[],
): Promise<InvokeResult & { readonly failure?: CognitoServiceError }> => {
  let failure: LambdaInvokeFailure | undefined;
  const note = (error: unknown) => {
    if (error instanceof LambdaInvokeFailure) failure = error;
    return error;
  };
  const { handler } = chosen;
  const watched = ((
    payload: never,
    context: Context,
    callback: (error?: unknown, result?: unknown) => void,
  ) => {
    try {
      const returned = handler(payload, context, callback) as { then?: unknown } | undefined;
      if (returned && typeof returned.then === 'function')
        return (returned as Promise<unknown>).then(undefined, (error) => Promise.reject(note(error)));
      return returned;
    } catch (error) {
      throw note(error);
    }
  }) as LambdaHandler;
  // The runtime tells callback handlers from the others by their parameters: the watcher keeps the function's count.
  Object.defineProperty(watched, 'length', { value: handler.length });
  const result = await invokeHandler(watched, event, {
    ...options,
    ...(chosen.functionName === undefined ? {} : { functionName: chosen.functionName }),
  });
  if (!failure || result.invocation.kind !== 'threw') return result;
  notes.push(
    `[UNC] the function could not be invoked (${failure.message}); the simulator answers UnexpectedLambdaException naming ${failure.reason} (docs/cognito-behaviour.md#trigger-functions)`,
  );
  return {
    ...result,
    failure: Exceptions.UnexpectedLambda(Messages.lambdaInvocationFailed(TRIGGER, failure.reason)),
  };
};

export type {
  ChosenFunction,
  FunctionDescription,
  FunctionResolver,
  FunctionSet,
  OpenOptions,
  ResolvedFunctions,
  ResolveFunctionsOptions,
  TemplateSet,
};
export {
  customMessageFunction,
  functionNameOf,
  functionsFromSpecs,
  functionsFromTemplate,
  invokeFunction,
  LambdaInvokeFailure,
  resolveFunctions,
  templateFunctionSpec,
};
