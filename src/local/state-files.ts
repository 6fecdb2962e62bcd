/**
 * @module local/state-files — how the state directory's files are written and read: owner-only modes, whole files
 * (a temporary name renamed or linked into place), a stamp that tells one version of a file from another, and the
 * state's own error, which names the file and the way out.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { LockError } from './lock.js';

/** Folders and files of the state hold passwords, codes and keys: owner only. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * The state directory cannot be used as it is: a file that is not what the kit wrote, a folder that cannot be
 * written, a lock held too long. The message names the file and the way out.
 */
class StateError extends Error {
  override readonly name = 'StateError';
}

/** Writes a file whole or not at all: to a temporary name, then renamed over the old one. */
const writeAtomically = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: FILE_MODE });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
};

/**
 * Creates a file only if it does not exist yet, whole: written under a temporary name, then linked into place, which
 * fails when another process was first. Returns false when the file already existed.
 */
const createOnce = (path: string, text: string): boolean => {
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temporary, text, { mode: FILE_MODE });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
};

/** Turns a file-system failure into the state's own error, naming what could not be done. */
const asStateError = (doing: string, error: unknown): Error => {
  if (error instanceof StateError) return error;
  if (error instanceof LockError) return new StateError(error.message, { cause: error });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string')
    return new StateError(`cannot ${doing}: ${(error as Error).message}`, { cause: error });
  return error as Error;
};

/** The state's folder may not be written here (a read-only copy): it can still be read. */
const cannotWrite = (error: unknown): boolean => {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (['EACCES', 'EPERM', 'EROFS'].includes(String((cause as NodeJS.ErrnoException).code))) return true;
  return false;
};

/** A state file's text, or undefined when there is no such file. */
const readIfExists = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw asStateError(`read ${path}`, error);
  }
};

/** What identifies a version of a file: its modification time, size and inode; undefined when it does not exist. */
const stampOf = (path: string): string | undefined => {
  try {
    const { mtimeMs, size, ino } = statSync(path);
    return `${mtimeMs}:${size}:${ino}`;
  } catch {
    return undefined;
  }
};

export {
  asStateError,
  cannotWrite,
  createOnce,
  DIR_MODE,
  FILE_MODE,
  readIfExists,
  StateError,
  stampOf,
  writeAtomically,
};
