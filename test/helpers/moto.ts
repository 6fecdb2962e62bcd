/**
 * @module test/helpers/moto — moto_server, a local AWS-compatible endpoint, for tests that need a second, independent
 * implementation of an AWS service (it checks Signature Version 4 when asked to). Where moto is not installed the
 * tests using it are skipped, and say so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { hasCommand } from './commands.js';
import type { Tool } from './tools.js';

const hasMoto = hasCommand('moto_server', '--help');

/** moto_server, for the tests that check the kit against an independent implementation of a service. */
const MOTO_TOOL: Tool = { name: 'moto_server', available: hasMoto, install: 'pip install "moto[server]"' };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Moto {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts moto_server on 127.0.0.1 with extra environment (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`) and waits for it. */
const startMoto = async (env: Record<string, string> = {}): Promise<Moto> => {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill();
      }),
  };
};

export { MOTO_TOOL, startMoto };
