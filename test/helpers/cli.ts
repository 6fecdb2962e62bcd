/** @module test/helpers/cli — the kit's CLI run in the test's process on the demo pool. */
import { runCli } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;

/**
 * `admin-update-user-attributes` as the aws CLI's example runs it, Diego's email changed to diego.new@example.com, on
 * the state directory `stateDir`, from the repository's root (so handlers/custom-message.ts is the default handler).
 */
const changeDiegosEmail = (stateDir: string, ...extra: string[]) =>
  runCli(
    [
      'admin-update-user-attributes',
      '--user-pool-id',
      'us-west-2_aaaaaaaaa',
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
      '--state-dir',
      stateDir,
      ...extra,
    ],
    { cwd: root },
  );

export { changeDiegosEmail };
