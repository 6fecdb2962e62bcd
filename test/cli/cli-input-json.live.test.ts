import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { AWS_CLI, AWS_CLI_TOOL, AWS_CLI_VERSION } from '../helpers/aws-cli.js';
import { describeWithTool } from '../helpers/tools.js';
import {
  type CliInputCase,
  type GoldenFile,
  generatedCases,
  mapConcurrently,
  type Printed,
  runAws,
  runCognitoTrigger,
} from './cli-input-json-aws.js';
import { type CaptureServer, startCaptureServer } from './shorthand-aws.js';

const golden = JSON.parse(
  readFileSync(new URL('./golden/cli-input-json.json', import.meta.url), 'utf8'),
) as GoldenFile;

// Each run of aws takes about half a second of CPU. The golden test (cli-input-json.test.ts) checks every recorded
// case without aws; here a quarter of them confirm the recording, and a dozen generated documents are compared
// afresh. CLI_INPUT_JSON_SEED, CLI_INPUT_JSON_RUNS and CLI_INPUT_JSON_ALL=1 explore further.
const SEED = Number(process.env.CLI_INPUT_JSON_SEED ?? 20230130);
const RUNS = Number(process.env.CLI_INPUT_JSON_RUNS ?? 12);
const recorded = golden.cases.filter((_, i) => process.env.CLI_INPUT_JSON_ALL === '1' || i % 4 === 0);
const generated = generatedCases(RUNS, SEED);
const cases: readonly CliInputCase[] = [...recorded, ...generated];

describeWithTool(
  AWS_CLI_TOOL,
  `Live: ${AWS_CLI} (aws-cli ${AWS_CLI_VERSION}) and cognito-trigger on the same --cli-input-json documents`,
  () => {
    let server: CaptureServer;
    let printed: Printed[];

    beforeAll(async () => {
      server = await startCaptureServer();
      printed = await mapConcurrently(cases, 4, (c) => runAws(server, c));
    }, 240_000);

    afterAll(async () => {
      await server?.close();
      vi.unstubAllEnvs();
    });

    it.each(recorded.map((c, i) => ({ ...c, i })))(
      'aws still prints what the golden file recorded: $name',
      ({ i, printed: recorded }) => {
        expect(printed[i]).toEqual(recorded);
      },
    );

    it.each(cases.map((c, i) => ({ ...c, i })))(
      'cognito-trigger prints what aws prints, or gets past the checks where aws does: $name',
      async (c) => {
        // Prepare
        vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
        const expected = printed[c.i]!;

        // Act
        const result = await runCognitoTrigger(c);

        // Assess
        if (expected.exitCode === 0) {
          expect(result.stderr, c.document).not.toContain('Parameter validation failed');
          expect([0, 254], c.document).toContain(result.exitCode);
          return;
        }
        expect({ stderr: result.stderr, exitCode: result.exitCode }, c.document).toEqual(expected);
        expect(result.stateTouched).toBe(false);
      },
    );
  },
);
