/**
 * @module test/preview/project — a project of its own in a temporary folder, with the kit installed: its node_modules
 * links each package of this repository's, and the kit itself, as `npm install cognito-trigger-kit` would leave it.
 */
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Writes a file of the project, folders included. */
const writeProjectFile = (project: string, path: string, text: string): void => {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
};

/** Makes the project with these files (path → text); remove it with rmSync(dir, { recursive: true }). */
const makeProject = (files: Readonly<Record<string, string>>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'preview-project-'));
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules')))
    if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  symlinkSync(root, join(dir, 'node_modules', 'cognito-trigger-kit'));
  for (const [path, text] of Object.entries(files)) writeProjectFile(dir, path, text);
  return dir;
};

export { makeProject, writeProjectFile };
