/**
 * @module bench/deployed — handler sources built as `cognito-trigger build` deploys them: by buildHandlers itself (its
 * platform, target, format, minification, banner and externals), from a project folder of the benchmark's own whose
 * handlers/ links to each source, so that the repository's package.json build settings play no part.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { buildHandlers } from '../src/build/build.js';

interface DeployedBundle {
  /** The absolute path of the bundle's index.mjs. */
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/**
 * Builds each source under `dir` (which must not exist yet, or be empty) and returns its bundle by name.
 *
 * @example
 * ```ts
 * const built = await buildAsDeployed(join(outDir, 'project'), { kit: join(root, 'handlers', 'custom-message.ts') });
 * await import(built.kit.outfile);
 * ```
 */
const buildAsDeployed = async <N extends string>(
  dir: string,
  sources: Readonly<Record<N, string>>,
): Promise<Record<N, DeployedBundle>> => {
  const names = Object.keys(sources) as N[];
  await mkdir(join(dir, 'handlers'), { recursive: true });
  for (const name of names) await symlink(sources[name], join(dir, 'handlers', `${name}.ts`));
  const { handlers } = await buildHandlers({ root: dir, zip: false, only: names });
  return Object.fromEntries(
    handlers.map((built) => [
      built.name,
      { outfile: join(dir, built.outfile), bytes: built.bytes, gzipBytes: built.gzipBytes },
    ]),
  ) as Record<N, DeployedBundle>;
};

export type { DeployedBundle };
export { buildAsDeployed };
