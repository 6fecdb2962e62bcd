import 'cognito-trigger-kit/testing/vitest';
import { customMessage, html } from 'cognito-trigger-kit';
import { events, invoke, LocalCognito } from 'cognito-trigger-kit/testing';
import { describe, expect, it } from 'vitest';
import { handler } from '../../handlers/custom-message.js';

describe('Function: invoke', () => {
  it("shows the example handler's email and SMS as the user gets them, the code filled in", async () => {
    const outcome = await invoke(
      handler,
      events.updateUserAttribute({ clientMetadata: { brand: 'globex', locale: 'en' } }),
    );
    expect(outcome).toBeAcceptedByCognito();
    expect(outcome).toDeliverEmail({
      subject: 'Globex: confirm your new email address',
      text: /Your verification code\n123456/,
    });
    expect(outcome).toDeliverSms('Globex: 123456 is your code to confirm your new phone number.');
  });

  it('puts the username and the temporary password into an AdminCreateUser invitation', async () => {
    const outcome = await invoke(handler, events.adminCreateUser({ userName: 'diego' }), {
      code: 'Tmp-Pass1',
    });
    expect(outcome).toDeliverEmail({ text: /Username\ndiego\nTemporary password\nTmp-Pass1/ });
  });

  it('reports a function that returns the event unchanged as keeping Cognito’s default message', async () => {
    const outcome = await invoke(async (event) => event, events.updateUserAttribute());
    expect(outcome).toKeepCognitoDefaultMessage();
    expect(outcome).not.toBeAcceptedByCognito();
    expect(outcome.email).toBeUndefined();
  });

  it('reports the error Cognito would answer a throwing function with', async () => {
    const outcome = await invoke(async () => {
      throw new Error('boom');
    }, events.updateUserAttribute());
    expect(outcome.judgement.error).toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'CustomMessage failed with error boom.',
    });
    expect(outcome).not.toBeAcceptedByCognito();
  });

  it('supports callback-style handlers as the Node.js runtime does', async () => {
    const outcome = await invoke(
      ((
        event: { response: object; request: { codeParameter: string } },
        _context: unknown,
        callback: (e: null, r: unknown) => void,
      ) => {
        setTimeout(
          () =>
            callback(null, {
              ...event,
              response: { ...event.response, smsMessage: `Code ${event.request.codeParameter}` },
            }),
          5,
        );
      }) as never,
      events.updateUserAttribute(),
    );
    expect(outcome).toDeliverSms('Code 123456');
  });

  it('gives the matchers a useful failure message', async () => {
    const outcome = await invoke(
      async (event) => ({ ...event, response: { ...event.response, smsMessage: 'no code' } }),
      events.updateUserAttribute(),
    );
    expect(() => expect(outcome).toBeAcceptedByCognito()).toThrow(
      /invalid-response \(InvalidParameterException.*\n {2}code-placeholder in smsMessage/,
    );
  });
});

describe('Class: LocalCognito', () => {
  it('runs a kit handler through an attribute update and returns the whole trace', async () => {
    const brandHandler = customMessage({
      brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
      defaultBrand: 'acme',
      templates: {
        CustomMessage_UpdateUserAttribute: ({ codeParameter }) => ({
          email: { subject: 'Confirm', html: html`<p>${codeParameter}</p>` },
        }),
      },
    });
    const cognito = new LocalCognito({ handler: brandHandler as never, code: '000111' });
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: 'us-west-2_aaaaaaaaa',
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
    });
    expect(trace.invocations.map((i) => i.verdict)).toEqual(['accepted']);
    expect(trace.deliveries[0]).toMatchObject({
      destination: 'diego.new@example.com',
      subject: 'Confirm',
      text: '000111',
    });
  });
});
