import { request } from 'node:http';
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SesEndpoint, SesFailure, startSesEndpoint } from '../../src/local/ses-endpoint.js';
import { emailAddress, sesConfig } from './helpers.js';

let ses: SesEndpoint;
let client: SESv2Client;
beforeAll(async () => {
  ses = await startSesEndpoint({
    identities: ['acme.example', 'owner@globex.example'],
    configurationSets: ['transactional'],
  });
  client = new SESv2Client({ ...sesConfig(ses.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await ses.close();
});

/** A SendEmail with Simple content to `to`, with `extra` over it. */
const email = (to: string, extra: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput => ({
  FromEmailAddress: 'Acme Cloud <no-reply@acme.example>',
  Destination: { ToAddresses: [to] },
  Content: {
    Simple: {
      Subject: { Data: 'Your code', Charset: 'UTF-8' },
      Body: { Html: { Data: '<p>482916</p>' }, Text: { Data: '482916' } },
    },
  },
  ...extra,
});
const send = (input: SendEmailCommandInput) => client.send(new SendEmailCommand(input));
const refusal = (input: SendEmailCommandInput) =>
  send(input).then(
    () => {
      throw new Error('SES accepted it');
    },
    (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({
      name: error.name,
      message: error.message,
      status: error.$metadata.httpStatusCode,
    }),
  );

describe('Local SES v2 endpoint, with the real SESv2Client', () => {
  it('takes SendEmail and records every part of the email SES would send', async () => {
    const to = emailAddress();
    const { MessageId } = await send(
      email(to, {
        FromEmailAddress: '=?UTF-8?B?U29jacOpdMOp?= <no-reply@acme.example>',
        ReplyToAddresses: ['Acme Support <support@acme.example>'],
        ConfigurationSetName: 'transactional',
        FromEmailAddressIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
        EmailTags: [
          { Name: 'brand', Value: 'acme' },
          { Name: 'triggerSource', Value: 'CustomEmailSender_SignUp' },
        ],
        Content: {
          Simple: {
            Subject: { Data: 'Zoë, your code' },
            Body: { Html: { Data: '<p>482916</p>' }, Text: { Data: '482916' } },
            Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
          },
        },
      }),
    );
    expect(ses.emails.find((e) => e.messageId === MessageId)).toEqual({
      messageId: MessageId,
      from: '=?UTF-8?B?U29jacOpdMOp?= <no-reply@acme.example>',
      fromName: 'Société',
      fromAddress: 'no-reply@acme.example',
      to: [to],
      cc: [],
      bcc: [],
      replyTo: ['Acme Support <support@acme.example>'],
      subject: 'Zoë, your code',
      html: '<p>482916</p>',
      text: '482916',
      configurationSetName: 'transactional',
      fromEmailAddressIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
      tags: { brand: 'acme', triggerSource: 'CustomEmailSender_SignUp' },
      headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
      region: 'us-west-2',
    });
    expect(ses.requests.at(-1)).toEqual({ operation: 'SendEmail', to, status: 200 });
  });

  it('refuses a sender outside the verified identities, as MessageRejected naming the region', async () => {
    expect(
      await refusal(email(emailAddress(), { FromEmailAddress: 'Globex <no-reply@globex.example>' })),
    ).toEqual({
      name: 'MessageRejected',
      status: 400,
      message:
        'Email address is not verified. The following identities failed the check in region US-WEST-2: Globex <no-reply@globex.example>',
    });
    // A verified address, rather than a domain, is a verified identity too.
    await expect(
      send(email(emailAddress(), { FromEmailAddress: 'owner@globex.example' })),
    ).resolves.toBeDefined();
  });

  it('refuses a configuration set that does not exist (NotFoundException, HTTP 404)', async () => {
    expect(await refusal(email(emailAddress(), { ConfigurationSetName: 'marketing' }))).toMatchObject({
      name: 'NotFoundException',
      status: 404,
    });
  });

  it.each([
    [
      'a Unicode display name that is not RFC 2047-encoded',
      { FromEmailAddress: 'Société <no-reply@acme.example>' },
    ],
    ['an international domain not in Punycode', { Destination: { ToAddresses: ['zoe@exämple.fr'] } }],
    ['a recipient without a domain', { Destination: { ToAddresses: ['diego'] } }],
    ['no recipient', { Destination: { ToAddresses: [] } }],
    ['a tag value with a space', { EmailTags: [{ Name: 'brand', Value: 'acme cloud' }] }],
    [
      'an identity ARN that is not one',
      { FromEmailAddressIdentityArn: 'arn:aws:ses:us-west-2:1:identity/x' },
    ],
    ['no sender', { FromEmailAddress: undefined }],
    [
      'a header whose name has a colon',
      {
        Content: {
          Simple: {
            Subject: { Data: 's' },
            Body: { Text: { Data: 't' } },
            Headers: [{ Name: 'X-Bad:', Value: 'v' }],
          },
        },
      },
    ],
    ['Raw content', { Content: { Raw: { Data: new Uint8Array([1, 2, 3]) } } }],
  ])('refuses %s with BadRequestException', async (_, extra) => {
    expect(await refusal(email(emailAddress(), extra as Partial<SendEmailCommandInput>))).toMatchObject({
      name: 'BadRequestException',
      status: 400,
    });
  });

  it('fails on request, per recipient and for a number of requests, with SES’s names and statuses', async () => {
    const to = emailAddress();
    ses.set(to, { failure: SesFailure.Throttling, times: 1 });
    expect(await refusal(email(to))).toEqual({
      name: 'TooManyRequestsException',
      status: 429,
      message: 'Maximum sending rate exceeded.',
    });
    await expect(send(email(to))).resolves.toBeDefined();
    for (const [failure, name, status] of [
      [SesFailure.MessageRejected, 'MessageRejected', 400],
      [SesFailure.MailFromDomainNotVerified, 'MailFromDomainNotVerifiedException', 400],
      [SesFailure.AccountSuspended, 'AccountSuspendedException', 400],
      [SesFailure.SendingPaused, 'SendingPausedException', 400],
      [SesFailure.NotFound, 'NotFoundException', 404],
      [SesFailure.LimitExceeded, 'LimitExceededException', 400],
      [SesFailure.InternalError, 'InternalFailure', 500],
    ] as const) {
      const recipient = emailAddress();
      ses.set(recipient, { failure });
      expect(await refusal(email(recipient))).toMatchObject({ name, status });
    }
    const custom = emailAddress();
    ses.set(custom, { error: { code: 'AccessDeniedException', status: 403, message: 'not authorized' } });
    expect(await refusal(email(custom))).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: 'not authorized',
    });
  });

  it('records nothing for a stalled request the client gave up on', async () => {
    const to = emailAddress();
    ses.set(to, { stallMs: 400, times: 1 });
    await expect(
      client.send(new SendEmailCommand(email(to)), { abortSignal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ses.emails.filter((e) => e.to.includes(to))).toEqual([]);
    expect(ses.requests.filter((r) => r.to === to)).toEqual([{ operation: 'SendEmail', to, status: 0 }]);
  });

  /** A raw request to the endpoint: status, error type and body. */
  const raw = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
      const outgoing = request(`${ses.url}${path}`, { method: 'POST', headers }, (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['x-amzn-errortype'] as string | undefined,
            body: text,
          }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  it('answers a body that is not JSON with SerializationException, and another path with UnknownOperationException', async () => {
    expect(await raw('/v2/email/outbound-emails', 'not json')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    expect(await raw('/v2/email/identities', '{}')).toMatchObject({
      status: 404,
      type: 'UnknownOperationException',
    });
  });

  it('answers a body over 1 MB with HTTP 413, without reading it', async () => {
    const answer = await raw('/v2/email/outbound-emails', Buffer.alloc(1024 * 1024 + 1, 'a'), {
      'content-type': 'application/json',
    });
    expect(answer).toMatchObject({ status: 413, type: 'RequestEntityTooLarge' });
    expect(JSON.parse(answer.body).message).toMatch(/over the local endpoint's limit of 1048576 bytes/);
  });
});
