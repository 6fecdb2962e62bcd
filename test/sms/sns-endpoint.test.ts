import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SnsEndpoint, SnsFailure, startSnsEndpoint } from '../../src/local/sns-endpoint.js';
import { phoneNumber, snsConfig } from './helpers.js';

let sns: SnsEndpoint;
let client: SNSClient;
beforeAll(async () => {
  sns = await startSnsEndpoint({ behaviours: { '+14325550199': { failure: SnsFailure.OptedOut } } });
  client = new SNSClient({ ...snsConfig(sns.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await sns.close();
});

const post = async (form: Record<string, string>) => {
  const response = await fetch(sns.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.text() };
};
const publish = (input: ConstructorParameters<typeof PublishCommand>[0]) =>
  client.send(new PublishCommand(input));
const refusal = (input: ConstructorParameters<typeof PublishCommand>[0]) =>
  publish(input).then(
    () => undefined,
    (error: { name: string; message: string; $metadata: { httpStatusCode: number } }) => ({
      name: error.name,
      message: error.message,
      status: error.$metadata.httpStatusCode,
    }),
  );

describe('Function: startSnsEndpoint', () => {
  it('answers a Query-protocol Publish with a PublishResponse carrying the MessageId', async () => {
    const phone = phoneNumber();
    const { status, body } = await post({
      Action: 'Publish',
      Version: '2010-03-31',
      PhoneNumber: phone,
      Message: 'Hi',
    });
    expect(status).toBe(200);
    const id = sns.messages.at(-1)?.messageId;
    expect(body).toMatch(
      new RegExp(
        `^<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></PublishResponse>$`,
      ),
    );
  });

  it("answers errors in SNS's XML error format, with its code and HTTP status", async () => {
    const { status, body } = await post({ Action: 'Publish', PhoneNumber: '+14325550199', Message: 'Hi' });
    expect(status).toBe(400);
    expect(body).toMatch(
      /^<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>OptedOut<\/Code><Message>Phone number is opted out<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    expect(await post({ Action: 'CreateTopic', Name: 't' })).toMatchObject({
      status: 400,
      body: expect.stringContaining('<Code>InvalidAction</Code>'),
    });
  });

  it('refuses a request over 1 MB with HTTP 413, as the real SNS client reads it, and records no message', async () => {
    // Prepare
    const phone = phoneNumber();

    // Act
    const refused = await refusal({ PhoneNumber: phone, Message: 'x'.repeat(2 * 1024 * 1024) });

    // Assess
    expect(refused).toMatchObject({ name: 'RequestEntityTooLarge', status: 413 });
    expect(sns.messages.filter((m) => m.phoneNumber === phone)).toEqual([]);
    expect(sns.requests.at(-1)).toEqual({ action: '', status: 413, code: 'RequestEntityTooLarge' });
  });

  it.each([
    [SnsFailure.Throttling, { name: 'ThrottledException', status: 429, message: 'Rate exceeded' }],
    [SnsFailure.InternalError, { name: 'InternalErrorException', status: 500, message: 'Internal Error' }],
    [SnsFailure.OptedOut, { name: 'OptedOutException', status: 400, message: 'Phone number is opted out' }],
  ])('fails with %s as the real SNS client reads it', async (failure, expected) => {
    const phone = phoneNumber();
    sns.set(phone, { failure });
    expect(await refusal({ PhoneNumber: phone, Message: 'Hi' })).toEqual(expected);
  });

  it('fails only the next N requests when told how many, then accepts', async () => {
    const phone = phoneNumber();
    sns.set(phone, { failure: SnsFailure.Throttling, times: 1 });
    expect(await refusal({ PhoneNumber: phone, Message: 'Hi' })).toMatchObject({ status: 429 });
    expect(await refusal({ PhoneNumber: phone, Message: 'Hi' })).toBeUndefined();
  });

  it.each([
    [
      'a number without +',
      { PhoneNumber: '4325551212', Message: 'Hi' },
      'PhoneNumber Reason: 4325551212 is not valid',
    ],
    ['a message over 1,600 bytes', { Message: 'é'.repeat(801) }, 'Message too long'],
    ['a sender ID with a space', { senderId: 'Acme Cloud' }, 'AWS.SNS.SMS.SenderID'],
    ['an unknown SMS type', { smsType: 'Bulk' }, 'AWS.SNS.SMS.SMSType'],
    ['a max price sent as a String', { maxPrice: ['String', '0.5'] }, 'AWS.SNS.SMS.MaxPrice'],
  ])('refuses %s as SNS does, with InvalidParameter', async (_, input, text) => {
    const { senderId, smsType, maxPrice, ...rest } = input as Record<string, unknown>;
    const attributes = {
      ...(senderId
        ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId as string } }
        : {}),
      ...(smsType ? { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: smsType as string } } : {}),
      ...(maxPrice
        ? {
            'AWS.SNS.SMS.MaxPrice': {
              DataType: (maxPrice as string[])[0],
              StringValue: (maxPrice as string[])[1],
            },
          }
        : {}),
    } as Record<string, { DataType: string; StringValue: string }>;
    const refused = await refusal({
      PhoneNumber: phoneNumber(),
      Message: 'Hi',
      MessageAttributes: attributes,
      ...rest,
    });
    expect(refused).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(refused?.message).toContain(text);
  });

  it('records each message with its attributes, encoding and segments', async () => {
    const phone = phoneNumber();
    const text = `Код ${'подтверждения '.repeat(6)}482916`;
    await publish({
      PhoneNumber: phone,
      Message: text,
      MessageAttributes: {
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ACME' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18005550100' },
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.75' },
      },
    });
    expect(sns.messages.at(-1)).toMatchObject({
      phoneNumber: phone,
      text,
      senderId: 'ACME',
      originationNumber: '+18005550100',
      smsType: 'Transactional',
      maxPrice: 0.75,
      encoding: 'UCS-2',
      segments: 2,
    });
  });

  it('records nothing for a stalled request the client gave up on', async () => {
    const phone = phoneNumber();
    sns.set(phone, { stallMs: 300 });
    await expect(
      client.send(new PublishCommand({ PhoneNumber: phone, Message: 'Hi' }), {
        abortSignal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sns.messages.filter((m) => m.phoneNumber === phone)).toEqual([]);
    expect(sns.requests.filter((r) => r.phoneNumber === phone)).toEqual([
      { action: 'Publish', phoneNumber: phone, status: 0 },
    ]);
  });
});
