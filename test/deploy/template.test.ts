import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';
import { bundledBrands } from '../../handlers/brands/index.js';
import { toBrandDocument } from '../../src/brand/config.js';
import { buildHandlers, findHandlers } from '../../src/build/build.js';
import { openHandler } from '../../src/local/handler-process.js';
import { hasCommand } from '../helpers/commands.js';
import { describeWithTool, type Tool } from '../helpers/tools.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed template is read as loosely as CloudFormation reads it
type Loose = any;
type Resource = { Type: string; Condition?: string; Properties: Record<string, Loose> };
type Template = {
  Transform: string;
  Resources: Record<string, Resource>;
  Globals: { Function: Record<string, Loose> };
};

/** CloudFormation's short-form functions, read as their long form (`!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`). */
const FUNCTIONS = ['Ref', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'Join', 'Select', 'Split', 'FindInMap'];
const customTags: Tags = FUNCTIONS.flatMap((name): Tags => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
  const wrap = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  const identify = (): boolean => false;
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(value), identify },
    {
      tag: `!${name}`,
      collection: 'seq',
      resolve: (seq: unknown) => wrap((seq as YAMLSeq).toJSON()),
      identify,
    },
    {
      tag: `!${name}`,
      collection: 'map',
      resolve: (map: unknown) => wrap((map as YAMLMap).toJSON()),
      identify,
    },
  ];
});
const readTemplate = (text: string) => parse(text, { customTags }) as Template;

const SAMPLE_KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c';
/** What CloudFormation would fill in for a variable the template computes, where `/sample/` would not do. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  KEY_ARN: SAMPLE_KEY_ARN,
  EMAIL_CONFIGURATION_SET: 'transactional',
};
const text = readFileSync('template.yaml', 'utf8');
const template = readTemplate(text);
const resources = Object.entries(template.Resources);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
const functions = ofType('AWS::Serverless::Function');

let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cognito-trigger-template-'));
  await buildHandlers({ root: process.cwd(), outDir: join(out, 'dist'), zip: false });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('template.yaml', () => {
  it('is an AWS SAM template whose functions are the built handlers, each with its handler export', async () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(functions.length).toBeGreaterThan(0);
    const handlers = findHandlers('handlers');
    for (const [id, { Properties }] of functions) {
      const name = /^dist\/([\w-]+)\/$/.exec(Properties.CodeUri)?.[1];
      expect(handlers, `${id}.CodeUri ${Properties.CodeUri}`).toContain(name);
      // The module and export the handler string names load from the build, as Lambda would load them.
      // The variables the template sets, with a sample value where CloudFormation would fill one in.
      const variables = Properties.Environment?.Variables ?? {};
      const environment = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : (SAMPLE_VALUES[key] ?? '/sample/'),
        ]),
      );
      const opened = await openHandler(join(out, 'dist', name as string, Properties.Handler), {
        cwd: out,
        environment,
      });
      await opened.close();
    }
  });

  it('runs on Node.js 22 or newer, on arm64, with memory set and a timeout inside Cognito’s 5 seconds', () => {
    const globals = template.Globals.Function;
    expect(Number(/^nodejs(\d+)\.x$/.exec(globals.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(globals.Architectures).toEqual(['arm64']);
    const [, custom] = functions.find(([id]) => id === 'CustomMessageFunction') ?? [];
    expect(custom?.Properties.Timeout).toBeLessThanOrEqual(5);
    expect(custom?.Properties.MemorySize).toBeGreaterThanOrEqual(128);
    // The reasons are stated next to the settings.
    expect(text).toMatch(/# Cognito waits 5 seconds for this trigger[\s\S]*Timeout: 5/);
    expect(text).toMatch(/# Lambda gives CPU in proportion to memory[\s\S]*MemorySize:/);
  });

  it('wires the pool to the function, and lets only that pool, in this account, invoke it', () => {
    const pool = template.Resources.UserPool as Resource;
    expect(pool.Properties.LambdaConfig.CustomMessage).toEqual({
      'Fn::GetAtt': ['CustomMessageFunction', 'Arn'],
    });
    const [, permission] =
      ofType('AWS::Lambda::Permission').find(([id]) => id === 'CustomMessagePermission') ?? [];
    expect(permission?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': ['CustomMessageFunction', 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    expect(permission?.Properties.SourceArn['Fn::If'][1]).toEqual({ 'Fn::GetAtt': ['UserPool', 'Arn'] });
  });

  it('hands SMS codes to the Custom SMS sender, encrypted with a key whose Decrypt the sender is granted', () => {
    const pool = (template.Resources.UserPool as Resource).Properties;
    expect(pool.LambdaConfig.CustomSMSSender).toEqual({
      LambdaArn: { 'Fn::GetAtt': ['CustomSmsSenderFunction', 'Arn'] },
      LambdaVersion: 'V1_0',
    });
    expect(pool.LambdaConfig.KMSKeyID).toEqual({ 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] });
    expect((template.Resources.SmsSenderKey as Resource).Properties.KeySpec).toBe('SYMMETRIC_DEFAULT');
    const sender = (template.Resources.CustomSmsSenderFunction as Resource).Properties;
    expect(sender.Environment.Variables.KEY_ARN).toEqual({ 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] });
    const statements = sender.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] } }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish' }));
    const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => p.Properties);
    expect(permissions).toContainEqual(
      expect.objectContaining({
        FunctionName: { 'Fn::GetAtt': ['CustomSmsSenderFunction', 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
      }),
    );
  });

  it('hands email codes to the Custom email sender, with the same key, and lets it send only as the brands’ identities', () => {
    const pool = (template.Resources.UserPool as Resource).Properties;
    expect(pool.LambdaConfig.CustomEmailSender).toEqual({
      LambdaArn: { 'Fn::GetAtt': ['CustomEmailSenderFunction', 'Arn'] },
      LambdaVersion: 'V1_0',
    });
    expect(pool.LambdaConfig.KMSKeyID).toEqual({ 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] });
    const sender = (template.Resources.CustomEmailSenderFunction as Resource).Properties;
    expect(sender.CodeUri).toBe('dist/custom-email-sender/');
    expect(sender.Timeout).toBeGreaterThan(5);
    expect(sender.Environment.Variables).toMatchObject({
      KEY_ARN: { 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] },
      EMAIL_CONFIGURATION_SET: { Ref: 'EmailConfigurationSet' },
    });
    const statements = sender.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': ['SmsSenderKey', 'Arn'] } }),
    );
    const send = statements.find((s: { Action: string }) => s.Action === 'ses:SendEmail');
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: CloudFormation's own substitution syntax
    expect(send.Resource).toEqual([
      {
        'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${AcmeEmailIdentity}',
      },
      {
        'Fn::Sub':
          'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${GlobexEmailIdentity}',
      },
      {
        'Fn::If': [
          'UseEmailConfigurationSet',
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${EmailConfigurationSet}',
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: CloudFormation's own substitution syntax
    // Nothing else may be sent as: no wildcard, no other action.
    expect(statements.filter((s: { Action: string }) => s.Action.startsWith('ses:'))).toHaveLength(1);
    const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => p.Properties);
    expect(permissions).toContainEqual(
      expect.objectContaining({
        FunctionName: { 'Fn::GetAtt': ['CustomEmailSenderFunction', 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      }),
    );
  });

  it('names each brand’s SES identity as a parameter, its default the domain of the brand’s From address', () => {
    const parameters = (parse(text, { customTags }) as { Parameters: Record<string, { Default?: string }> })
      .Parameters;
    for (const [id, parameter] of [
      ['acme', 'AcmeEmailIdentity'],
      ['globex', 'GlobexEmailIdentity'],
    ] as const) {
      const from = bundledBrands.brands[id]?.email?.from ?? '';
      expect(from.endsWith(`@${parameters[parameter]?.Default}>`), `${id}: ${from}`).toBe(true);
    }
  });

  it('verifies changed emails before they take effect, and sends email as the EmailSendingAccount parameter says', () => {
    const pool = (template.Resources.UserPool as Resource).Properties;
    expect(pool.AutoVerifiedAttributes).toContain('email');
    expect(pool.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate).toEqual([
      'email',
      'phone_number',
    ]);
    const [condition, developer, fallback] = pool.EmailConfiguration['Fn::If'];
    expect(condition).toBe('UseDeveloperEmail');
    expect(developer).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: { Ref: 'SesIdentityArn' },
      From: { Ref: 'FromEmailAddress' },
    });
    expect(fallback).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
  });

  it('gives the function its brand parameters, and the right to read exactly those', () => {
    const custom = (template.Resources.CustomMessageFunction as Resource).Properties;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own substitution syntax
    expect(custom.Environment.Variables.BRAND_CONFIG_PARAMETER).toEqual({ 'Fn::Sub': '${BrandConfigPath}/' });
    const statements = custom.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement);
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'ssm:GetParametersByPath',
        Resource: { 'Fn::Sub': expect.stringMatching(/:parameter\$\{BrandConfigPath\}$/) },
      }),
      expect.objectContaining({
        Action: 'ssm:GetParameter',
        Resource: { 'Fn::Sub': expect.stringMatching(/:parameter\$\{BrandConfigPath\}\/\*$/) },
      }),
    ]);
    const parameters = ofType('AWS::SSM::Parameter');
    expect(parameters.map(([, p]) => p.Properties.Name['Fn::Sub'])).toEqual(
      Object.keys(bundledBrands.brands).map((id) => `\${BrandConfigPath}/${id}`),
    );
  });

  it('holds the example brands as handlers/brands has them (npm run template:brands writes them)', () => {
    const { brands } = toBrandDocument(bundledBrands);
    for (const [, parameter] of ofType('AWS::SSM::Parameter')) {
      const id = String(parameter.Properties.Name['Fn::Sub']).split('/').pop() as string;
      expect(JSON.parse(parameter.Properties.Value), id).toEqual(brands[id]);
      // Advanced parameters hold up to 8 KB.
      expect(Buffer.byteLength(parameter.Properties.Value)).toBeLessThanOrEqual(8192);
    }
  });

  it('keeps the function’s logs for the configured retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(functions.length);
    for (const [, group] of groups)
      expect(group.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect((template.Resources.CustomMessageFunction as Resource).Properties.LoggingConfig.LogGroup).toEqual({
      Ref: 'CustomMessageLogGroup',
    });
  });
});

const CFN_LINT: Tool = {
  name: 'cfn-lint',
  available: hasCommand('cfn-lint', '--version'),
  install: 'pip install cfn-lint',
};

describeWithTool(CFN_LINT, 'template.yaml, checked by cfn-lint', () => {
  // cfn-lint loads its whole specification on start: seconds, more on a busy machine.
  it('passes cfn-lint', { timeout: 120_000 }, () => {
    execFileSync('cfn-lint', ['template.yaml'], { encoding: 'utf8' });
  });

  it('fails cfn-lint once broken (the check can fail)', { timeout: 120_000 }, () => {
    const broken = join(out, 'broken.yaml');
    writeFileSync(broken, text.replace('Runtime: nodejs22.x', 'Runtime: nodejs99.x'));
    expect(spawnSync('cfn-lint', [broken]).status).not.toBe(0);
  });
});
