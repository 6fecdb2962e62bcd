// Node module hooks that run TypeScript sources directly: `.ts` files are transpiled with esbuild on load, and a
// relative `./x.js` import resolves to `./x.ts` when only the TypeScript source exists. Where this package is not
// built (a checkout of its repository), imports of `cognito-trigger-kit` resolve to its TypeScript sources.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const unbuilt = !existsSync(new URL('../lib/index.js', import.meta.url));

export async function resolve(specifier, context, nextResolve) {
  if (unbuilt && (specifier === 'cognito-trigger-kit' || specifier.startsWith('cognito-trigger-kit/')))
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'source'] });
  if (
    (specifier.startsWith('.') || specifier.startsWith('/')) &&
    specifier.endsWith('.js') &&
    context.parentURL
  ) {
    const url = new URL(specifier, context.parentURL);
    if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
      const ts = new URL(url.href.replace(/\.js$/, '.ts'));
      if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !/\.[cm]?ts$/.test(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: path,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
