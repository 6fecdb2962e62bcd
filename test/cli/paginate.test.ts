import { describe, expect, it } from 'vitest';
import { CliExitCode, CliParseError } from '../../src/cli/aws/errors.js';
import type { PaginatorDefinition } from '../../src/cli/aws/model.js';
import { formatPages } from '../../src/cli/aws/output/index.js';
import { paginate } from '../../src/cli/aws/paginate.js';
import { type JsonValue, PyDict, type PyValue } from '../../src/cli/aws/python/repr.js';
import { toJavaScript } from '../../src/cli/aws/validate.js';

const PAGINATOR: PaginatorDefinition = {
  inputToken: 'PaginationToken',
  outputToken: 'PaginationToken',
  limitKey: 'Limit',
  resultKey: 'Users',
};

/** A service with five users in pages of two: the token is where the next page starts. */
const service = () => {
  const requests: unknown[] = [];
  const users = ['a', 'b', 'c', 'd', 'e'].map((Username) => ({ Username }));
  const fetch = async (request: PyDict) => {
    const body = toJavaScript(request) as { PaginationToken?: string; Limit?: number };
    requests.push(body);
    const start = Number(body.PaginationToken ?? 0);
    const end = start + (body.Limit ?? 2);
    const page = {
      Users: users.slice(start, end),
      ...(end < users.length ? { PaginationToken: String(end) } : {}),
    };
    return { page: page as JsonValue };
  };
  return { requests, fetch };
};

const requestWith = (config: Record<string, PyValue>) => {
  const request = new PyDict(false);
  request.entries.set('UserPoolId', 'p');
  const dict = new PyDict(false);
  for (const [key, value] of Object.entries(config)) dict.entries.set(key, value);
  if (Object.keys(config).length > 0) request.entries.set('PaginationConfig', dict);
  return request;
};

const decoded = (token: string | undefined) =>
  JSON.parse(Buffer.from(token ?? '', 'base64').toString('utf8'));

describe('Function: paginate', () => {
  it("follows the service's token to the last page, and the pages print as one list", async () => {
    // Prepare
    const { requests, fetch } = service();

    // Act
    const result = await paginate(PAGINATOR, requestWith({}), fetch);

    // Assess
    expect(requests).toEqual([
      { UserPoolId: 'p' },
      { UserPoolId: 'p', PaginationToken: '2' },
      { UserPoolId: 'p', PaginationToken: '4' },
    ]);
    expect(formatPages('ListUsers', { resultKey: 'Users', pages: result.pages }, 'text')).toBe(
      'USERS\ta\nUSERS\tb\nUSERS\tc\nUSERS\td\nUSERS\te\n',
    );
    expect(result.nextToken).toBeUndefined();
  });

  it('cuts the list at --max-items and says where to resume, the way aws encodes it', async () => {
    // Prepare
    const { fetch } = service();

    // Act
    const cut = await paginate(PAGINATOR, requestWith({ MaxItems: 3n }), fetch);
    const resumed = await paginate(PAGINATOR, requestWith({ StartingToken: cut.nextToken as string }), fetch);

    // Assess
    expect(decoded(cut.nextToken)).toEqual({ PaginationToken: '2', boto_truncate_amount: 1 });
    expect(Buffer.from(cut.nextToken as string, 'base64').toString()).toBe(
      '{"PaginationToken": "2", "boto_truncate_amount": 1}',
    );
    const names = (pages: readonly JsonValue[]) =>
      pages.flatMap((page) => (page as { Users: { Username: string }[] }).Users.map((user) => user.Username));
    expect([names(cut.pages), names(resumed.pages)]).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('asks for --page-size items a page, as the operation’s limit', async () => {
    const { requests, fetch } = service();
    await paginate(PAGINATOR, requestWith({ PageSize: 4n, MaxItems: 4n }), fetch);
    expect(requests).toEqual([{ UserPoolId: 'p', Limit: 4 }]);
  });

  it('takes a token it did not write for the service’s own', async () => {
    const { requests, fetch } = service();
    await paginate(PAGINATOR, requestWith({ StartingToken: '4' }), fetch);
    expect(requests).toEqual([{ UserPoolId: 'p', PaginationToken: '4' }]);
  });

  it('ends as aws does, exit status 255, when the service gives the same token twice', async () => {
    // Prepare
    const stuck = async () => ({ page: { Users: [], PaginationToken: 'same' } as JsonValue });

    // Act
    const error = await paginate(PAGINATOR, requestWith({}), stuck).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(CliParseError);
    expect([(error as CliParseError).message, (error as CliParseError).exitCode]).toEqual([
      "Error during pagination: The same next token was received twice: {'PaginationToken': 'same'}",
      CliExitCode.General,
    ]);
  });
});
