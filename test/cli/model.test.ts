import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  buildModel,
  findModelFiles,
  MODELED_OPERATIONS,
  OUTPUT,
  renderModel,
} from '../../scripts/write-cognito-model.js';
import { MODELED_OPERATIONS as COMMANDS_FOR, operationModel, shapeNamed } from '../../src/cli/aws/model.js';
import { AWS_CLI_TOOL } from '../helpers/aws-cli.js';
import { describeWithTool, type Tool } from '../helpers/tools.js';

const files = findModelFiles();

/** botocore's cognito-idp model, as the aws-cli 2.9.19 the emulation follows ships it. */
const BOTOCORE_MODEL_TOOL: Tool = {
  name: `the cognito-idp model of ${AWS_CLI_TOOL.name}`,
  available: AWS_CLI_TOOL.available && files !== undefined,
  install: AWS_CLI_TOOL.install,
};

describeWithTool(BOTOCORE_MODEL_TOOL, 'File: src/cli/aws/model.json', () => {
  it("is what scripts/write-cognito-model.ts writes from the installed aws-cli's botocore", () => {
    // Act
    const written = renderModel(buildModel(files!));

    // Assess
    expect(readFileSync(OUTPUT, 'utf8')).toBe(written);
  });
});

it('holds every operation the script names, and every shape their inputs and outputs reach', () => {
  // Prepare
  const missing: string[] = [];
  const reach = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const shape = shapeNamed(name);
    if (shape.type === 'structure') for (const target of Object.values(shape.members)) reach(target, seen);
    if (shape.type === 'list') reach(shape.member, seen);
    if (shape.type === 'map') for (const target of [shape.key, shape.value]) reach(target, seen);
  };

  // Act
  for (const operation of MODELED_OPERATIONS) {
    const model = operationModel(operation);
    if (!model) missing.push(operation);
    else for (const shape of [model.input, ...(model.output ? [model.output] : [])]) reach(shape, new Set());
  }

  // Assess
  expect(missing).toEqual([]);
  expect([...COMMANDS_FOR]).toEqual([...MODELED_OPERATIONS]);
  expect(operationModel('ListUsers')?.paginator).toEqual({
    inputToken: 'PaginationToken',
    outputToken: 'PaginationToken',
    limitKey: 'Limit',
    resultKey: 'Users',
  });
});
