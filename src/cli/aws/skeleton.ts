/** @module cli/aws/skeleton — what `aws cognito-idp <operation> --generate-cli-skeleton` prints, from the model. */
import { operationModel, shapeNamed } from './model.js';
import { formatParsed, type OutputFormat } from './output/index.js';
import { dumpJson } from './python/json-dump.js';
import { fromJson, type JsonValue } from './python/repr.js';
import { validateParameters } from './validate.js';

/**
 * Which skeleton to print: `input`, a sample for `--cli-input-json`; `output`, a sample response.
 *
 * @example
 * ```ts
 * generateCliSkeleton('AdminGetUser', SkeletonKind.Output);
 * ```
 */
const SkeletonKind = { Input: 'input', Output: 'output' } as const;
type SkeletonKind = (typeof SkeletonKind)[keyof typeof SkeletonKind];

/**
 * The naive `datetime(1970, 1, 1)` botocore puts in for every timestamp, as the json format writes it (isoformat) and
 * as the text and table formats do (str).
 */
const SAMPLE_TIMESTAMP = { json: '1970-01-01T00:00:00', text: '1970-01-01 00:00:00' } as const;

// botocore's ArgumentGenerator: member names as sample strings only for output, one item per list, one `KeyName`
// per map, and an empty structure where a structure recurs, so recursive shapes end.
const sample = (
  name: string,
  stack: string[],
  memberName: string,
  useMemberNames: boolean,
  timestamp: string,
): JsonValue => {
  stack.push(name);
  try {
    const shape = shapeNamed(name);
    switch (shape.type) {
      case 'structure':
        if (stack.filter((seen) => seen === name).length > 1) return {};
        return Object.fromEntries(
          Object.entries(shape.members).map(([member, target]) => [
            member,
            sample(target, stack, member, useMemberNames, timestamp),
          ]),
        );
      case 'list':
        return [sample(shape.member, stack, useMemberNames ? shape.member : '', useMemberNames, timestamp)];
      case 'map':
        return { KeyName: sample(shape.value, stack, '', useMemberNames, timestamp) };
      case 'string':
        if (useMemberNames) return memberName;
        return shape.enum?.[0] ?? '';
      case 'integer':
      case 'long':
        return 0;
      case 'boolean':
        return true;
      case 'timestamp':
        return timestamp;
    }
  } finally {
    stack.pop();
  }
};

/**
 * The sample response `--generate-cli-skeleton output` stubs, after botocore's validator has accepted it: every
 * member, a string its member's name (a list's item its shape's name), numbers 0, booleans true.
 *
 * @param timestamp - how the format prints the sample timestamp (default: as json does)
 * @throws {ParamValidationError} where botocore rejects its own sample: AdminInitiateAuth's sample `"Session"` (7
 *   characters) is shorter than the model's `min` of 20
 * @example
 * ```ts
 * outputSkeleton('GetUser'); // { Username: 'Username', UserAttributes: [{ Name: 'Name', Value: 'Value' }], … }
 * ```
 */
const outputSkeleton = (operation: string, timestamp: string = SAMPLE_TIMESTAMP.json): JsonValue => {
  const output = operationModel(operation)?.output;
  if (output === undefined) return {};
  const response = sample(output, [], '', true, timestamp);
  validateParameters(fromJson(response), output);
  return response;
};

/**
 * What `aws cognito-idp <operation> --generate-cli-skeleton <kind>` prints on stdout (aws-cli 2.9.19, default
 * `--output json`), built from the model the way the CLI builds it:
 *
 * - `input`: every member, strings empty or the first enum value, numbers 0, booleans true, timestamps
 *   `1970-01-01T00:00:00`, one list item, one map entry `KeyName`; non-ASCII escaped.
 * - `output`: {@link outputSkeleton}, printed through the output format, so an operation with an empty response
 *   (AdminUpdateUserAttributes) prints nothing at all.
 *
 * @throws {ParamValidationError} for `output` where botocore rejects its own sample (AdminInitiateAuth).
 * @example
 * ```ts
 * process.stdout.write(generateCliSkeleton('AdminGetUser', 'input'));
 * // {
 * //     "UserPoolId": "",
 * //     "Username": ""
 * // }
 * ```
 */
const generateCliSkeleton = (
  operation: string,
  kind: SkeletonKind = SkeletonKind.Input,
  format: OutputFormat = 'json',
): string => {
  if (kind === SkeletonKind.Input) {
    const input = operationModel(operation)?.input;
    const skeleton = input === undefined ? {} : sample(input, [], '', false, SAMPLE_TIMESTAMP.json);
    return `${dumpJson(skeleton, { ensureAscii: true })}\n`;
  }
  const timestamp = format === 'json' ? SAMPLE_TIMESTAMP.json : SAMPLE_TIMESTAMP.text;
  return formatParsed(operation, outputSkeleton(operation, timestamp), format);
};

export { generateCliSkeleton, outputSkeleton, SkeletonKind };
