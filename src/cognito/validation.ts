/** @module cognito/validation — request validation in the words of Cognito's `N validation errors detected`. */

/** A string member's constraints, as in the service model. */
interface StringConstraint {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** Sensitive members leave their value out of the message. */
  readonly sensitive?: boolean;
  readonly required?: boolean;
}

/** The members of the operations this kit reproduces (service model cognito-idp 2016-04-18). */
const Constraints = {
  UserPoolId: { min: 1, max: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+', required: true },
  Username: {
    min: 1,
    max: 128,
    pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
    sensitive: true,
    required: true,
  },
  AttributeName: { min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', required: true },
  AttributeValue: { max: 2048, sensitive: true },
  AccessToken: { pattern: '[A-Za-z0-9-_=.]+', sensitive: true, required: true },
  ClientId: { min: 1, max: 128, pattern: '[\\w+]+', sensitive: true, required: true },
  ClientMetadataEntry: { min: 0, max: 131_072 },
  ConfirmationCode: { min: 1, max: 2048, pattern: '[\\S]+', required: true },
} as const satisfies Record<string, StringConstraint>;

const compiled = new Map<string, RegExp>();
/** Java's `matches()`: the whole value. `\w` is ASCII in Java as in JavaScript. */
const matchesWhole = (pattern: string, value: string): boolean => {
  let regExp = compiled.get(pattern);
  if (regExp === undefined) {
    regExp = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regExp);
  }
  return regExp.test(value);
};

/** One `Value … at '…' failed to satisfy constraint: …` clause per broken constraint, in Cognito's order. */
const violations = (path: string, value: unknown, constraint: StringConstraint): string[] => {
  const shown = (text: string) =>
    constraint.sensitive ? `Value at '${path}'` : `Value '${text}' at '${path}'`;
  if (value === undefined || value === null)
    return constraint.required
      ? [`Value null at '${path}' failed to satisfy constraint: Member must not be null`]
      : [];
  const text = String(value);
  const found: string[] = [];
  if (constraint.min !== undefined && text.length < constraint.min)
    found.push(
      `${shown(text)} failed to satisfy constraint: Member must have length greater than or equal to ${constraint.min}`,
    );
  if (constraint.max !== undefined && text.length > constraint.max)
    found.push(
      `${shown(text)} failed to satisfy constraint: Member must have length less than or equal to ${constraint.max}`,
    );
  if (constraint.pattern !== undefined && !matchesWhole(constraint.pattern, text))
    found.push(
      `${shown(text)} failed to satisfy constraint: Member must satisfy regular expression pattern: ${constraint.pattern}`,
    );
  return found;
};

/**
 * Joins clauses the way Cognito does: `1 validation error detected: …`, or `N validation errors detected: …; …`.
 * Returns undefined when there is nothing to report.
 *
 * @example
 * ```ts
 * validationMessage(violations('userPoolId', '', Constraints.UserPoolId));
 * // "2 validation errors detected: Value '' at 'userPoolId' failed to satisfy constraint: …"
 * ```
 */
const validationMessage = (clauses: readonly string[]): string | undefined =>
  clauses.length === 0
    ? undefined
    : `${clauses.length} validation error${clauses.length === 1 ? '' : 's'} detected: ${clauses.join('; ')}`;

export type { StringConstraint };
export { Constraints, validationMessage, violations };
