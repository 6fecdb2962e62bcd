import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainOutcome } from '../../src/cli/function-output.js';
import { changeDiegosEmail } from '../helpers/cli.js';

const root = new URL('../../', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctk-summary-'));
  // A kit handler whose email forgets the code: it falls back, and says why in its log line.
  writeFileSync(
    join(dir, 'forgetful.ts'),
    `import { customMessage } from '${root}src/index.ts';
export const handler = customMessage({
  brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
  defaultBrand: 'acme',
  templates: {
    CustomMessage_UpdateUserAttribute: () => ({ email: { subject: 'Confirm', html: '<p>No code here</p>' } }),
  },
});
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let run = 0;
const update = (...extra: string[]) => changeDiegosEmail(join(dir, `state-${run++}`), ...extra);

describe('CLI summary: why a handler fell back', () => {
  it('says on the invocation line why the function fell back, and prints its log after the summary', async () => {
    // Act
    const { stderr, exitCode } = await update('--handler', join(dir, 'forgetful.ts'));

    // Assess
    expect(exitCode).toBe(0);
    const lines = stderr.split('\n');
    const invocation = lines.find((line) => line.includes('CustomMessage_UpdateUserAttribute (EMAIL'));
    expect(invocation).toContain("(function: fallback: message breaks Cognito's rules: ");
    expect(invocation).toContain('{####}');
    const firstLog = lines.findIndex((line) => line.startsWith('{"level":'));
    const lastSummary = lines.findLastIndex((line) => line.startsWith('  '));
    expect(firstLog).toBeGreaterThan(lastSummary);
  });

  it('names the brand it used when the requested one is not configured', async () => {
    // Act
    const { stderr } = await update('--client-metadata', 'brand=hoolie');

    // Assess
    expect(stderr).toMatch(
      /\(function: clientMetadata\.brand names brand "hoolie", which is not configured, used acme\)/,
    );
  });
});

describe('Function: explainOutcome', () => {
  it('says nothing for a customized message without warnings', () => {
    expect(explainOutcome({ outcome: 'customized', warnings: [], details: [] })).toBeUndefined();
  });

  it('joins the reason and its details', () => {
    expect(
      explainOutcome({ outcome: 'fallback', reason: 'template threw', warnings: [], details: ['boom'] }),
    ).toBe('fallback: template threw: boom');
  });
});
