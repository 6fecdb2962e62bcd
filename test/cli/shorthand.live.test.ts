import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_CLI,
  AWS_CLI_VERSION,
  type CaptureServer,
  type GoldenFile,
  installedAwsCliVersion,
  runAll,
  type ShorthandOutcome,
  startCaptureServer,
} from './shorthand-aws.js';

const golden = JSON.parse(
  readFileSync(new URL('./golden/shorthand.json', import.meta.url), 'utf8'),
) as GoldenFile;

// A few cases, one of each kind of outcome: the golden test checks the parser against all of them.
const LIVE_CASES = [
  'the seed example, after the shell removed its quotes',
  'a key without =',
  'a comma-separated Value, which becomes a list',
  'a misspelt member',
  'a JSON object word followed by an empty word',
  'a JSON syntax error in client metadata',
];
const picked = golden.cases.filter((shorthandCase) => LIVE_CASES.includes(shorthandCase.name));

const version = await installedAwsCliVersion();
const available = version === AWS_CLI_VERSION;
if (!available)
  console.warn(
    `Skipping the live check of test/cli/golden/shorthand.json: ${AWS_CLI} is ${
      version === undefined ? 'not installed' : `aws-cli ${version}`
    }, and the golden file comes from aws-cli ${AWS_CLI_VERSION}.`,
  );

describe.skipIf(!available)(`Live: ${AWS_CLI} (aws-cli ${AWS_CLI_VERSION})`, () => {
  let server: CaptureServer;
  let outcomes: ShorthandOutcome[];

  beforeAll(async () => {
    server = await startCaptureServer();
    outcomes = await runAll(server, picked, picked.length);
  }, 15_000);

  afterAll(async () => {
    await server?.close();
  });

  it('has every case it re-runs in the golden file', () => {
    expect(picked.map((shorthandCase) => shorthandCase.name)).toEqual(LIVE_CASES);
  });

  it.each(picked.map((shorthandCase, i) => ({ ...shorthandCase, i })))(
    'still sends or prints what the golden file recorded: $name',
    ({ i, outcome }) => {
      expect(outcomes[i]).toEqual(outcome);
    },
  );
});
