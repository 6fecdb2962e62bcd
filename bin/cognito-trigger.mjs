#!/usr/bin/env node
// cognito-trigger: the aws CLI's cognito-idp commands against a local user pool. TypeScript handlers run as they
// are, through the hooks registered here.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);

const built = new URL('../lib/cli/main.js', import.meta.url);
const { runCli } = await import(
  existsSync(built) ? built.href : new URL('../src/cli/main.ts', import.meta.url).href
);
const { stdout, stderr, exitCode } = await runCli(process.argv.slice(2), { cwd: process.cwd() });
if (stderr) process.stderr.write(stderr);
if (stdout) process.stdout.write(stdout);
process.exitCode = exitCode;
