/** @module local/passwords — a pool's password policy, and a new password judged against it as Cognito judges it. */
import { Exceptions, Messages } from '../cognito/errors.js';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_SYMBOLS } from '../cognito/limits.js';
import type { StringConstraint } from '../cognito/validation.js';
import type { PoolDocument, UserPool } from './pool.js';

/** `Policies.PasswordPolicy` of DescribeUserPool. */
interface PasswordPolicy {
  readonly MinimumLength?: number;
  readonly RequireUppercase?: boolean;
  readonly RequireLowercase?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireSymbols?: boolean;
  readonly TemporaryPasswordValidityDays?: number;
  readonly PasswordHistorySize?: number;
}

/** The pool members this module reads, beyond those every pool file is typed with. */
type PoolWithPolicies = UserPool & { readonly Policies?: { readonly PasswordPolicy?: PasswordPolicy } };

/** `PasswordType` of the service model: no whitespace, at most 256 characters, left out of messages. */
const PASSWORD_CONSTRAINT = {
  max: 256,
  pattern: '[\\S]+',
  sensitive: true,
  required: true,
} as const satisfies StringConstraint;

/** The pool's password policy; `assumed` when the pool file sets none and CreateUserPool's default stands in. */
const passwordPolicyOf = (pool: PoolDocument): { policy: PasswordPolicy; assumed: boolean } => {
  const policy = (pool.UserPool as PoolWithPolicies).Policies?.PasswordPolicy;
  return policy ? { policy, assumed: false } : { policy: DEFAULT_PASSWORD_POLICY, assumed: true };
};

const hasSymbol = (password: string): boolean => [...password].some((c) => PASSWORD_SYMBOLS.includes(c));

/**
 * Throws InvalidPasswordException when `password` breaks the pool's policy, naming the first rule it breaks (length,
 * then uppercase, lowercase, numbers, symbols). Notes say where the outcome rests on an assumption.
 *
 * @example
 * ```ts
 * checkPasswordPolicy(pool, 'short', notes); // InvalidPasswordException: Password did not conform with policy: …
 * ```
 */
const checkPasswordPolicy = (pool: PoolDocument, password: string, notes: string[]): void => {
  const { policy, assumed } = passwordPolicyOf(pool);
  if (assumed)
    notes.push(
      '[UNC] the pool sets no Policies.PasswordPolicy: the simulator applies the default CreateUserPool is believed to give (8 characters, every character class) (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
  const broken =
    password.length < (policy.MinimumLength ?? 0)
      ? 'Password not long enough'
      : policy.RequireUppercase && !/[A-Z]/.test(password)
        ? 'Password must have uppercase characters'
        : policy.RequireLowercase && !/[a-z]/.test(password)
          ? 'Password must have lowercase characters'
          : policy.RequireNumbers && !/[0-9]/.test(password)
            ? 'Password must have numeric characters'
            : policy.RequireSymbols && !hasSymbol(password)
              ? 'Password must have symbol characters'
              : undefined;
  if (broken === undefined) return;
  notes.push(
    '[UNC] observed InvalidPasswordException texts name one broken rule; which rule Cognito names first when several are broken is not documented (docs/cognito-behaviour.md#sign-up-and-passwords)',
  );
  throw Exceptions.InvalidPassword(Messages.passwordPolicy(broken));
};

export type { PasswordPolicy };
export { checkPasswordPolicy, PASSWORD_CONSTRAINT, passwordPolicyOf };
