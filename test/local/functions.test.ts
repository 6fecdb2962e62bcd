import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Context, CustomMessageTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSet, functionNameOf, functionsFromSpecs } from '../../src/local/functions.js';
import type { LambdaHandler } from '../../src/local/invoker.js';
import { LambdaInvokeFailure } from '../../src/local/lambda-endpoint.js';
import { demoPoolWith, local, recording, update } from './helpers.js';

const arn = (name: string) => `arn:aws:lambda:us-west-2:123456789012:function:${name}`;
const poolNaming = (customMessage: string) =>
  demoPoolWith({ LambdaConfig: { CustomMessage: customMessage } });

/** A function that writes its own subject, so that the message says which function wrote it. */
const writing = (subject: string) =>
  recording((event) => ({
    ...event,
    response: { ...event.response, emailSubject: subject, emailMessage: `${subject}: {####}` },
  }));

const NEW_EMAIL = { email: 'diego.new@example.com' };

describe('Function: functionNameOf', () => {
  it.each([
    ['arn:aws:lambda:us-west-2:123456789012:function:custom-message', 'custom-message'],
    ['arn:aws:lambda:us-west-2:123456789012:function:custom-message:live', 'custom-message'],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:function:custom-message:7', 'custom-message'],
    ['123456789012:function:custom-message', 'custom-message'],
    ['custom-message', 'custom-message'],
    ['custom-message:$LATEST', 'custom-message'],
    ['arn:aws:sns:us-west-2:123456789012:topic', 'arn:aws:sns:us-west-2:123456789012:topic'],
  ])('reads the function name of %s', (given, name) => {
    expect(functionNameOf(given)).toBe(name);
  });
});

describe('Engine: the function a pool’s CustomMessage names', () => {
  it('calls the function the ARN names, and says which in the notes', async () => {
    // Prepare
    const acme = writing('acme');
    const globex = writing('globex');
    const cognito = local({
      pool: poolNaming(arn('globex-message')),
      functions: (name) => ({ 'acme-message': acme.handler, 'globex-message': globex.handler })[name],
    });

    // Act
    const trace = await update(cognito, NEW_EMAIL);

    // Assess
    expect([acme.seen.length, globex.seen.length]).toEqual([0, 1]);
    expect(trace.deliveries[0]).toMatchObject({
      source: 'trigger',
      subject: 'globex',
      html: 'globex: 424242',
    });
    expect(trace.notes).toContain('CustomMessage → the function globex-message');
  });

  it('finds the function by the name alone when the ARN has a qualifier', async () => {
    const { handler, seen } = writing('live');
    const cognito = local({
      pool: poolNaming(`${arn('custom-message')}:live`),
      functions: (name) => (name === 'custom-message' ? (handler as LambdaHandler) : undefined),
    });
    await update(cognito, NEW_EMAIL);
    expect(seen).toHaveLength(1);
  });

  it('gives the function its own name in the context', async () => {
    const names: string[] = [];
    const handler = (async (event: CustomMessageTriggerEvent, context: Context) => {
      names.push(context.functionName, context.invokedFunctionArn);
      return event;
    }) as LambdaHandler;
    await update(local({ pool: poolNaming(arn('branded')), functions: () => handler }), NEW_EMAIL);
    expect(names).toEqual(['branded', arn('branded')]);
  });

  it('calls the default handler for a function that is not given', async () => {
    const fallback = writing('fallback');
    const cognito = local({
      pool: poolNaming(arn('elsewhere')),
      handler: fallback.handler,
      functions: () => undefined,
    });
    const trace = await update(cognito, NEW_EMAIL);
    expect(fallback.seen).toHaveLength(1);
    expect(trace.deliveries[0]?.subject).toBe('fallback');
  });

  it('fails the call as Cognito fails for a function that does not exist, and changes nothing', async () => {
    // Prepare
    const cognito = local({ pool: poolNaming(arn('deleted-function')), functions: () => undefined });

    // Act
    const trace = await update(cognito, NEW_EMAIL);

    // Assess
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message: 'CustomMessage invocation failed due to error ResourceNotFoundException.',
      },
    });
    expect(trace.invocations).toEqual([]);
    expect(trace.deliveries).toEqual([]);
    expect(trace.notes.some((note) => note.startsWith('[UNC]') && note.includes('deleted-function'))).toBe(
      true,
    );
    expect(
      cognito.adminGetUser({ UserPoolId: 'us-west-2_aaaaaaaaa', Username: 'diego@example.com' }),
    ).toBeDefined();
  });

  it('keeps calling the handler for every pool when no functions are given', async () => {
    const { handler, seen } = writing('any');
    await update(local({ pool: poolNaming(arn('whatever')), handler }), NEW_EMAIL);
    expect(seen).toHaveLength(1);
  });

  it('sends the pool’s own message when the pool has no Custom message trigger', async () => {
    const { handler, seen } = writing('unused');
    const cognito = local({ pool: demoPoolWith({ LambdaConfig: {} }), functions: () => handler });
    const trace = await update(cognito, NEW_EMAIL);
    expect([seen.length, trace.deliveries[0]?.source]).toEqual([0, 'pool']);
  });

  it('answers UnexpectedLambdaException naming the reason when the function cannot be invoked', async () => {
    const unreachable = (async () => {
      throw new LambdaInvokeFailure('TooManyRequestsException', 'Rate exceeded');
    }) as LambdaHandler;
    const cognito = local({ pool: poolNaming(arn('busy')), functions: () => unreachable });
    const trace = await update(cognito, NEW_EMAIL);
    expect(trace.result).toEqual({
      error: {
        name: 'UnexpectedLambdaException',
        message: 'CustomMessage invocation failed due to error TooManyRequestsException.',
      },
    });
    expect(trace.invocations).toEqual([]);
  });

  it('judges an error the function itself throws as before', async () => {
    const throwing = (async () => {
      throw new Error('Pending for approval');
    }) as LambdaHandler;
    const trace = await update(
      local({ pool: poolNaming(arn('strict')), functions: () => throwing }),
      NEW_EMAIL,
    );
    expect(trace.result).toEqual({
      error: {
        name: 'UserLambdaValidationException',
        message: 'CustomMessage failed with error Pending for approval.',
      },
    });
  });

  it('still runs a callback handler through its callback', async () => {
    const callback = ((
      event: CustomMessageTriggerEvent,
      _context: Context,
      done: (e: null, r: unknown) => void,
    ) => {
      setTimeout(
        () =>
          done(null, {
            ...event,
            response: { ...event.response, emailSubject: 'cb', emailMessage: '{####}' },
          }),
        5,
      );
    }) as LambdaHandler;
    const trace = await update(
      local({ pool: poolNaming(arn('legacy')), functions: () => callback }),
      NEW_EMAIL,
    );
    expect(trace.deliveries[0]?.subject).toBe('cb');
  });
});

describe('Function: functionsFromSpecs', () => {
  let dir: string;
  let set: FunctionSet | undefined;
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-functions-'));
    mkdirSync(join(dir, 'dist', 'built'), { recursive: true });
    writeFileSync(
      join(dir, 'dist', 'built', 'index.mjs'),
      `export const handler = async (event) => ({ ...event, response: { ...event.response, emailSubject: process.env.AWS_LAMBDA_FUNCTION_NAME + ' ' + process.env.BRAND, emailMessage: 'built {####}' } });\n`,
    );
    writeFileSync(
      join(dir, 'source.ts'),
      `export const named = async (event: { response: object }): Promise<object> => ({ ...event, response: { ...event.response, emailSubject: \`\${process.env.AWS_LAMBDA_FUNCTION_NAME}\`, emailMessage: 'source {####}' } });\n`,
    );
  });
  afterAll(async () => {
    await set?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens each NAME=FILE[:export], built or TypeScript, under its name', { timeout: 30_000 }, async () => {
    // Prepare
    set = await functionsFromSpecs(
      ['built-message=dist/built/index.handler', `${arn('source-message')}=source.ts:named`],
      { cwd: dir, environment: { BRAND: 'acme' }, output: quiet },
    );
    const cognito = (name: string) => local({ pool: poolNaming(arn(name)), functions: set?.functions });

    // Act
    const built = await update(cognito('built-message'), NEW_EMAIL);
    const source = await update(cognito('source-message'), NEW_EMAIL);

    // Assess
    expect(built.deliveries[0]).toMatchObject({ subject: 'built-message acme', html: 'built 424242' });
    expect(source.deliveries[0]).toMatchObject({ subject: 'source-message', html: 'source 424242' });
    expect(set.described).toEqual([
      { names: ['built-message'], source: join('dist', 'built', 'index.mjs (built)') },
      { names: ['source-message'], source: 'source.ts' },
    ]);
    expect(set.functions('another')).toBeUndefined();
  });

  it.each([
    ['no-equals-sign.ts', 'is not NAME=FILE[:export]'],
    ['=source.ts', 'is not NAME=FILE[:export]'],
    ['name=', 'is not NAME=FILE[:export]'],
  ])('refuses the spec %s', async (spec, message) => {
    await expect(functionsFromSpecs([spec], { cwd: dir })).rejects.toThrow(message);
  });

  it('refuses a name given twice', async () => {
    await expect(
      functionsFromSpecs(['a=source.ts:named', 'a=source.ts:named'], { cwd: dir }),
    ).rejects.toThrow('the function a is given twice');
  });

  it('says which file cannot be loaded', async () => {
    await expect(functionsFromSpecs(['a=missing.ts'], { cwd: dir })).rejects.toThrow(
      /cannot load the handler missing\.ts/,
    );
  });
});
