/** @module test/helpers/commands — whether a tool a test drives (unzip, cfn-lint, moto_server) is on this machine. */
import { spawnSync } from 'node:child_process';

/** True when `command args…` runs and exits 0; the tests that need it are skipped, and say so, otherwise. */
const hasCommand = (command: string, ...args: string[]): boolean =>
  spawnSync(command, args, { stdio: 'ignore' }).status === 0;

export { hasCommand };
