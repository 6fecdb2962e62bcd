/**
 * @module aws/optional-package — the AWS packages the kit imports only on first use (the Encryption SDK, the SNS, SSM
 * and AppConfig clients): optional peers, and a clear error that names the package to install when one is missing.
 */

/** Who needs an optional package, and what for: `The Custom SMS sender` needs it `to decrypt the code`. */
interface PackageNeed {
  readonly by: string;
  readonly to: string;
}

/**
 * Thrown when an optional peer package, imported on first use, is not installed. The message names the package and
 * the command that installs it; `cause` is the module-resolution error.
 *
 * @example
 * ```ts
 * await decrypter.decrypt(code).catch((error) => {
 *   if (error.name === 'MissingPackageError') console.error(error.message); // "… npm install @aws-crypto/client-node"
 *   throw error;
 * });
 * ```
 */
class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
  /** The package to install, e.g. `@aws-crypto/client-node`. */
  readonly packageName: string;
  constructor(packageName: string, need: PackageNeed, options: { readonly cause: unknown }) {
    super(`${need.by} needs ${packageName} to ${need.to}: npm install ${packageName}`, {
      cause: options.cause,
    });
    this.packageName = packageName;
  }
}

/**
 * Whether `error` says that `packageName` itself can't be found (not installed, or installed without its files), as
 * Node.js's ESM (`ERR_MODULE_NOT_FOUND`) and CommonJS (`MODULE_NOT_FOUND`) loaders word it. A dependency missing inside
 * the package is another package's problem: the error names that one, and is left as it is.
 */
const isPackageNotFound = (error: unknown, packageName: string): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if ((code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') || typeof message !== 'string')
    return false;
  const missing = /^Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1]?.replaceAll('\\', '/');
  return missing === packageName || (missing?.includes(`/node_modules/${packageName}/`) ?? false);
};

/**
 * Imports an optional peer package with `load` (an `import()` of it, written out so that bundlers see the name), and
 * turns "not found" for that package into a {@link MissingPackageError} that says what to install. Any other failure,
 * a missing dependency of the package included, is thrown as it is.
 *
 * @example
 * ```ts
 * const sns = await importOptional(() => import('@aws-sdk/client-sns'), '@aws-sdk/client-sns', {
 *   by: 'The Custom SMS sender',
 *   to: 'publish the SMS',
 * });
 * ```
 */
const importOptional = async <T>(
  load: () => Promise<T>,
  packageName: string,
  need: PackageNeed,
): Promise<T> => {
  try {
    return await load();
  } catch (error) {
    if (isPackageNotFound(error, packageName))
      throw new MissingPackageError(packageName, need, { cause: error });
    throw error;
  }
};

export type { PackageNeed };
export { importOptional, MissingPackageError };
