import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functionsFromTemplate,
  type ResolvedFunctions,
  resolveFunctions,
} from '../../src/local/functions.js';
import { listenLocally } from '../../src/local/listen.js';
import type { PoolDocument, User } from '../../src/local/pool.js';
import { readSamTemplate, readSamTemplateFile } from '../../src/local/sam-template.js';
import { local } from './helpers.js';

const root = resolve(new URL('../../', import.meta.url).pathname);
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const toClose: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(toClose.map((set) => set.close()));
});

const DIEGO: User = {
  Username: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7',
  UserAttributes: [
    { Name: 'sub', Value: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7' },
    { Name: 'email', Value: 'diego@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ],
  Enabled: true,
  UserStatus: 'CONFIRMED',
  Password: 'Passw0rd!',
};
/** A template's pool with a user in it: a template creates pools without users. */
const withDiego = (pool: PoolDocument): PoolDocument => ({ ...pool, Users: [DIEGO] });
/** The pool without its custom senders, which would send its messages instead of the Custom message function. */
const withoutSenders = (pool: PoolDocument): PoolDocument => {
  const {
    CustomSMSSender: _sms,
    CustomEmailSender: _email,
    ...lambdaConfig
  } = pool.UserPool.LambdaConfig ?? {};
  return { ...pool, UserPool: { ...pool.UserPool, LambdaConfig: lambdaConfig } };
};
const changeEmail = (cognito: ReturnType<typeof local>, userPoolId: string) =>
  cognito.adminUpdateUserAttributes({
    UserPoolId: userPoolId,
    Username: 'diego@example.com',
    UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
  });

describe('Function: readSamTemplateFile, on this repository’s template.yaml', () => {
  it('reads the pool as DescribeUserPool shows it, its triggers naming the functions', async () => {
    // Act
    const { pools, functions, notes } = await readSamTemplateFile(join(root, 'template.yaml'));

    // Assess
    expect(notes).toEqual([]);
    expect(pools).toHaveLength(1);
    const { UserPool, UserPoolClients } = pools[0] as PoolDocument;
    expect(UserPool).toMatchObject({
      Id: 'us-west-2_UserPool',
      Name: 'local-users',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email', 'phone_number'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email', 'phone_number'] },
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
      LambdaConfig: {
        CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:local-custom-message',
        CustomSMSSender: {
          LambdaArn: 'arn:aws:lambda:us-west-2:123456789012:function:local-custom-sms-sender',
          LambdaVersion: 'V1_0',
        },
        KMSKeyID: expect.stringMatching(/^arn:aws:kms:us-west-2:123456789012:key\/[0-9a-f-]{36}$/),
      },
    });
    expect(UserPool.SchemaAttributes?.find((a) => a.Name === 'locale')).toMatchObject({ Mutable: true });
    expect(UserPool.SchemaAttributes?.find((a) => a.Name === 'sub')).toMatchObject({ Mutable: false });
    expect(UserPoolClients?.map((c) => [c.ClientId, c.ClientName, c.UserPoolId])).toEqual([
      ['AcmeClient', 'acme', 'us-west-2_UserPool'],
      ['GlobexClient', 'globex', 'us-west-2_UserPool'],
    ]);
    expect(functions.map((f) => [f.logicalId, f.functionName, f.codeUri, f.handler])).toEqual([
      ['CustomMessageFunction', 'local-custom-message', 'dist/custom-message/', 'index.handler'],
      ['CustomSmsSenderFunction', 'local-custom-sms-sender', 'dist/custom-sms-sender/', 'index.handler'],
      [
        'CustomEmailSenderFunction',
        'local-custom-email-sender',
        'dist/custom-email-sender/',
        'index.handler',
      ],
    ]);
    expect(functions[0]?.environment).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'custom-message',
      BRAND_CONFIG_PARAMETER: '/cognito-trigger-kit/brands/',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(functions[1]?.environment.KEY_ARN).toBe(UserPool.LambdaConfig?.KMSKeyID);
  });

  it('follows the parameters: DEVELOPER email, and no pool for an existing one', async () => {
    const developer = await readSamTemplateFile(join(root, 'template.yaml'), {
      parameters: {
        EmailSendingAccount: 'DEVELOPER',
        SesIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
        FromEmailAddress: 'Acme <no-reply@acme.example>',
      },
      stackName: 'prod',
      region: 'eu-west-1',
    });
    expect(developer.pools[0]?.UserPool).toMatchObject({
      Id: 'eu-west-1_UserPool',
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        SourceArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
        From: 'Acme <no-reply@acme.example>',
      },
      LambdaConfig: { CustomMessage: 'arn:aws:lambda:eu-west-1:123456789012:function:prod-custom-message' },
    });
    const existing = await readSamTemplateFile(join(root, 'template.yaml'), {
      parameters: { ExistingUserPoolId: 'us-west-2_abcdefghi' },
    });
    expect(existing.pools).toEqual([]);
    expect(existing.functions).toHaveLength(3);
  });

  it('runs the pool’s Custom message function from its source until it is built', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const set = await functionsFromTemplate('template.yaml', {
      cwd: root,
      // Cognito sends a function's email only through SES (EmailSendingAccount DEVELOPER).
      templateOptions: {
        parameters: {
          EmailSendingAccount: 'DEVELOPER',
          SesIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
          FromEmailAddress: 'no-reply@acme.example',
        },
      },
      environment: { AWS_REGION: 'us-west-2' },
      // The brands bundled with the handler, rather than Parameter Store's.
      overrides: { BRAND_CONFIG_PARAMETER: '' },
      output: quiet,
    });
    toClose.push(set);
    const built = existsSync(join(root, 'dist', 'custom-message', 'index.mjs'));
    const cognito = local({
      pool: set.pools.map((pool) => withDiego(withoutSenders(pool))),
      functions: set.functions,
    });

    // Act
    const trace = await changeEmail(cognito, 'us-west-2_UserPool');

    // Assess
    expect(set.described[0]).toEqual({
      names: ['CustomMessageFunction', 'local-custom-message'],
      source: built
        ? join('dist', 'custom-message', 'index.mjs (built)')
        : join('handlers', 'custom-message.ts'),
    });
    expect(trace.result).toEqual({ response: {} });
    expect(trace.notes).toContain('CustomMessage → the function local-custom-message');
    expect(trace.deliveries[0]).toMatchObject({
      source: 'trigger',
      destination: 'diego.new@example.com',
      subject: expect.stringContaining('Acme Cloud'),
    });
  });
});

describe('Function: functionsFromTemplate, on a template of two functions and a pool', () => {
  let dir: string;
  const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Brand:
    Type: String
    Default: acme
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    Environment:
      Variables:
        SHARED: from-globals
Resources:
  FirstFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub \${AWS::StackName}-first
      CodeUri: dist/first/
      Environment:
        Variables:
          BRAND: !Ref Brand
  SecondFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/second/
      MemorySize: 1024
      Events:
        Messages:
          Type: Cognito
          Properties:
            UserPool: !Ref Pool
            Trigger: CustomMessage
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: !Join ['-', [!Ref AWS::StackName, pool]]
      UsernameAttributes: [email]
      AutoVerifiedAttributes: [email]
      EmailVerificationSubject: Your code
      VerificationMessageTemplate:
        EmailMessage: 'Code: {####}'
      EmailConfiguration:
        EmailSendingAccount: DEVELOPER
        SourceArn: !Sub arn:aws:ses:\${AWS::Region}:\${AWS::AccountId}:identity/example.com
      Schema:
        - Name: tier
          AttributeDataType: String
          Mutable: true
          StringAttributeConstraints: { MinLength: 1, MaxLength: 16 }
        - Name: email
          Required: true
      Policies:
        PasswordPolicy: { MinimumLength: 12 }
      UserPoolTags:
        Owner: !ImportValue team-name
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      GenerateSecret: true
      AccessTokenValidity: 30
      TokenValidityUnits: { AccessToken: minutes }
      ExplicitAuthFlows: [ALLOW_ADMIN_USER_PASSWORD_AUTH]
`;
  const handlerModule = (label: string) =>
    `export const handler = async (event) => ({ ...event, response: { ...event.response, emailSubject: '${label} ' + process.env.AWS_LAMBDA_FUNCTION_NAME + ' ' + (process.env.BRAND ?? '-') + ' ' + process.env.SHARED + ' ' + process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, emailMessage: '${label} {####}' } });\n`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-template-'));
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    // The first is built; the second is not yet, and runs from handlers/second.ts.
    mkdirSync(join(dir, 'dist', 'first'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'first', 'index.mjs'), handlerModule('first'));
    mkdirSync(join(dir, 'handlers'));
    writeFileSync(
      join(dir, 'handlers', 'second.ts'),
      handlerModule('second').replace('(event)', '(event: any)'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the pool’s properties and its client to DescribeUserPool’s shape', async () => {
    const { pools, notes } = await readSamTemplateFile(join(dir, 'template.yaml'));
    const { UserPool, UserPoolClients } = pools[0] as PoolDocument;
    expect(UserPool).toMatchObject({
      Id: 'us-west-2_Pool',
      Name: 'local-pool',
      VerificationMessageTemplate: { EmailSubject: 'Your code', EmailMessage: 'Code: {####}' },
      EmailConfiguration: { SourceArn: 'arn:aws:ses:us-west-2:123456789012:identity/example.com' },
      LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:SecondFunction' },
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
    });
    expect(UserPool.SchemaAttributes?.find((a) => a.Name === 'custom:tier')).toEqual({
      Name: 'custom:tier',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '16' },
    });
    expect(UserPool.SchemaAttributes?.find((a) => a.Name === 'email')?.Required).toBe(true);
    expect(UserPool).not.toHaveProperty('UserPoolTags');
    expect(notes).toEqual(['Pool.UserPoolTags is left out: Fn::ImportValue is known only once deployed']);
    expect(UserPoolClients?.[0]).toMatchObject({
      ClientId: 'Client',
      UserPoolId: 'us-west-2_Pool',
      AccessTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes' },
      ClientSecret: expect.stringMatching(/^[\w-]{24,64}$/),
    });
  });

  it('calls the function the pool names, with its template environment', { timeout: 30_000 }, async () => {
    // Prepare
    const set = await functionsFromTemplate('template.yaml', { cwd: dir, environment: {}, output: quiet });
    toClose.push(set);
    const cognito = local({ pool: set.pools.map(withDiego), functions: set.functions });

    // Act
    const trace = await changeEmail(cognito, 'us-west-2_Pool');

    // Assess
    expect(trace.deliveries[0]).toMatchObject({
      subject: 'second SecondFunction - from-globals 1024',
      html: 'second 424242',
    });
    expect(set.described).toEqual([
      {
        names: ['FirstFunction', 'local-first'],
        source: expect.stringContaining('(opened when first called)'),
      },
      { names: ['SecondFunction'], source: join('handlers', 'second.ts') },
    ]);
  });

  it('opens a function the pools did not name at the start when a pool comes to name it', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const set = await functionsFromTemplate('template.yaml', { cwd: dir, environment: {}, output: quiet });
    toClose.push(set);
    const pool = withDiego(set.pools[0] as PoolDocument);
    const renamed: PoolDocument = {
      ...pool,
      UserPool: {
        ...pool.UserPool,
        LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:local-first' },
      },
    };

    // Act
    const trace = await changeEmail(local({ pool: renamed, functions: set.functions }), 'us-west-2_Pool');

    // Assess
    expect(trace.deliveries[0]?.subject).toBe('first local-first acme from-globals 256');
  });

  it('says what to build when the function a pool names has no code yet', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'cognito-trigger-template-'));
    try {
      writeFileSync(join(bare, 'template.yaml'), TEMPLATE);
      await expect(functionsFromTemplate('template.yaml', { cwd: bare })).rejects.toThrow(
        /SecondFunction: dist\/second\/index\.\{mjs,js,cjs\} is not built \(cognito-trigger build\) and there is no handlers\/second\.ts/,
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('invokes the template’s functions at a Lambda endpoint by their logical IDs', async () => {
    // Prepare
    const paths: string[] = [];
    const server = createServer((request, response) => {
      paths.push(request.url ?? '');
      request.resume();
      request.on('end', () => {
        response.writeHead(404, { 'x-amzn-errortype': 'ResourceNotFound' });
        response.end('{"Type":"User","Message":"Function not found"}');
      });
    });
    const endpoint = await listenLocally(server);
    let resolved: ResolvedFunctions | undefined;
    try {
      resolved = await resolveFunctions({
        template: 'template.yaml',
        lambdaEndpoint: endpoint.url,
        cwd: dir,
        templateOptions: { stackName: 'dev' },
      });
      const cognito = local({ pool: resolved.pools?.map(withDiego), functions: resolved.functions });

      // Act
      const trace = await changeEmail(cognito, 'us-west-2_Pool');

      // Assess
      expect(paths).toEqual(['/2015-03-31/functions/SecondFunction/invocations']);
      expect(trace.result).toMatchObject({ error: { name: 'UnexpectedLambdaException' } });
      expect(resolved.described).toEqual([{ names: ['*'], source: endpoint.url }]);
    } finally {
      await resolved?.close();
      await endpoint.close();
    }
  });
});

describe('Function: readSamTemplate', () => {
  it('resolves the intrinsic functions a pool’s properties use', async () => {
    const { pools } = await readSamTemplate(
      `Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Mappings:
  Messages:
    prod: { subject: Verify your address }
    local: { subject: Local code }
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: !If [IsProd, production, !Select [1, !Split ['/', 'a/b/c']]]
      VerificationMessageTemplate:
        EmailSubject: !FindInMap [Messages, !Ref AWS::StackName, subject]
        SmsMessage: !Sub '\${!Literal} {####}'
        EmailMessage: !If [IsProd, !Ref AWS::NoValue, 'Code {####}']
`,
    );
    expect(pools[0]?.UserPool).toMatchObject({
      Name: 'b',
      VerificationMessageTemplate: {
        EmailSubject: 'Local code',
        SmsMessage: `\${Literal} {####}`,
        EmailMessage: 'Code {####}',
      },
    });
  });

  it('says when the text is not a template', async () => {
    await expect(readSamTemplate('just: text')).rejects.toThrow('the template has no Resources');
  });
});
