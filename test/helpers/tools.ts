/**
 * @module test/helpers/tools — tests that need a tool of the machine (Chromium, Debian's aws CLI, moto_server,
 * cfn-lint, unzip). Where the tool is missing they are skipped with a notice that says how to install it; under
 * `CI=true` they fail instead, so that CI never reports as passed what it did not run.
 */
import { describe, it } from 'vitest';

interface Tool {
  /** What the tests need, as a reader would name it: `aws-cli 2.9.19 at /usr/bin/aws`. */
  readonly name: string;
  readonly available: boolean;
  /** How to get it: `apt-get install awscli`. */
  readonly install: string;
}

const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());

const missing = (tool: Tool) => `${tool.name} is not available (${tool.install})`;

/** A describe block that runs only with the tool; skipped with a notice without it, and failing under CI. */
const describeWithTool = (tool: Tool, title: string, body: () => void): void => {
  if (tool.available) {
    describe(title, body);
    return;
  }
  if (inCi) {
    describe(title, () => {
      it(`needs ${tool.name}`, () => {
        throw new Error(`${missing(tool)}: CI must run these tests`);
      });
    });
    return;
  }
  console.warn(`Skipped "${title}": ${missing(tool)}.`);
  describe.skip(`${title} (skipped: ${missing(tool)})`, body);
};

/** One test that runs only with the tool, under the same rule as {@link describeWithTool}. */
const itWithTool = (tool: Tool, title: string, options: { timeout?: number }, body: () => unknown): void => {
  if (tool.available) it(title, options, body as () => Promise<void>);
  else if (inCi)
    it(title, () => {
      throw new Error(`${missing(tool)}: CI must run this test`);
    });
  else it.skip(`${title} (skipped: ${missing(tool)})`, body as () => Promise<void>);
};

export type { Tool };
export { describeWithTool, inCi, itWithTool };
