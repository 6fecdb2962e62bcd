/**
 * @module test/sms/missing-package — runs a script in a Node.js process of its own (the project's TypeScript hooks and
 * `source` condition, as `npm run bench` runs code) where one package can't be found: a resolve hook resolves that
 * specifier, and only that one, from a folder with no node_modules, so that Node.js itself throws the
 * ERR_MODULE_NOT_FOUND an uninstalled package gives. Everything else loads from the real node_modules.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const dataUrl = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`;

/** What the script printed as JSON on its last line of stdout. */
const runWithout = async <T>(packageName: string, script: string): Promise<T> => {
  const hooks = `export async function resolve(specifier, context, nextResolve) {
    if (specifier !== ${JSON.stringify(packageName)}) return nextResolve(specifier, context);
    return nextResolve(specifier, { ...context, parentURL: 'file:///nonexistent/handler/index.mjs' });
  }`;
  const registration = `import { register } from 'node:module'; register(${JSON.stringify(dataUrl(hooks))});`;
  const { stdout } = await run(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      './bin/register-ts.mjs',
      '--import',
      dataUrl(registration),
      '--input-type=module',
      '--eval',
      script,
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_REGION: 'us-west-2',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as T;
};

/** Script text that prints, as JSON, what `promise` (an expression) rejected with, and its cause. */
const printRejection = (promise: string) => `
const describe = (e) => e && { name: e.name, message: e.message, code: e.code, packageName: e.packageName };
try {
  await (${promise});
  console.log(JSON.stringify({ resolved: true }));
} catch (error) {
  console.log(JSON.stringify({ ...describe(error), cause: describe(error.cause), causeOfCause: describe(error.cause?.cause) }));
}`;

interface Rejection {
  readonly resolved?: true;
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly packageName?: string;
  readonly cause?: { readonly name: string; readonly message: string; readonly code?: string } | null;
  readonly causeOfCause?: { readonly name: string; readonly message: string; readonly code?: string } | null;
}

export type { Rejection };
export { printRejection, runWithout };
