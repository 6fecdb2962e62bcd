/**
 * @module local/operations/list-users — ListUsers: the pool's users a page at a time, narrowed by a `Filter` on one of
 * the attributes Cognito searches, with only the attributes asked for.
 */
import { createHash } from 'node:crypto';
import { Exceptions, Messages } from '../../cognito/errors.js';
import {
  LIST_USERS_FILTER_MAX_LENGTH,
  LIST_USERS_MAX_LIMIT,
  PAGINATION_TOKEN_VALIDITY_MS,
} from '../../cognito/limits.js';
import { Constraints, type StringConstraint, violations } from '../../cognito/validation.js';
import { raise } from '../client-requests.js';
import type { Engine } from '../engine.js';
import { attributeValue, type User } from '../pool.js';
import { userType } from './admin-create-user.js';

interface ListUsersRequest {
  readonly UserPoolId: string;
  readonly AttributesToGet?: readonly string[];
  readonly Limit?: number;
  readonly PaginationToken?: string;
  readonly Filter?: string;
}

/**
 * The attributes ListUsers searches, and whether their values compare with case. The service model names username
 * and status case-sensitive and cognito:user_status case-insensitive; the others follow the older guide's "All
 * searches are case-insensitive" [UNC].
 */
const SEARCHABLE = {
  username: { caseSensitive: true },
  email: { caseSensitive: false },
  phone_number: { caseSensitive: false },
  name: { caseSensitive: false },
  given_name: { caseSensitive: false },
  family_name: { caseSensitive: false },
  preferred_username: { caseSensitive: false },
  'cognito:user_status': { caseSensitive: false },
  status: { caseSensitive: true },
  sub: { caseSensitive: false },
} as const;

type SearchableAttribute = keyof typeof SEARCHABLE;

/** A parsed `Filter`: `attribute = "value"` (exact) or `attribute ^= "value"` (starts with). */
interface Filter {
  readonly attribute: SearchableAttribute;
  readonly type: '=' | '^=';
  readonly value: string;
}

/** `AttributeName Filter-Type "AttributeValue"`, blanks around each part, `\"` and `\\` escaped in the value. */
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/su;

/**
 * Parses a ListUsers `Filter`; undefined for an empty one, which lists everyone. Anything else — another shape, an
 * attribute Cognito does not search (custom attributes included) — is InvalidParameterException `Error while parsing
 * filter.`
 *
 * @example
 * ```ts
 * parseFilter('email ^= "diego"'); // { attribute: 'email', type: '^=', value: 'diego' }
 * ```
 */
const parseFilter = (text: string | undefined, notes: string[] = []): Filter | undefined => {
  if (text === undefined || text.trim() === '') return undefined;
  const match = FILTER.exec(text);
  const [, attribute = '', type, value = ''] = match ?? [];
  if (!match) throw Exceptions.InvalidParameter(Messages.filterParse);
  if (!Object.hasOwn(SEARCHABLE, attribute)) {
    notes.push(
      `[UNC] the text for a filter on ${attribute}, which Cognito does not search, is assumed to be the one observed for a filter it cannot read (docs/cognito-behaviour.md#listing-users)`,
    );
    throw Exceptions.InvalidParameter(Messages.filterParse);
  }
  return {
    attribute: attribute as SearchableAttribute,
    type: type as Filter['type'],
    value: value.replace(/\\(.)/gsu, '$1'),
  };
};

/** A user's value for a searchable attribute. */
const searchedValue = (user: User, attribute: SearchableAttribute): string | undefined => {
  if (attribute === 'username') return user.Username;
  if (attribute === 'cognito:user_status') return user.UserStatus ?? 'CONFIRMED';
  if (attribute === 'status') return user.Enabled === false ? 'Disabled' : 'Enabled';
  return attributeValue(user, attribute);
};

const matches = (user: User, filter: Filter): boolean => {
  const found = searchedValue(user, filter.attribute);
  if (found === undefined) return false;
  const fold = (text: string) => (SEARCHABLE[filter.attribute].caseSensitive ? text : text.toLowerCase());
  return filter.type === '='
    ? fold(found) === fold(filter.value)
    : fold(found).startsWith(fold(filter.value));
};

/** Where a page ends: the sort key and username of its last user, for the query it belongs to, until it expires. */
interface PageCursor {
  readonly key: string;
  readonly username: string;
  readonly query: string;
  readonly expires: number;
}

const queryOf = (userPoolId: string, filter: string | undefined): string =>
  createHash('sha256')
    .update(`${userPoolId}\n${filter ?? ''}`)
    .digest('base64url')
    .slice(0, 16);

const encodeCursor = (cursor: PageCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** The cursor a PaginationToken holds; InvalidParameterException when it is not one for this query, or has expired. */
const decodeCursor = (token: string, query: string, notes: string[]): PageCursor => {
  const invalid = () => {
    notes.push(
      '[UNC] the text for a pagination token that is not one for this query, or is past its hour, is not documented (docs/cognito-behaviour.md#listing-users)',
    );
    return Exceptions.InvalidParameter(Messages.invalidPaginationToken);
  };
  let cursor: Partial<PageCursor>;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    typeof cursor?.key !== 'string' ||
    typeof cursor.username !== 'string' ||
    cursor.query !== query ||
    typeof cursor.expires !== 'number' ||
    Date.now() > cursor.expires
  )
    throw invalid();
  return cursor as PageCursor;
};

const compare = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** `SearchPaginationTokenType` of the service model. */
const PAGINATION_TOKEN = { min: 1, pattern: '[\\S]+' } as const satisfies StringConstraint;

const validateListUsers = (request: ListUsersRequest): void => {
  const limit = request.Limit;
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...(Array.isArray(request.AttributesToGet)
      ? request.AttributesToGet.flatMap((name, index) =>
          violations(`attributesToGet.${index + 1}.member`, name, Constraints.AttributeName),
        )
      : []),
    ...(typeof limit === 'number' && limit > LIST_USERS_MAX_LIMIT
      ? [
          `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${LIST_USERS_MAX_LIMIT}`,
        ]
      : []),
    ...(typeof limit === 'number' && limit < 0
      ? [
          `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0`,
        ]
      : []),
    ...violations('paginationToken', request.PaginationToken, PAGINATION_TOKEN),
    ...violations('filter', request.Filter, { max: LIST_USERS_FILTER_MAX_LENGTH }),
  ]);
};

/**
 * ListUsers: the pool's users, narrowed by `Filter`, sorted by the filtered attribute (by username without one)
 * [UNC], `Limit` a page (at most 60, the default), with a PaginationToken while more remain; it holds for an hour.
 * With `AttributesToGet` each user carries only those attributes, and every user of the page must have a value for
 * each (InvalidParameterException otherwise). In an email-as-username pool `username` is the UUID, not the email.
 *
 * @example
 * ```ts
 * await cognito.call('ListUsers', { UserPoolId, Filter: 'email ^= "diego"', AttributesToGet: ['email'] });
 * ```
 */
const listUsers = (engine: Engine, request: ListUsersRequest, notes: string[]): Record<string, unknown> => {
  validateListUsers(request);
  const pool = engine.pool(request.UserPoolId);
  const filter = parseFilter(request.Filter, notes);
  const keyOf = (user: User) => (filter ? (searchedValue(user, filter.attribute) ?? '') : user.Username);
  const query = queryOf(pool.UserPool.Id, request.Filter);
  const after =
    request.PaginationToken === undefined ? undefined : decodeCursor(request.PaginationToken, query, notes);
  const sorted = (pool.Users ?? [])
    .filter((user) => !filter || matches(user, filter))
    .map((user) => ({ user, at: [keyOf(user), user.Username] as const }))
    .sort((a, b) => compare(a.at, b.at));
  const remaining = after ? sorted.filter(({ at }) => compare(at, [after.key, after.username]) > 0) : sorted;
  const limit = request.Limit || LIST_USERS_MAX_LIMIT;
  const page = remaining.slice(0, limit);
  const wanted = request.AttributesToGet;
  if (wanted !== undefined && page.some(({ user }) => wanted.some((name) => !attributeValue(user, name)))) {
    notes.push(
      '[UNC] AWS documents an error when a user of the results has no value for an attribute of AttributesToGet, not its text; the simulator uses the text seen for a failed ListUsers with AttributesToGet (docs/cognito-behaviour.md#listing-users)',
    );
    throw Exceptions.InvalidParameter(Messages.inputConstraints);
  }
  const last = page.at(-1);
  return {
    Users: page.map(({ user }) =>
      userType(
        user,
        wanted === undefined
          ? user.UserAttributes
          : wanted.map((Name) => ({ Name, Value: attributeValue(user, Name) as string })),
      ),
    ),
    ...(last && remaining.length > page.length
      ? {
          PaginationToken: encodeCursor({
            key: last.at[0],
            username: last.at[1],
            query,
            expires: Date.now() + PAGINATION_TOKEN_VALIDITY_MS,
          }),
        }
      : {}),
  };
};

export type { Filter, ListUsersRequest, SearchableAttribute };
export { listUsers, parseFilter, SEARCHABLE };
