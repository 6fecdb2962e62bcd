/** @module local/codes — the codes Cognito sends and checks: kept with the user, judged when offered. */
import { type CognitoServiceError, Exceptions, Messages } from '../cognito/errors.js';
import { WRONG_CODE_LIMIT } from '../cognito/limits.js';
import type { User } from './pool.js';

/** The user with the codes just sent, each replacing any earlier code for the same attribute. */
const withCodesSent = (user: User, codes: ReadonlyMap<string, string>, expiresAt: number): User =>
  codes.size === 0
    ? user
    : {
        ...user,
        Codes: {
          ...user.Codes,
          ...Object.fromEntries(
            [...codes].map(([attribute, Code]) => [attribute, { Code, ExpiresAt: expiresAt, Failures: 0 }]),
          ),
        },
      };

/**
 * A code offered for an attribute, judged: the error to answer with, and the user to save (with the failure counted
 * when the code was wrong, unchanged otherwise).
 */
const checkCode = (
  user: User,
  attribute: string,
  code: string,
  now: number,
): { user: User; error?: CognitoServiceError } => {
  const stored = user.Codes?.[attribute];
  if (stored === undefined || now > stored.ExpiresAt)
    return { user, error: Exceptions.ExpiredCode(Messages.expiredCode) };
  if (stored.Failures >= WRONG_CODE_LIMIT)
    return { user, error: Exceptions.LimitExceeded(Messages.attemptLimitExceeded) };
  if (stored.Code === code) return { user };
  return {
    user: { ...user, Codes: { ...user.Codes, [attribute]: { ...stored, Failures: stored.Failures + 1 } } },
    error: Exceptions.CodeMismatch(Messages.codeMismatch),
  };
};

/** The user once an attribute is verified: the pending value in place, the flag true, the code used up. */
const verified = (user: User, attribute: string): User => {
  const pending = user.PendingAttributes?.find((a) => a.Name === attribute);
  const flag = `${attribute}_verified`;
  const attributes = user.UserAttributes.filter((a) => a.Name !== flag && !(pending && a.Name === attribute));
  const { [attribute]: _used, ...codes } = user.Codes ?? {};
  const remaining = (user.PendingAttributes ?? []).filter((a) => a.Name !== attribute);
  const next: User = {
    ...user,
    UserAttributes: [...attributes, ...(pending ? [pending] : []), { Name: flag, Value: 'true' }],
    Codes: codes,
    PendingAttributes: remaining,
  };
  if (remaining.length === 0) delete (next as { PendingAttributes?: unknown }).PendingAttributes;
  if (Object.keys(codes).length === 0) delete (next as { Codes?: unknown }).Codes;
  return next;
};

export { checkCode, verified, withCodesSent };
