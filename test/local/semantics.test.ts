import { describe, expect, it } from 'vitest';
import { customMessage } from '../../src/handler/custom-message.js';
import type { PoolDocument } from '../../src/local/pool.js';
import { html } from '../../src/message/html.js';
import {
  ACME_CLIENT,
  demoPoolWith,
  diego,
  GLOBEX_CLIENT,
  local,
  POOL_ID,
  recording,
  tokenFor,
  update,
} from './helpers.js';

const errorOf = (trace: { result: object }) =>
  (trace.result as { error?: { name: string; message: string } }).error;
const attributesOf = (user: Record<string, unknown>) =>
  Object.fromEntries(
    (user.UserAttributes as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]),
  );

describe('Attribute rules', () => {
  it('runs the seeds’ example as written: custom:CustomAttr1 becomes Purple, nothing is sent', async () => {
    const { handler, seen } = recording();
    const cognito = local({ handler });
    const trace = await update(cognito, { 'custom:CustomAttr1': 'Purple' });
    expect(trace.result).toEqual({ response: {} });
    expect(seen).toEqual([]);
    expect(attributesOf(diego(cognito))['custom:CustomAttr1']).toBe('Purple');
  });

  it('names every attribute the schema lacks, one line each, custom: prefix included', async () => {
    const trace = await update(local(), { foo: 'x', CustomAttr1: 'y' });
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message:
        'user.foo: Attribute does not exist in the schema.\nuser.CustomAttr1: Attribute does not exist in the schema.\n',
    });
  });

  it('refuses to update an immutable attribute, even to blank', async () => {
    for (const value of ['E-1', ''])
      expect(errorOf(await update(local(), { 'custom:employee_id': value }))?.message).toBe(
        'user.custom:employee_id: Attribute cannot be updated.\n',
      );
  });

  it('never modifies sub', async () => {
    expect(errorOf(await update(local(), { sub: '' }))?.message).toBe(
      'Cannot modify the non-mutable attribute sub',
    );
  });

  it('rejects a null value', async () => {
    expect(errorOf(await update(local(), { given_name: undefined }))?.message).toBe(
      'Attribute value for given_name must not be null',
    );
  });

  it('checks a custom attribute’s minimum length', async () => {
    const pool: PoolDocument = demoPoolWith({
      SchemaAttributes: [
        ...(demoPoolWith({}).UserPool.SchemaAttributes ?? []),
        {
          Name: 'custom:code',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '3', MaxLength: '8' },
        },
      ],
    });
    expect(errorOf(await update(local({ pool }), { 'custom:code': 'ab' }))?.message).toBe(
      'user.custom:code: String must be no shorter than 3 characters\n',
    );
  });

  it.each([
    ['email', 'not-an-email', 'Invalid email address format.'],
    ['phone_number', '0612345678', 'Invalid phone number format.'],
    ['phone_number', '+1 432 555', 'Invalid phone number format.'],
  ])('checks the format of %s', async (name, value, message) => {
    expect(errorOf(await update(local(), { [name]: value }))).toEqual({
      name: 'InvalidParameterException',
      message,
    });
  });

  it('refuses an email another user signs in with', async () => {
    expect(errorOf(await update(local(), { email: 'ZOE@example.com' }))).toEqual({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('deletes an attribute given a blank value', async () => {
    const cognito = local();
    await update(cognito, { family_name: '' });
    expect(attributesOf(diego(cognito))).not.toHaveProperty('family_name');
  });

  it('lets only the admin API write dev: attributes', async () => {
    const cognito = local();
    expect((await update(cognito, { 'dev:custom:tier': 'gold' })).result).toEqual({ response: {} });
    const trace = await cognito.updateUserAttributes({
      AccessToken: tokenFor(cognito),
      UserAttributes: [{ Name: 'dev:custom:tier', Value: 'platinum' }],
    });
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
  });

  it('lets an app client write only its WriteAttributes', async () => {
    const cognito = local();
    const trace = await cognito.updateUserAttributes({
      AccessToken: tokenFor(cognito, GLOBEX_CLIENT),
      UserAttributes: [{ Name: 'custom:CustomAttr1', Value: 'Red' }],
    });
    expect(errorOf(trace)?.message).toBe('A client attempted to write unauthorized attribute');
  });
});

describe('Verification messages', () => {
  it('sends one to a new email address and marks it unverified', async () => {
    const { handler, seen } = recording();
    const cognito = local({ handler });
    const trace = await update(cognito, { email: 'diego.new@example.com' });
    expect(trace.deliveries.map((d) => [d.medium, d.destination, d.source])).toEqual([
      ['EMAIL', 'diego.new@example.com', 'pool'],
    ]);
    expect(seen[0]?.request.userAttributes).toMatchObject({
      email: 'diego.new@example.com',
      email_verified: 'false',
    });
    expect(attributesOf(diego(cognito, 'diego.new@example.com'))).toMatchObject({
      email: 'diego.new@example.com',
      email_verified: 'false',
    });
    expect(trace.notes.some((n) => n.startsWith('[UNC]'))).toBe(true);
  });

  it('sends an SMS to a new phone number', async () => {
    const trace = await update(local(), { phone_number: '+33612345678' });
    expect(trace.deliveries.map((d) => [d.medium, d.destination, d.text])).toEqual([
      ['SMS', '+33612345678', 'Your verification code is 424242. '],
    ]);
  });

  it('sends nothing when the value does not change', async () => {
    const { handler, seen } = recording();
    const trace = await update(local({ handler }), {
      email: 'diego@example.com',
      phone_number: '+14325551212',
    });
    expect([trace.deliveries, seen]).toEqual([[], []]);
  });

  it('sends nothing when email_verified is set to true in the same admin request', async () => {
    const { handler, seen } = recording();
    const cognito = local({ handler });
    const trace = await update(cognito, { email: 'diego.new@example.com', email_verified: 'true' });
    expect([trace.deliveries, seen]).toEqual([[], []]);
    expect(attributesOf(diego(cognito, 'diego.new@example.com'))).toMatchObject({ email_verified: 'true' });
  });

  it('sends nothing for an attribute the pool does not auto-verify', async () => {
    const trace = await update(local({ pool: demoPoolWith({ AutoVerifiedAttributes: ['email'] }) }), {
      phone_number: '+33612345678',
    });
    expect(trace.deliveries).toEqual([]);
  });

  it('sends one message per changed attribute when email and phone change together', async () => {
    const { handler, seen } = recording();
    const trace = await update(local({ handler }), { email: 'd2@example.com', phone_number: '+33612345678' });
    expect(trace.deliveries.map((d) => d.medium)).toEqual(['EMAIL', 'SMS']);
    expect(seen).toHaveLength(2);
  });

  it('keeps the original value active while an update is pending, and sends the code to the new one', async () => {
    const pool = demoPoolWith({
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const { handler, seen } = recording();
    const cognito = local({ pool, handler });
    const trace = await update(cognito, { email: 'diego.new@example.com' });
    expect(trace.deliveries.map((d) => d.destination)).toEqual(['diego.new@example.com']);
    expect(seen[0]?.request.userAttributes).toMatchObject({
      email: 'diego@example.com',
      email_verified: 'true',
    });
    expect(attributesOf(diego(cognito))).toMatchObject({
      email: 'diego@example.com',
      email_verified: 'true',
    });
    // The admin confirms it: the pending value takes over.
    await update(cognito, { email_verified: 'true' });
    expect(attributesOf(diego(cognito, 'diego.new@example.com'))).toMatchObject({
      email: 'diego.new@example.com',
    });
  });

  it('answers UpdateUserAttributes with a masked CodeDeliveryDetailsList', async () => {
    const cognito = local();
    const trace = await cognito.updateUserAttributes({
      AccessToken: tokenFor(cognito),
      UserAttributes: [
        { Name: 'email', Value: 'diego.new@example.com' },
        { Name: 'phone_number', Value: '+33612345678' },
      ],
    });
    expect(trace.result).toEqual({
      response: {
        CodeDeliveryDetailsList: [
          { Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
          { Destination: '+*******5678', DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
        ],
      },
    });
  });
});

describe('The CustomMessage_UpdateUserAttribute event', () => {
  it('carries CLIENT_ID_NOT_APPLICABLE for the admin API, and clientMetadata only when sent', async () => {
    const { handler, seen } = recording();
    const cognito = local({ handler });
    await update(cognito, { email: 'a1@example.com' });
    await update(
      cognito,
      { email: 'a2@example.com' },
      { Username: 'a1@example.com', ClientMetadata: { brand: 'globex' } },
    );
    expect(seen.map((e) => [e.callerContext.clientId, e.request.clientMetadata])).toEqual([
      ['CLIENT_ID_NOT_APPLICABLE', undefined],
      ['CLIENT_ID_NOT_APPLICABLE', { brand: 'globex' }],
    ]);
    expect('clientMetadata' in (seen[0]?.request ?? {})).toBe(false);
  });

  it("carries the access token's app client for UpdateUserAttributes, and string attributes with the user status", async () => {
    const { handler, seen } = recording();
    const cognito = local({ handler });
    await cognito.updateUserAttributes({
      AccessToken: tokenFor(cognito, ACME_CLIENT),
      UserAttributes: [{ Name: 'email', Value: 'n@example.com' }],
    });
    const event = seen[0];
    expect(event).toMatchObject({
      version: '1',
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      region: 'us-west-2',
      userPoolId: POOL_ID,
      userName: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7',
      callerContext: { clientId: ACME_CLIENT },
      request: { codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
    expect(Object.values(event?.request.userAttributes ?? {}).every((v) => typeof v === 'string')).toBe(true);
    expect(event?.request.userAttributes['cognito:user_status']).toBe('CONFIRMED');
  });
});

describe('Cognito’s verdict on the function', () => {
  const email = (answer: (e: never) => unknown) => local({ handler: async (event: never) => answer(event) });
  const brand = customMessage({
    brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
    defaultBrand: 'acme',
    templates: {
      CustomMessage_UpdateUserAttribute: ({ codeParameter }) => ({
        email: { subject: 'Confirm', html: html`<p>Code ${codeParameter}</p>` },
        sms: `Code ${codeParameter}`,
      }),
    },
  });

  it('delivers an accepted message with the code in place of the placeholder', async () => {
    const trace = await update(local({ handler: brand as never }), { email: 'n@example.com' });
    expect(trace.invocations.map((i) => i.verdict)).toEqual(['accepted']);
    expect(trace.deliveries[0]).toMatchObject({
      source: 'trigger',
      subject: 'Confirm',
      html: '<p>Code 424242</p>',
      text: 'Code 424242',
    });
  });

  it("sends the pool's own message when the function returns the event unchanged", async () => {
    const trace = await update(
      email((e) => e),
      { email: 'n@example.com' },
    );
    expect(trace.invocations[0]?.verdict).toBe('unchanged');
    expect(trace.deliveries[0]).toMatchObject({
      source: 'pool',
      subject: 'Your verification code',
      text: 'Your verification code is 424242.',
    });
  });

  it.each([
    ['returns nothing', () => undefined, 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
    [
      'returns a response field that is not a string',
      (e: { response: object }) => ({ ...e, response: { ...e.response, smsMessage: 42 } }),
      'InvalidLambdaResponseException',
      'Unrecognizable lambda output',
    ],
  ])('fails the call when the function %s', async (_, answer, name, message) => {
    const cognito = email(answer as never);
    const before = diego(cognito);
    const trace = await update(cognito, { email: 'n@example.com' });
    expect(errorOf(trace)).toEqual({ name, message });
    expect(trace.invocations[0]?.verdict).toBe('invalid-response');
    expect(diego(cognito)).toEqual(before);
  });

  it('fails the call with InvalidParameterException when the email body holds a no-break space', async () => {
    const body = '<p>Code\u00a0{####}</p>';
    const trace = await update(
      email((e: { response: object }) => ({ ...e, response: { ...e.response, emailMessage: body } })),
      { email: 'n@example.com' },
    );
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: `1 validation error detected: Value '${body}' at 'emailBody' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*`,
    });
    expect(trace.invocations[0]?.findings.map((f) => f.rule)).toEqual(['character-pattern']);
  });

  it('fails the call with UserLambdaValidationException when the function throws', async () => {
    const cognito = local({
      handler: async () => {
        throw new Error('Pending for approval');
      },
    });
    const before = diego(cognito);
    const trace = await update(cognito, { email: 'n@example.com' });
    expect(errorOf(trace)).toEqual({
      name: 'UserLambdaValidationException',
      message: 'CustomMessage failed with error Pending for approval.',
    });
    expect(diego(cognito)).toEqual(before);
  });

  it('fails the call with UnexpectedLambdaException when the function passes the deadline', async () => {
    const cognito = local({ handler: () => new Promise(() => undefined), invoke: { deadlineMs: 30 } });
    const trace = await update(cognito, { email: 'n@example.com' });
    expect(errorOf(trace)).toEqual({
      name: 'UnexpectedLambdaException',
      message: 'CustomMessage invocation failed due to error Socket timeout while invoking Lambda function.',
    });
    expect(trace.invocations[0]?.verdict).toBe('timeout');
  });

  it('applies the documented DEVELOPER-only email rule for COGNITO_DEFAULT pools, unless told to allow', async () => {
    const pool = demoPoolWith({ EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' } });
    const rejected = await update(local({ pool, handler: brand as never }), { email: 'n@example.com' });
    expect(errorOf(rejected)?.name).toBe('InvalidLambdaResponseException');
    expect(rejected.notes.join('\n')).toContain(
      '[UNC] AWS documents that Cognito rejects emailMessage and emailSubject unless EmailSendingAccount is DEVELOPER',
    );
    const allowed = await update(local({ pool, handler: brand as never, cognitoDefaultEmail: 'allow' }), {
      email: 'n@example.com',
    });
    expect(allowed.invocations[0]?.verdict).toBe('accepted');
  });

  it('does not call a function the pool has not wired as its Custom message trigger', async () => {
    const { handler, seen } = recording();
    await update(local({ handler, pool: demoPoolWith({ LambdaConfig: {} }) }), { email: 'n@example.com' });
    expect(seen).toEqual([]);
  });
});
