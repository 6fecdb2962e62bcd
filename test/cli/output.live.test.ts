import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, expect, it, vi } from 'vitest';
import { AWS_CLI, capture, type Golden } from '../../scripts/capture-output-golden.js';
import { formatOutput } from '../../src/cli/aws/output/index.js';
import { displayWidth } from '../../src/cli/aws/output/width.js';
import { AWS_CLI_TOOL, AWS_CLI_VERSION } from '../helpers/aws-cli.js';
import { describeWithTool, itWithTool, type Tool } from '../helpers/tools.js';

const golden = JSON.parse(readFileSync(new URL('./golden/output.json', import.meta.url), 'utf8')) as Golden;
const PYTHON = '/usr/bin/python3';
/** The Python that runs Debian's aws CLI: the oracle for display widths and timestamps. */
const PYTHON_TOOL: Tool = {
  name: `Python at ${PYTHON} with dateutil`,
  available: existsSync(PYTHON),
  install: 'apt-get install awscli (it brings python3 and python3-dateutil)',
};

// A few cases that between them touch every format, unicode, time zones, errors and a failing skeleton.
const pick = <T extends { readonly name: string }>(cases: readonly T[], names: readonly string[]) =>
  cases.filter((c) => names.includes(c.name));
const responses = pick(golden.responses, [
  'admin-get-user-unicode-table',
  'update-user-attributes-two-text',
  'admin-initiate-auth-json',
  'admin-get-user-asia-kolkata-text',
]);
const errors = pick(golden.errors, ['attribute-not-in-schema']);
const skeletons = pick(golden.skeletons, ['AdminInitiateAuth-output']);

// Wide code points as ranges, the way Python's unicodedata sees them.
const PYTHON_WIDE_RANGES = `
import unicodedata
ranges, start = [], None
for cp in range(0x110000):
    wide = unicodedata.east_asian_width(chr(cp)) in 'WFA'
    if wide and start is None: start = cp
    if not wide and start is not None: ranges.append(f'{start}-{cp - 1}'); start = None
if start is not None: ranges.append(f'{start}-{0x10FFFF}')
print(','.join(ranges))
`;

// botocore's epoch parsing: datetime.fromtimestamp with dateutil's tzlocal, then isoformat().
const PYTHON_TIMESTAMPS = `
import json, sys
from datetime import datetime
from dateutil.tz import tzlocal
for value in json.loads(sys.argv[1]): print(datetime.fromtimestamp(value, tzlocal()).isoformat())
`;

const wideRanges = (): string => {
  const ranges: string[] = [];
  let start: number | undefined;
  for (let codePoint = 0; codePoint <= 0x110000; codePoint++) {
    const wide = codePoint <= 0x10ffff && displayWidth(String.fromCodePoint(codePoint)) === 2;
    if (wide && start === undefined) start = codePoint;
    if (!wide && start !== undefined) {
      ranges.push(`${start}-${codePoint - 1}`);
      start = undefined;
    }
  }
  return ranges.join(',');
};

const run = promisify(execFile);

afterEach(() => {
  vi.unstubAllEnvs();
});

describeWithTool(AWS_CLI_TOOL, `Live: the golden file is still what ${AWS_CLI} prints`, () => {
  it('prints the same for a sample of the golden cases', { timeout: 15_000 }, async () => {
    // Act
    const fresh = await capture({ responses, errors, skeletons });

    // Assess
    // Only the CLI's own version counts: the rest of `aws --version` names the machine's Python and kernel.
    const version = (line: string) => /^aws-cli\/\S+/.exec(line)?.[0];
    expect(version(fresh.cli)).toBe(`aws-cli/${AWS_CLI_VERSION}`);
    expect(version(golden.cli)).toBe(`aws-cli/${AWS_CLI_VERSION}`);
    expect(fresh.responses).toEqual(responses);
    expect(fresh.errors).toEqual(errors);
    expect(fresh.skeletons).toEqual(skeletons);
  });

  itWithTool(
    PYTHON_TOOL,
    'counts the same code points two columns wide as the Python that runs aws',
    { timeout: 15_000 },
    async () => {
      const { stdout } = await run(PYTHON, ['-c', PYTHON_WIDE_RANGES]);
      expect(wideRanges()).toBe(stdout.trim());
    },
  );

  itWithTool(
    PYTHON_TOOL,
    'prints epoch timestamps as the Python that runs aws does, in more than one time zone',
    { timeout: 15_000 },
    async () => {
      // Prepare
      const tricky = [0, 0.0000025, 0.0000035, -0.0000015, -0.0000005, 1795320000.9999995, 1700000000.5];
      const random = fc.sample(fc.double({ min: -2e9, max: 4e9, noNaN: true }), { numRuns: 200, seed: 42 });
      const values = [...tricky, ...random];

      for (const tz of ['UTC', 'Asia/Kolkata', 'America/New_York']) {
        // Act
        const { stdout } = await run(PYTHON, ['-c', PYTHON_TIMESTAMPS, JSON.stringify(values)], {
          env: { TZ: tz },
        });
        vi.stubEnv('TZ', tz);
        const ours = values.map((value) => formatOutput('AdminGetUser', { UserCreateDate: value }, 'text'));

        // Assess
        expect(ours.join(''), tz).toBe(stdout);
      }
    },
  );
});
