/**
 * @module cli/aws/argprocess — how aws-cli 2.9.19 turns the words of one option into a request value: `file://`,
 * shorthand or JSON as the member's shape allows, Python's int(), and the conversions its shorthand visitor makes.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ArgValue } from './argparse.js';
import { UsageError } from './args.js';
import { asAwsDoes, CliExitCode, CliParseError } from './errors.js';
import { type ShapeDefinition, shapeNamed } from './model.js';
import { PythonError } from './python/errors.js';
import { pythonInt } from './python/int.js';
import { JsonDecoder, JsonError } from './python/json-decode.js';
import { PyDict, type PyValue, pyLstrip, pyStrip, pythonClass, stringRepr } from './python/repr.js';
import { SHORTHAND_FRAME_LIMIT, ShorthandError, ShorthandParser } from './shorthand.js';
import { toJavaScript } from './validate.js';

// Python counts each JSON list or object it enters, and the OrderedDict built after an object, against the
// recursion limit it shares with the frames already on the stack. Measured with /usr/bin/aws 2.9.19: JSON may nest
// 978 levels in a `[…]` list word or a map word, 975 in each `{…}` word of a list, and 979 in --cli-input-json,
// counting its outer object.
const JSON_MAX_DEPTH = { list: 978, member: 975, map: 978, cliInput: 979 } as const;

/** awscli's ParamError: `Error parsing parameter '--x': …`, exit status 252. */
const paramError = (cliName: string, message: string, cause?: unknown) =>
  new CliParseError(
    `Error parsing parameter '${cliName}': ${message}`,
    CliExitCode.ParamValidation,
    cause === undefined ? undefined : { cause },
  );

const ERRNO: Readonly<Record<string, string>> = {
  ENOENT: '[Errno 2] No such file or directory',
  EACCES: '[Errno 13] Permission denied',
  EISDIR: '[Errno 21] Is a directory',
  ENOTDIR: '[Errno 20] Not a directory',
  ENAMETOOLONG: '[Errno 36] File name too long',
};

// os.path.expanduser then os.path.expandvars: `~` and `$NAME` / `${NAME}` of variables that are set.
const expandPath = (path: string): string =>
  path.replace(/^~(?=\/|$)/, homedir()).replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const variable = process.env[name.replace(/^\{|\}$/g, '')];
    return variable === undefined ? whole : variable;
  });

/**
 * awscli's get_paramfile: the text of the file a `file://` value names (newlines as Python's text mode reads them),
 * or undefined for any other value.
 *
 * @throws {CliParseError} `Unable to load paramfile …` as aws words it, exit status 252
 * @throws {UsageError} for `fileb://`, whose bytes the kit does not send
 * @example
 * ```ts
 * readParamFile('file://attributes.json', '--user-attributes'); // the file's text
 * ```
 */
const readParamFile = (value: string, cliName: string): string | undefined => {
  if (value.startsWith('fileb://'))
    throw new UsageError(
      '',
      `\ncognito-trigger: ${cliName} ${value}: fileb:// is not supported; use file://\n`,
    );
  if (!value.startsWith('file://')) return undefined;
  const path = expandPath(value.slice('file://'.length));
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = `${ERRNO[code] ?? `[Errno] ${(error as Error).message}`}: ${stringRepr(path)}`;
    throw paramError(cliName, `Unable to load paramfile ${value}: ${reason}`, error);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
  } catch (error) {
    throw paramError(
      cliName,
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
      error,
    );
  }
};

const loadJson = (text: string, cliName: string, maxDepth: number): PyValue => {
  try {
    return new JsonDecoder([...text], maxDepth).decode();
  } catch (error) {
    if (error instanceof JsonError)
      throw paramError(cliName, `Invalid JSON: ${error.message}\nJSON received: ${text}`, error);
    throw error;
  }
};

// `text[0]` on a string Python has stripped: an empty one is Python's IndexError.
const firstCharacter = (text: string): string => {
  const first = text[0];
  if (first === undefined) throw new PythonError('IndexError', 'string index out of range');
  return first;
};

const isComplex = (shape: ShapeDefinition): boolean =>
  shape.type === 'structure' ||
  shape.type === 'map' ||
  (shape.type === 'list' && ['structure', 'list', 'map'].includes(shapeNamed(shape.member).type));

const typeName = (value: PyValue): string => pythonClass(value).replace(/^collections\./, '');

// BackCompatVisitor: what the model asks of a shorthand value, set in place in its parent.
const visit = (shape: ShapeDefinition, value: PyValue | undefined, set: (value: PyValue) => void): void => {
  if (value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure':
      if (!(value instanceof PyDict)) return;
      for (const [member, target] of Object.entries(shape.members))
        visit(shapeNamed(target), value.entries.get(member), (item) => value.entries.set(member, item));
      return;
    case 'list':
      if (!Array.isArray(value)) {
        set([value]);
        return;
      }
      value.forEach((item, index) => {
        visit(shapeNamed(shape.member), item, (converted) => {
          value[index] = converted;
        });
      });
      return;
    case 'map':
      if (!(value instanceof PyDict)) return;
      for (const [key, item] of value.entries)
        visit(shapeNamed(shape.value), item, (converted) => value.entries.set(key, converted));
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'string')
        throw new PythonError(
          'TypeError',
          `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`,
        );
      set(pythonInt(value));
      return;
    case 'boolean':
      if (typeof value !== 'string')
        throw new PythonError('AttributeError', `'${typeName(value)}' object has no attribute 'lower'`);
      if (value.toLowerCase() === 'true') set(true);
      else if (value.toLowerCase() === 'false') set(false);
      return;
    default:
      return;
  }
};

const parseShorthandWord = (word: string, cliName: string, frameLimit: number): PyDict => {
  try {
    return new ShorthandParser([...word], frameLimit).parse();
  } catch (error) {
    if (error instanceof ShorthandError) throw paramError(cliName, error.message, error);
    throw error;
  }
};

// ParamShorthandParser: each word of a list, or the one word, in shorthand, then the visitor.
const parseAsShorthand = (
  shape: ShapeDefinition,
  value: string | readonly string[],
  cliName: string,
): PyValue => {
  if (
    shape.type === 'structure' &&
    Object.keys(shape.members).length === 1 &&
    shape.members.Value !== undefined &&
    shapeNamed(shape.members.Value).type === 'string' &&
    typeof value === 'string' &&
    !value.includes('=')
  ) {
    const wrapped = new PyDict(false);
    wrapped.entries.set('Value', value);
    return wrapped;
  }
  const parsed: PyValue =
    typeof value === 'string'
      ? parseShorthandWord(value, cliName, SHORTHAND_FRAME_LIMIT.single)
      : value.map((word) => parseShorthandWord(word, cliName, SHORTHAND_FRAME_LIMIT.perWord));
  visit(shape, parsed, () => undefined);
  return parsed;
};

// unpack_cli_arg: a scalar as Python reads it, a structure or map as JSON, a list word by word.
const unpackValue = (
  shape: ShapeDefinition,
  value: string | readonly string[],
  cliName: string,
  depth: number = JSON_MAX_DEPTH.map,
): PyValue => {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (typeof value !== 'string')
        throw new PythonError(
          'TypeError',
          "int() argument must be a string, a bytes-like object or a real number, not 'list'",
        );
      return pythonInt(value);
    case 'boolean':
      if (typeof value === 'string') return value.toLowerCase() !== 'false' && value !== '';
      return value.length > 0;
    case 'structure':
    case 'map': {
      const text = typeof value === 'string' ? value : String(value);
      if (firstCharacter(pyLstrip(text)) === '{') return loadJson(text, cliName, depth);
      throw paramError(cliName, `Invalid JSON:\n${text}`);
    }
    case 'list': {
      if (typeof value === 'string' && firstCharacter(pyLstrip(value)) === '[')
        return loadJson(value, cliName, JSON_MAX_DEPTH.list);
      if (Array.isArray(value) && value.length === 1) {
        const single = pyStrip(value[0] as string);
        if (single !== '' && single[0] === '[')
          return loadJson(value[0] as string, cliName, JSON_MAX_DEPTH.list);
      }
      const member = shapeNamed(shape.member);
      const items = typeof value === 'string' ? [...value] : value;
      try {
        return items.map((item) => unpackValue(member, item, cliName, JSON_MAX_DEPTH.member));
      } catch (error) {
        if (error instanceof PythonError && (error.kind === 'ValueError' || error.kind === 'TypeError'))
          throw paramError(cliName, String(items[0]), error);
        throw error;
      }
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
};

/**
 * The request value aws-cli 2.9.19 makes of an option's words, before botocore checks it:
 *
 * - a single `file://` word is replaced by the file's text (a list option's words then become that one text);
 * - a structure, a map or a list of them is read as shorthand unless its (first) word starts with `[` or `{`,
 *   and the model then turns shorthand strings into ints and booleans where it asks for them;
 * - otherwise JSON for structures, maps and a `[…]` list, Python's int() for integers, and each word of a list of
 *   scalars as it is.
 *
 * @param shape - the name of the member's shape
 * @param value - what argparse made of the words: one word, the words of a list option, or a flag's boolean
 * @param cliName - the option named in error messages, as in `Error parsing parameter '--user-attributes': …`
 * @throws {CliParseError} with aws's message and exit status, for a parse error (252) or an exception aws does not
 *   catch (255, such as `invalid literal for int() with base 10: 'x'`)
 * @example
 * ```ts
 * unpackArgument('AttributeListType', ['Name=email,Value=a@b.c'], '--user-attributes'); // [{'Name': …}]
 * ```
 */
const unpackArgument = (shapeName: string, given: ArgValue, cliName: string): PyValue =>
  asAwsDoes(() => {
    // A flag's value is sent as it is, and a paging option's int is argparse's already.
    if (typeof given === 'boolean' || typeof given === 'bigint') return given;
    const words: string | readonly string[] = typeof given === 'string' ? given : given.map(String);
    const single = typeof words === 'string' ? words : words.length === 1 ? words[0] : undefined;
    const value = (single === undefined ? undefined : readParamFile(single, cliName)) ?? words;
    const shape = shapeNamed(shapeName);
    const first = typeof value === 'string' ? value : value[0];
    const looksLikeJson = first !== undefined && /^[[{]/.test(pyStrip(first));
    if (!looksLikeJson && isComplex(shape)) return parseAsShorthand(shape, value, cliName);
    return unpackValue(shape, value, cliName);
  });

/**
 * The request members `--cli-input-json` gives, as aws-cli 2.9.19 reads its text (a `file://` value is the file's
 * text): Python's `json.loads`, whose objects are plain dicts. Nothing is checked against the model yet: botocore does
 * that once the members given as options are merged in.
 *
 * @param value - the option's value
 * @throws {CliParseError} `Error parsing parameter 'cli-input-json': Invalid JSON received.`, or
 *   `… '--cli-input-json': Invalid type: expecting map, …` for JSON that is not an object, exit status 252;
 *   Python's recursion error, exit status 255, for JSON nested deeper than aws can read
 * @example
 * ```ts
 * loadCliInputJson('{"UserPoolId": "us-west-2_aaaaaaaaa", "Username": 123}').entries.get('Username'); // 123n
 * ```
 */
const loadCliInputJson = (value: string): PyDict =>
  asAwsDoes(() => {
    const text = readParamFile(value, '--cli-input-json') ?? value;
    let loaded: PyValue;
    try {
      loaded = new JsonDecoder([...text], JSON_MAX_DEPTH.cliInput, false).decode();
    } catch (error) {
      if (error instanceof JsonError) throw paramError('cli-input-json', 'Invalid JSON received.', error);
      throw error;
    }
    if (!(loaded instanceof PyDict))
      throw paramError(
        '--cli-input-json',
        `Invalid type: expecting map, received <class '${pythonClass(loaded)}'>`,
      );
    return loaded;
  });

/**
 * Parses one shorthand word, such as `Name=email,Value=a@b.c`, exactly as aws-cli 2.9.19 does, before it checks the
 * result against any model: `k=a,b` is a list, `k=[a,b]` a list, `k={a=b}` a map, `k=` the empty string. Quoted
 * values keep their commas; `\,` is a comma in an unquoted value.
 *
 * @param options.cliName - the option named in error messages; without it (default), the message is the parser's
 * @throws {CliParseError} with aws's message, for a syntax error or a key given twice
 * @example
 * ```ts
 * parseShorthand('Name=name,Value=Smith\\, John'); // { Name: 'name', Value: 'Smith, John' }
 * ```
 */
const parseShorthand = (text: string, options: { readonly cliName?: string } = {}): Record<string, unknown> =>
  asAwsDoes(() => {
    try {
      return toJavaScript(new ShorthandParser([...text]).parse()) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof ShorthandError)) throw error;
      if (options.cliName === undefined)
        throw new CliParseError(error.message, CliExitCode.ParamValidation, { cause: error });
      throw paramError(options.cliName, error.message, error);
    }
  });

export { loadCliInputJson, paramError, parseShorthand, readParamFile, unpackArgument };
