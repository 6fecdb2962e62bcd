/** @module cli/pool-file — `--pool FILE`: a user pool as `aws cognito-idp describe-user-pool` prints it, with its users. */
import { readFileSync } from 'node:fs';
import type { PoolDocument } from '../local/pool.js';
import { UsageError } from './aws/args.js';

/** Loads `--pool FILE`: DescribeUserPool's output with `UserPoolClients` and `Users` beside `UserPool`. */
const loadPoolFile = (path: string): PoolDocument => {
  let document: PoolDocument;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      '',
      `\ncognito-trigger: cannot read the pool file ${path}: ${(error as Error).message}\n`,
    );
  }
  if (typeof document?.UserPool?.Id !== 'string')
    throw new UsageError(
      '',
      `\ncognito-trigger: ${path} is not a pool file: it needs "UserPool" as \`aws cognito-idp describe-user-pool\` prints it (with "Id"), and may have "UserPoolClients" and "Users"\n`,
    );
  return document;
};

export { loadPoolFile };
