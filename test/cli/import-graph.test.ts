import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/** Each module of src/ and the modules of src/ it imports, statically or with `await import()`. */
let graph: ReadonlyMap<string, readonly string[]>;

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

beforeAll(async () => {
  // esbuild resolves every import as Node would, drops the type-only ones, and says where each one leads.
  const { metafile } = await build({
    entryPoints: sources('src'),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    splitting: true,
    outdir: 'import-graph',
    logLevel: 'silent',
  });
  graph = new Map(
    Object.entries(metafile.inputs).map(([path, input]) => [
      path,
      input.imports.filter((edge) => !edge.external && edge.path.startsWith('src/')).map((edge) => edge.path),
    ]),
  );
}, 30_000);

/** Every cycle, each as the path that closes it. */
const cyclesOf = (edges: ReadonlyMap<string, readonly string[]>): string[] => {
  const done = new Set<string>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string) => {
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at !== -1) cycles.push([...path.slice(at), next].join(' → '));
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(node);
  };
  for (const node of edges.keys()) if (!done.has(node)) visit(node);
  return cycles;
};

describe('Import graph of src/', () => {
  it('has no cycle, through static imports or await import()', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('finds a cycle where there is one, so that an empty list means something', () => {
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a → b → c → a']);
  });

  it('keeps the aws emulation to itself: src/cli/aws/ imports nothing else of the kit', () => {
    // Act
    const outside = [...graph]
      .filter(([path]) => path.startsWith('src/cli/aws/'))
      .flatMap(([path, imports]) =>
        imports.filter((target) => !target.startsWith('src/cli/aws/')).map((target) => `${path} → ${target}`),
      );

    // Assess
    expect(outside).toEqual([]);
    expect([...graph.keys()].filter((path) => path.startsWith('src/cli/aws/')).length).toBeGreaterThan(15);
  });
});
