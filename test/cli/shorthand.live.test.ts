import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AWS_CLI_TOOL } from '../helpers/aws-cli.js';
import { describeWithTool } from '../helpers/tools.js';
import {
  AWS_CLI,
  AWS_CLI_VERSION,
  type CaptureServer,
  type GoldenFile,
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

describeWithTool(
  AWS_CLI_TOOL,
  `Live: ${AWS_CLI} (aws-cli ${AWS_CLI_VERSION}) still prints test/cli/golden/shorthand.json`,
  () => {
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
  },
);
