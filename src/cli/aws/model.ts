/**
 * @module cli/aws/model — the part of botocore's cognito-idp model the emulation reads (model.json, written by
 * scripts/write-cognito-model.ts from aws-cli 2.9.19's own copy): operations, their shapes, their paginators.
 */
import { readFileSync } from 'node:fs';

/**
 * One shape of the cognito-idp service model, in the model's own terms; shapes refer to each other by name. Member
 * order is the model's: the CLI builds its arguments, skeletons and output in that order.
 *
 * @example
 * ```ts
 * const attribute: ShapeDefinition = { type: 'structure', members: { Name: 'AttributeNameType' } };
 * ```
 */
type ShapeDefinition =
  | {
      readonly type: 'structure';
      readonly members: Readonly<Record<string, string>>;
      readonly required?: readonly string[];
    }
  | { readonly type: 'list'; readonly member: string; readonly min?: number; readonly max?: number }
  | { readonly type: 'map'; readonly key: string; readonly value: string; readonly min?: number }
  | {
      readonly type: 'string';
      readonly enum?: readonly string[];
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'integer' | 'long'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' | 'timestamp' };

/** What a shape's `type` can be. */
type ShapeType = ShapeDefinition['type'];

/**
 * How botocore pages an operation: the request member that takes the token, the response member that gives the next
 * one, the member that sets the page size, and the list the pages add up.
 */
interface PaginatorDefinition {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey?: string;
  readonly resultKey: string;
}

/** An operation's shapes; an operation without an output shape answers nothing the CLI prints. */
interface OperationDefinition {
  readonly input: string;
  readonly output?: string;
  readonly paginator?: PaginatorDefinition;
}

interface ServiceModel {
  readonly operations: Readonly<Record<string, OperationDefinition>>;
  readonly shapes: Readonly<Record<string, ShapeDefinition>>;
}

// The file's own type is named so that the build copies model.json next to this module.
type ModelFile = typeof import('./model.json', { with: { 'resolution-mode': 'import' }});
const MODEL = JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as Pick<
  ModelFile,
  'source'
> &
  ServiceModel;

/**
 * The operations of the model, by their API names (`AdminGetUser`), in the model's order.
 *
 * @example
 * ```ts
 * MODELED_OPERATIONS.includes('SignUp'); // true
 * ```
 */
const MODELED_OPERATIONS: readonly string[] = Object.keys(MODEL.operations);

/**
 * The operation of that API name, or undefined for one the model does not have (nor any of Object's own properties).
 *
 * @example
 * ```ts
 * operationModel('AdminGetUser')?.output; // 'AdminGetUserResponse'
 * ```
 */
const operationModel = (name: string): OperationDefinition | undefined =>
  Object.hasOwn(MODEL.operations, name) ? MODEL.operations[name] : undefined;

/**
 * The shape of that name.
 *
 * @throws {RangeError} for a name the model does not have
 * @example
 * ```ts
 * shapeNamed('AttributeType').type; // 'structure'
 * ```
 */
const shapeNamed = (name: string): ShapeDefinition => {
  if (!Object.hasOwn(MODEL.shapes, name)) throw new RangeError(`the cognito-idp model has no shape ${name}`);
  return MODEL.shapes[name] as ShapeDefinition;
};

export type { OperationDefinition, PaginatorDefinition, ShapeDefinition, ShapeType };
export { MODELED_OPERATIONS, operationModel, shapeNamed };
