/**
 * @module bench/measure — what the benchmark scripts measure with: the median and percentiles of their samples, and
 * the measuring process (bench/lambda-child.ts) compiled for a benchmark's output folder.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The middle sample; for an even count, the mean of the two middle ones. */
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The sample below which `p` percent of them lie (nearest rank). */
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

/**
 * Compiles bench/lambda-child.ts to `<outDir>/lambda-child.mjs`, so that no TypeScript hooks run in the measured
 * process, and returns its path.
 *
 * @example
 * ```ts
 * const script = await buildLambdaChild(outDir);
 * spawn(process.execPath, [script, 'cold', bundle, eventFile, out]);
 * ```
 */
const buildLambdaChild = async (outDir: string): Promise<string> => {
  const outfile = join(outDir, 'lambda-child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('lambda-child.ts', import.meta.url))],
    outfile,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'esm',
    logLevel: 'silent',
  });
  return outfile;
};

export { buildLambdaChild, median, percentile };
