import { readdir, readFile } from 'node:fs/promises';
import { CustomMessageTriggerSchema } from '@aws-lambda-powertools/parser/schemas/cognito';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID_NOT_APPLICABLE, CustomMessageTriggerSource } from '../../src/cognito/trigger-sources.js';
import { FIXTURES, fixtureEvent } from '../../src/events/fixtures.js';

const EVENTS = new URL('../../events/', import.meta.url);
const load = async (file: string) => JSON.parse(await readFile(new URL(file, EVENTS), 'utf8'));
const ADMIN_CALLERS: readonly string[] = [
  CustomMessageTriggerSource.AdminCreateUser,
  CustomMessageTriggerSource.UpdateUserAttribute,
];

/** Type-checks `const e: <@types event type> = <json>` for each entry with the real TypeScript compiler. */
const typeErrors = (entries: readonly { type: string; json: string }[]): string[] => {
  const name = `${process.cwd()}/test/events/virtual-fixtures.ts`;
  const text = [
    `import type * as L from 'aws-lambda';`,
    ...entries.map((e, i) => `export const e${i}: L.${e.type} = ${e.json};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === name ? ts.createSourceFile(file, text, language) : getSourceFile(file, language, ...rest);
  host.getCurrentDirectory = () => process.cwd();
  const program = ts.createProgram([name], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
};
const typeName = (source: string) => `CustomMessage${source.replace('CustomMessage_', '')}TriggerEvent`;

describe('Fixture events', () => {
  it('has one file without and one with clientMetadata for each of the seven trigger sources', async () => {
    const files = (await readdir(EVENTS)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(FIXTURES.map((f) => f.file).sort());
    expect(new Set(FIXTURES.map((f) => f.triggerSource)).size).toBe(7);
  });

  it.each(FIXTURES.map((f) => [f.file, f]))('%s is what the event factory builds', async (file, fixture) => {
    expect(await load(file)).toEqual(fixtureEvent(fixture));
  });

  it.each(FIXTURES.map((f) => [f.file, f]))(
    '%s is shaped like a real Cognito event',
    async (file, fixture) => {
      const event = await load(file);
      expect(event.version).toBe('1');
      expect(event.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(event.userPoolId.startsWith(`${event.region}_`)).toBe(true);
      expect(event.triggerSource).toBe(fixture.triggerSource);
      expect(event.request.linkParameter).toBe('{##Click Here##}');
      expect(event.request.codeParameter).toBe('{####}');
      expect(event.request.usernameParameter).toBe(
        fixture.triggerSource === CustomMessageTriggerSource.AdminCreateUser ? '{username}' : null,
      );
      expect(event.callerContext.clientId === CLIENT_ID_NOT_APPLICABLE).toBe(
        ADMIN_CALLERS.includes(fixture.triggerSource),
      );
      expect(Object.values(event.request.userAttributes).every((v) => typeof v === 'string')).toBe(true);
      expect(event.request.userAttributes).toHaveProperty('sub');
      expect(event.request.userAttributes).toHaveProperty('cognito:user_status');
      expect('clientMetadata' in event.request).toBe(file.includes('client-metadata'));
      expect(event.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
    },
  );

  it.each(FIXTURES.map((f) => [f.file]))("%s passes Powertools' CustomMessageTriggerSchema", async (file) => {
    const event = await load(file);
    expect(CustomMessageTriggerSchema.parse(event)).toEqual(event);
  });

  it('every fixture satisfies the @types/aws-lambda type of its trigger source', async () => {
    const entries = await Promise.all(
      FIXTURES.map(async (f) => ({
        type: typeName(f.triggerSource),
        json: JSON.stringify(await load(f.file)),
      })),
    );
    expect(typeErrors(entries)).toEqual([]);
  });

  it('the type check above does reject an event that does not match', async () => {
    const event = await load('CustomMessage_UpdateUserAttribute.json');
    const wrong = [
      { type: 'CustomMessageSignUpTriggerEvent', json: JSON.stringify(event) },
      {
        type: 'CustomMessageUpdateUserAttributeTriggerEvent',
        json: JSON.stringify({ ...event, version: 1 }),
      },
    ];
    const errors = typeErrors(wrong);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain(
      '"CustomMessage_UpdateUserAttribute"\' is not assignable to type \'"CustomMessage_SignUp"',
    );
    expect(errors[1]).toContain("Type 'number' is not assignable to type 'string'");
  });
});
