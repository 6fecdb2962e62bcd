// Runs each case below with the real aws-cli 2.9.19 (/usr/bin/aws) against a local capture server and writes what it
// sent, or what it printed and its exit status, to test/cli/golden/shorthand.json. test/cli/shorthand.test.ts checks
// src/cli/aws/argprocess.ts against every case. Run: node --import ./bin/register-ts.mjs scripts/capture-shorthand-golden.ts
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  AWS_CLI,
  AWS_CLI_VERSION,
  type GoldenFile,
  installedAwsCliVersion,
  runAll,
  type ShorthandCase,
  startCaptureServer,
} from '../test/cli/shorthand-aws.js';

const attributes = (name: string, ...words: string[]): ShorthandCase => ({
  name,
  operation: 'admin-update-user-attributes',
  subject: 'userAttributes',
  userAttributes: words,
});
const metadata = (name: string, word: string): ShorthandCase => ({
  name,
  operation: 'admin-update-user-attributes',
  subject: 'clientMetadata',
  userAttributes: ['Name=email,Value=a@b.c'],
  clientMetadata: word,
});
const nest = (open: string, close: string, depth: number, inner: string) =>
  open.repeat(depth) + inner + close.repeat(depth);

const CASES: readonly ShorthandCase[] = [
  // Shorthand that aws accepts.
  attributes('the seed example, after the shell removed its quotes', 'Name=custom:CustomAttr1,Value=Purple'),
  attributes('the seed example with its quotes kept', 'Name="custom:CustomAttr1",Value="Purple"'),
  attributes('two attributes as two words', 'Name=email,Value=a@b.c', 'Name=email_verified,Value=true'),
  attributes('an escaped comma in an unquoted value', 'Name=name,Value=Smith\\, John'),
  attributes('a comma inside a double-quoted value', 'Name=name,Value="Smith, John"'),
  attributes('an equals sign inside a value', 'Name=x,Value=a=b'),
  attributes('spaces around = and , and after the value', 'Name = x , Value = y '),
  attributes('an empty Value', 'Name=email,Value='),
  attributes('no Value at all', 'Name=email'),
  attributes('Value before Name', 'Value=v,Name=n'),
  attributes('an escaped single quote in a single-quoted value', "Name=x,Value='it\\'s'"),
  attributes('escapes in a double-quoted value', 'Name=x,Value="a\\"b\\\\c\\d"'),
  attributes('a quoted emoji', 'Name=x,Value="😀"'),
  attributes('a tab and a newline between pairs', 'Name=x,\tValue=y\n'),
  attributes('no words at all'),
  // JSON that aws accepts.
  attributes('a JSON list', '[{"Name":"email","Value":"a@b.c"}]'),
  attributes('a JSON list after leading spaces', '  [{"Name":"email"}]'),
  attributes('one JSON object for each word', '{"Name":"a"}', '{"Name":"b","Value":"c"}'),
  attributes('an empty JSON list', '[]'),
  // Shorthand syntax errors.
  attributes('a key without =', 'Name'),
  attributes('a pair that starts with =', '=x'),
  attributes('a key given twice', 'Name=a,Name=b'),
  attributes('a trailing comma', 'Name=x,'),
  attributes('an unterminated double quote', 'Name=x,Value="abc'),
  attributes('an unquoted emoji', 'Name=😀,Value=x'),
  attributes('a newline before the next key', 'Name=x,\nValue'),
  attributes('an error on the second line of a word', 'Name=x,\nValue==y'),
  attributes('an error before a newline', 'Name==x\n,Value=y'),
  attributes('an empty word', ''),
  attributes('a JSON word after a shorthand word', 'Name=x', '{"Name":"y"}'),
  // botocore validation failures.
  attributes('an empty Name', 'Name='),
  attributes('a comma-separated Value, which becomes a list', 'Name=x,Value=a,b'),
  attributes('a list that stops at the next key', 'Name=x,Value=a,b,c=d'),
  attributes('an explicit list', 'Name=x,Value=[a,b]'),
  attributes('a nested hash', 'Name=x,Value={k=v}'),
  attributes('a misspelt member', 'Nmae=x'),
  attributes(
    'JSON values that are not strings',
    '[{"Name":"x","Value":null},{"Name":1.5e20,"Value":{"a":[1,true]}},"s",7]',
  ),
  attributes(
    'a JSON string with quotes and escapes where a structure belongs',
    `["it's \\"q\\" \\u00e9\\u0001"]`,
  ),
  // JSON errors.
  attributes('a JSON syntax error', '[{"Name":"email",}]'),
  attributes('a JSON list word followed by another word', '[{"Name":"email"}]', 'Name=x'),
  attributes('a JSON object word followed by an empty word', '{"Name":"x"}', ''),
  attributes('a no-break space before JSON', '\u00a0[1]'),
  attributes('extra data after JSON', '[{"Name":"x"}] x'),
  attributes('an invalid escape in a JSON string', '[{"Name":"\\x"}]'),
  // Client metadata.
  metadata('client metadata in shorthand', 'brand=globex,locale=fr-CA'),
  metadata('a client metadata key with a colon', 'custom:dept=x'),
  metadata('client metadata in JSON', '{"brand":"x"}'),
  metadata('an empty client metadata value', 'a='),
  metadata('a quoted client metadata value with a comma', 'note="a,b"'),
  metadata('a client metadata list that stops at the next key', 'k=v1,v2,k2=v3'),
  metadata('an explicit list as a client metadata value', 'a=[1,2]'),
  metadata('a comma-separated client metadata value', 'a=b,c'),
  metadata('a client metadata key given twice', 'a=b,a=c'),
  metadata('a JSON list as client metadata', '[1]'),
  metadata('JSON client metadata values that are not strings', '{"a":1,"b":{},"c":null,"d":"x"}'),
  metadata('a JSON syntax error in client metadata', '{"a":"x",}'),
  metadata('a JSON integer longer than Python converts', `{"a":${'1'.repeat(4301)}}`),
  metadata('empty client metadata', ''),
  // update-user-attributes parses the same way.
  {
    name: 'update-user-attributes with both options',
    operation: 'update-user-attributes',
    subject: 'userAttributes',
    userAttributes: ['Name=email,Value=a@b.c'],
    clientMetadata: 'brand=globex',
  },
  // Python's recursion limit, at the depths measured with this CLI.
  attributes('JSON nested 978 deep', nest('[', ']', 978, '')),
  attributes('JSON nested 979 deep', nest('[', ']', 979, '')),
  metadata('a JSON OrderedDict too deep to print', `{"a":${nest('{"a":', '}', 327, '1')}}`),
  metadata('shorthand hashes nested 485 deep', `a=${nest('{a=', '}', 485, 'b')}`),
  metadata('shorthand hashes nested 486 deep', `a=${nest('{a=', '}', 486, 'b')}`),
  attributes('shorthand lists nested 487 deep', `Name=x,Value=${nest('[', ']', 487, '')}`),
];

const version = await installedAwsCliVersion();
if (version !== AWS_CLI_VERSION) {
  console.error(`${AWS_CLI} is aws-cli ${version ?? '(missing)'}; the golden file needs ${AWS_CLI_VERSION}`);
  process.exit(1);
}
const server = await startCaptureServer();
const started = Date.now();
try {
  const outcomes = await runAll(server, CASES);
  const golden: GoldenFile = {
    awsCliVersion: version,
    cases: CASES.map((shorthandCase, i) => ({ ...shorthandCase, outcome: outcomes[i]! })),
  };
  const path = fileURLToPath(new URL('../test/cli/golden/shorthand.json', import.meta.url));
  await writeFile(path, `${JSON.stringify(golden, null, 2)}\n`);
  // Formatted as the repository's checks want it, so that a fresh capture shows no diff.
  execFileSync(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), [
    'format',
    '--write',
    path,
  ]);
  console.log(
    `${CASES.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s: test/cli/golden/shorthand.json`,
  );
} finally {
  await server.close();
}
