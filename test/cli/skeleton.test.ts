import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Golden } from '../../scripts/capture-output-golden.js';
import {
  dumpJson,
  generateCliSkeleton,
  OPERATIONS,
  PARAM_VALIDATION_EXIT_CODE,
  pythonNumber,
  SHAPES,
  type ShapeName,
  SkeletonValidationError,
} from '../../src/cli/skeleton.js';

const golden = JSON.parse(readFileSync(new URL('./golden/output.json', import.meta.url), 'utf8')) as Golden;
const MODEL = '/usr/lib/python3/dist-packages/awscli/botocore/data/cognito-idp/2016-04-18/service-2.json';

const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('Golden: what aws-cli 2.9.19 printed for --generate-cli-skeleton', () => {
  it.each(golden.skeletons.filter((c) => c.exitCode === 0))('prints $name byte for byte', (golden) => {
    expect(generateCliSkeleton(golden.operation, golden.kind)).toBe(golden.stdout);
    expect(golden.stderr).toBe('');
  });

  it.each(golden.skeletons.filter((c) => c.exitCode !== 0))('fails for $name as aws does', (golden) => {
    // Act
    const error = thrownBy(() => generateCliSkeleton(golden.operation, golden.kind));

    // Assess
    expect(error).toBeInstanceOf(SkeletonValidationError);
    expect((error as SkeletonValidationError).stderr).toBe(golden.stderr);
    expect([golden.stdout, golden.exitCode]).toEqual(['', (error as SkeletonValidationError).exitCode]);
  });
});

describe('Function: generateCliSkeleton', () => {
  it('prints an input skeleton when no kind is given, as --generate-cli-skeleton alone does', () => {
    expect(generateCliSkeleton('AdminGetUser')).toBe('{\n    "UserPoolId": "",\n    "Username": ""\n}\n');
  });

  it('fills an input skeleton with the first enum value, and an output one with member names', () => {
    expect(JSON.parse(generateCliSkeleton('AdminInitiateAuth', 'input'))).toMatchObject({
      AuthFlow: 'USER_SRP_AUTH',
    });
    expect(JSON.parse(generateCliSkeleton('AdminGetUser', 'output'))).toMatchObject({
      UserStatus: 'UserStatus',
      UserMFASettingList: ['StringType'],
      UserCreateDate: '1970-01-01T00:00:00',
    });
  });

  it('prints nothing for the output of an operation whose response has no members', () => {
    expect(generateCliSkeleton('AdminUpdateUserAttributes', 'output')).toBe('');
  });

  it("fails the AdminInitiateAuth output skeleton: its sample Session is shorter than the model's min of 20", () => {
    const error = thrownBy(() =>
      generateCliSkeleton('AdminInitiateAuth', 'output'),
    ) as SkeletonValidationError;
    expect(error.name).toBe('SkeletonValidationError');
    expect(error.report).toBe('Invalid length for parameter Session, value: 7, valid min length: 20');
    expect(error.exitCode).toBe(PARAM_VALIDATION_EXIT_CODE);
  });
});

describe('Function: dumpJson', () => {
  it('writes as Python json.dump with indent=4: nested containers indented, empty ones as [] and {}', () => {
    expect(dumpJson({ a: [], b: {}, c: [1, { d: null }], e: true })).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ],\n    "e": true\n}',
    );
  });

  it('escapes every non-ASCII character, astral ones as surrogate pairs, when ensureAscii is set', () => {
    expect(dumpJson('Zoë 李 🙂\u007f', { ensureAscii: true })).toBe(
      '"Zo\\u00eb \\u674e \\ud83d\\ude42\\u007f"',
    );
    expect(dumpJson('Zoë 李 🙂')).toBe('"Zoë 李 🙂"');
  });
});

describe('Function: pythonNumber', () => {
  it('writes whole numbers as Python ints and others as Python float repr', () => {
    expect([0, -12, 3600, 0.1, 1.5e-5, 123456789.125, 2e16, -1e-300].map(pythonNumber)).toEqual([
      '0',
      '-12',
      '3600',
      '0.1',
      '1.5e-05',
      '123456789.125',
      '2e+16',
      '-1e-300',
    ]);
  });
});

describe('Constant: SHAPES', () => {
  it.skipIf(!existsSync(MODEL))(
    'describes each shape the four operations reach as botocore’s model does',
    () => {
      // Prepare
      type ModelShape = {
        type: string;
        members?: Record<string, { shape: string }>;
        member?: { shape: string };
        key?: { shape: string };
        value?: { shape: string };
        enum?: string[];
        min?: number;
        required?: string[];
      };
      const model = JSON.parse(readFileSync(MODEL, 'utf8')) as {
        operations: Record<string, { input: { shape: string }; output: { shape: string } }>;
        shapes: Record<string, ModelShape>;
      };
      const reached = new Set<string>();
      const visit = (name: string): void => {
        if (reached.has(name)) return;
        reached.add(name);
        const shape = model.shapes[name]!;
        for (const target of [
          ...Object.values(shape.members ?? {}),
          ...[shape.member, shape.key, shape.value].filter((ref) => ref !== undefined),
        ])
          visit(target.shape);
      };
      for (const operation of Object.keys(OPERATIONS)) {
        visit(model.operations[operation]!.input.shape);
        visit(model.operations[operation]!.output.shape);
      }

      // Act
      const expected = Object.fromEntries(
        [...reached].map((name) => {
          const { type, members, member, key, value, enum: values, min, required } = model.shapes[name]!;
          const entries = Object.entries({
            type,
            required,
            members:
              members &&
              Object.fromEntries(Object.entries(members).map(([member, ref]) => [member, ref.shape])),
            member: member?.shape,
            key: key?.shape,
            value: value?.shape,
            enum: values,
            min,
          });
          return [name, Object.fromEntries(entries.filter(([, field]) => field !== undefined))];
        }),
      );

      // Assess
      expect(Object.keys(SHAPES).sort()).toEqual(Object.keys(expected).sort());
      for (const name of Object.keys(SHAPES) as ShapeName[]) {
        expect(SHAPES[name], name).toEqual(expected[name]);
        const ours = SHAPES[name];
        if ('members' in ours)
          expect(Object.keys(ours.members), name).toEqual(Object.keys(expected[name]!.members as object));
      }
      for (const [operation, shapes] of Object.entries(OPERATIONS))
        expect(shapes).toEqual({
          input: model.operations[operation]!.input.shape,
          output: model.operations[operation]!.output.shape,
        });
    },
  );
});
