/** @module test/cli/shorthand-aws — runs the real aws-cli 2.9.19 against a local server that records what it sends. */

import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_CLI, AWS_CLI_VERSION, AWS_ENV, installedAwsCliVersion } from '../helpers/aws-cli.js';

/** The two operations that take `--user-attributes` and `--client-metadata`. */
type Operation = 'admin-update-user-attributes' | 'update-user-attributes';

/** One run of the CLI: the words of each option, and which option the case is about. */
interface ShorthandCase {
  readonly name: string;
  readonly operation: Operation;
  /** The option whose words the case is about; the other one, when given, is valid. */
  readonly subject: 'userAttributes' | 'clientMetadata';
  readonly userAttributes: readonly string[];
  readonly clientMetadata?: string;
}

/** What the CLI sent, or what it printed on stderr and its exit status when it sent nothing. */
type ShorthandOutcome =
  | { readonly request: { readonly UserAttributes?: unknown; readonly ClientMetadata?: unknown } }
  | { readonly exitCode: number; readonly stderr: string };

interface GoldenFile {
  readonly awsCliVersion: string;
  readonly cases: readonly (ShorthandCase & { readonly outcome: ShorthandOutcome })[];
}

/** A local endpoint that answers every request with `{}` and keeps each body under the token the case sent. */
interface CaptureServer {
  readonly url: string;
  readonly bodies: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

const startCaptureServer = async (): Promise<CaptureServer> => {
  const bodies = new Map<string, Record<string, unknown>>();
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      bodies.set(String(body.Username ?? body.AccessToken), body);
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-RequestId': 'capture',
      });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

/** Runs one case with the real CLI; `token` tells this run's request apart from the others running at once. */
const runAws = (
  server: CaptureServer,
  shorthandCase: ShorthandCase,
  token: string,
): Promise<ShorthandOutcome> => {
  const identity =
    shorthandCase.operation === 'admin-update-user-attributes'
      ? ['--user-pool-id', 'us-west-2_aaaaaaaaa', '--username', token]
      : ['--access-token', token];
  const args = [
    '--endpoint-url',
    server.url,
    'cognito-idp',
    shorthandCase.operation,
    ...identity,
    '--user-attributes',
    ...shorthandCase.userAttributes,
    ...(shorthandCase.clientMetadata === undefined
      ? []
      : ['--client-metadata', shorthandCase.clientMetadata]),
  ];
  return new Promise((resolve, reject) => {
    execFile(AWS_CLI, args, { env: AWS_ENV, encoding: 'utf8' }, (error, _stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
      if (exitCode === undefined) return reject(error);
      const body = server.bodies.get(token);
      if (exitCode !== 0 || body === undefined) return resolve({ exitCode, stderr });
      const request: { UserAttributes?: unknown; ClientMetadata?: unknown } = {};
      if ('UserAttributes' in body) request.UserAttributes = body.UserAttributes;
      if ('ClientMetadata' in body) request.ClientMetadata = body.ClientMetadata;
      resolve({ request });
    });
  });
};

/** Runs every case, `concurrency` CLIs at a time (each takes about a second), and keeps the input order. */
const runAll = async (
  server: CaptureServer,
  cases: readonly ShorthandCase[],
  concurrency = 8,
): Promise<ShorthandOutcome[]> => {
  const outcomes: ShorthandOutcome[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      outcomes[i] = await runAws(server, cases[i]!, `case-${i}-${Math.random().toString(36).slice(2)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
};

export type { CaptureServer, GoldenFile, Operation, ShorthandCase, ShorthandOutcome };
export { AWS_CLI, AWS_CLI_VERSION, installedAwsCliVersion, runAll, runAws, startCaptureServer };
