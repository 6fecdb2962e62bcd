import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Bundles one line as a user's test setup file would, with the package's own "sideEffects" honoured. */
const bundle = async (contents: string) => {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    conditions: ['source'],
    external: ['vitest'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
};

describe('package.json "sideEffects"', () => {
  it('keeps the matchers’ registration when a bundler sees a bare import of testing/vitest', async () => {
    // Act
    const text = await bundle("import 'cognito-trigger-kit/testing/vitest';");

    // Assess
    expect(text).toContain('expect.extend(');
    expect(text).toContain('toDeliverEmail');
  });

  it('still lets a bundler drop a module with no side effects that nothing uses (the check can fail)', async () => {
    // Act
    const text = await bundle("import 'cognito-trigger-kit/testing';");

    // Assess
    expect(text).not.toContain('toDeliverEmail');
  });
});
