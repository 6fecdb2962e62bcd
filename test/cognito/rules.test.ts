import { describe, expect, it } from 'vitest';
import {
  CustomMessageTriggerSource,
  checkCustomMessageResponse,
  EMAIL_MESSAGE_CLASS,
  EMAIL_MESSAGE_MAX_LENGTH,
  EMAIL_SUBJECT_CLASS,
  EMAIL_SUBJECT_MAX_LENGTH,
  errorsOf,
  Rule,
  SMS_MESSAGE_MAX_LENGTH,
  UNCOMMON_CHARACTER,
} from '../../src/cognito/index.js';

const input = (
  response: Record<string, unknown>,
  triggerSource: string = CustomMessageTriggerSource.UpdateUserAttribute,
  request: { codeParameter: string; usernameParameter?: string | null } = {
    codeParameter: '{####}',
    usernameParameter: null,
  },
) => ({ triggerSource, request, response });

const rulesOf = (findings: readonly { rule: string; field: string }[]) =>
  findings.map((f) => `${f.rule}:${f.field}`);

describe('Function: checkCustomMessageResponse', () => {
  it('accepts a response left all null: Cognito sends its own message', () => {
    expect(
      checkCustomMessageResponse(input({ emailMessage: null, emailSubject: null, smsMessage: null })),
    ).toEqual([]);
  });

  it('accepts an email and an SMS that carry the code placeholder', () => {
    const findings = checkCustomMessageResponse(
      input({ emailMessage: '<p>Code: {####}</p>', emailSubject: 'Confirm', smsMessage: 'Code: {####}' }),
    );
    expect(findings).toEqual([]);
  });

  it('requires the code placeholder in the email body', () => {
    const findings = checkCustomMessageResponse(input({ emailMessage: '<p>Your code</p>' }));
    expect(rulesOf(findings)).toEqual(['code-placeholder:emailMessage']);
    expect(findings[0]?.detail).toBe('emailMessage must contain the codeParameter "{####}" from the event');
  });

  it('requires the code placeholder in the SMS', () => {
    expect(rulesOf(checkCustomMessageResponse(input({ smsMessage: 'Your code is 123456' })))).toEqual([
      'code-placeholder:smsMessage',
    ]);
  });

  it("uses the event's own codeParameter, not a hard-coded {####}", () => {
    const request = { codeParameter: '{%%%%}', usernameParameter: null };
    const source = CustomMessageTriggerSource.SignUp;
    expect(checkCustomMessageResponse(input({ smsMessage: 'Code {%%%%}' }, source, request))).toEqual([]);
    expect(
      rulesOf(checkCustomMessageResponse(input({ smsMessage: 'Code {####}' }, source, request))),
    ).toEqual(['code-placeholder:smsMessage']);
  });

  it('requires the username placeholder as well in an AdminCreateUser invitation', () => {
    const request = { codeParameter: '{####}', usernameParameter: '{username}' };
    const source = CustomMessageTriggerSource.AdminCreateUser;
    const findings = checkCustomMessageResponse(
      input({ emailMessage: 'Password {####}', smsMessage: 'Password {####}' }, source, request),
    );
    expect(rulesOf(findings)).toEqual([
      'username-placeholder:emailMessage',
      'username-placeholder:smsMessage',
    ]);
    const both = { emailMessage: 'User {username} password {####}', smsMessage: '{username} {####}' };
    expect(checkCustomMessageResponse(input(both, source, request))).toEqual([]);
  });

  it('does not ask for a username placeholder outside AdminCreateUser', () => {
    const request = { codeParameter: '{####}', usernameParameter: '{username}' };
    expect(
      checkCustomMessageResponse(input({ smsMessage: 'Code {####}' }, 'CustomMessage_SignUp', request)),
    ).toEqual([]);
  });

  it(`allows an email body of exactly ${EMAIL_MESSAGE_MAX_LENGTH} characters and not one more`, () => {
    const body = (length: number) => `{####}${'a'.repeat(length - 6)}`;
    expect(checkCustomMessageResponse(input({ emailMessage: body(EMAIL_MESSAGE_MAX_LENGTH) }))).toEqual([]);
    const findings = checkCustomMessageResponse(input({ emailMessage: body(EMAIL_MESSAGE_MAX_LENGTH + 1) }));
    expect(rulesOf(findings)).toEqual(['max-length:emailMessage']);
    expect(findings[0]?.detail).toBe('emailMessage is 20001 characters; Cognito allows at most 20000');
  });

  it(`allows an SMS of exactly ${SMS_MESSAGE_MAX_LENGTH} characters and not one more`, () => {
    const sms = (length: number) => `{####}${'a'.repeat(length - 6)}`;
    expect(checkCustomMessageResponse(input({ smsMessage: sms(SMS_MESSAGE_MAX_LENGTH) }))).toEqual([]);
    expect(
      rulesOf(checkCustomMessageResponse(input({ smsMessage: sms(SMS_MESSAGE_MAX_LENGTH + 1) }))),
    ).toEqual(['max-length:smsMessage']);
  });

  it('counts an emoji as two characters, as Cognito’s Java service does', () => {
    const sms = `{####}${'😀'.repeat(67)}`;
    expect(sms.length).toBe(140);
    expect(checkCustomMessageResponse(input({ smsMessage: sms }))).toEqual([]);
    expect(rulesOf(checkCustomMessageResponse(input({ smsMessage: `${sms}a` })))).toEqual([
      'max-length:smsMessage',
    ]);
  });

  it('requires a subject of 1 to 140 characters', () => {
    expect(rulesOf(checkCustomMessageResponse(input({ emailSubject: '' })))).toEqual([
      'min-length:emailSubject',
    ]);
    expect(checkCustomMessageResponse(input({ emailSubject: 'x'.repeat(EMAIL_SUBJECT_MAX_LENGTH) }))).toEqual(
      [],
    );
    expect(
      rulesOf(checkCustomMessageResponse(input({ emailSubject: 'x'.repeat(EMAIL_SUBJECT_MAX_LENGTH + 1) }))),
    ).toEqual(['max-length:emailSubject']);
  });

  it('requires at least 6 characters in the email body and the SMS', () => {
    const request = { codeParameter: '{#}', usernameParameter: null };
    const findings = checkCustomMessageResponse(
      input({ emailMessage: '{#}', smsMessage: '{#}' }, 'CustomMessage_SignUp', request),
    );
    expect(rulesOf(findings)).toEqual(['min-length:emailMessage', 'min-length:smsMessage']);
  });

  it.each([
    ['CR LF', 'Hello\r\nBcc: x', 'U+000D'],
    ['a tab', 'Hello\tthere', 'U+0009'],
    ['a NUL', 'Hello\u0000', 'U+0000'],
  ])('rejects a subject with %s in it', (_, subject, codePoint) => {
    const findings = checkCustomMessageResponse(input({ emailSubject: subject }));
    expect(rulesOf(findings)).toEqual(['control-characters:emailSubject']);
    expect(findings[0]?.positions?.[0]?.codePoint).toBe(codePoint);
  });

  it('rejects a no-break space in the email body and says where it is', () => {
    const body = '<p>Hello,</p>\n<p>Your\u00a0code: {####}</p>';
    const [finding, ...rest] = checkCustomMessageResponse(input({ emailMessage: body }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: Rule.CharacterPattern, field: 'emailMessage', severity: 'error' });
    expect(finding?.positions?.[0]).toEqual({
      index: body.indexOf('\u00a0'),
      line: 2,
      column: 8,
      codePoint: 'U+00A0',
      description: 'NO-BREAK SPACE',
    });
    expect(finding?.detail).toBe(
      "U+00A0 NO-BREAK SPACE at index 21 (line 2, column 8) is outside Cognito's pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
    );
  });

  it.each([
    ['ZERO WIDTH JOINER', '\u200d'],
    ['LINE SEPARATOR', '\u2028'],
    ['SOFT HYPHEN', '\u00ad'],
    ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\ufeff'],
    ['private use character (Co)', '\ue000'],
    ['lone surrogate (Cs)', '\ud800'],
  ])('rejects a %s in the email body', (description, character) => {
    const findings = checkCustomMessageResponse(input({ emailMessage: `{####} ${character}` }));
    expect(findings.map((f) => [f.rule, f.positions?.[0]?.description])).toEqual([
      [Rule.CharacterPattern, description],
    ]);
  });

  it('accepts letters, marks, symbols, numbers, punctuation, Java whitespace and * in the email body', () => {
    const body = 'Zoë 日本語 ✓ 😀 ½ — «»\t\n\r\f\u000b * {####} <a href="x">é</a> ÿ';
    expect(checkCustomMessageResponse(input({ emailMessage: body }))).toEqual([]);
  });

  it('counts every offending character but lists at most ten', () => {
    const findings = checkCustomMessageResponse(input({ emailMessage: `{####}${'\u00a0'.repeat(12)}` }));
    expect(findings[0]?.positions).toHaveLength(10);
    expect(findings[0]?.detail).toContain('(and 11 more)');
  });

  it('warns, without rejecting, when a placeholder is in the subject: Cognito does not replace it there', () => {
    const findings = checkCustomMessageResponse(input({ emailSubject: 'Your code is {####}' }));
    expect(findings).toMatchObject([
      { rule: Rule.PlaceholderInSubject, field: 'emailSubject', severity: 'warning' },
    ]);
    expect(errorsOf(findings)).toEqual([]);
  });

  it('applies the DEVELOPER-only email rule when the pool sends with COGNITO_DEFAULT', () => {
    const response = { emailMessage: 'Code {####}', emailSubject: 'Hi', smsMessage: 'Code {####}' };
    expect(checkCustomMessageResponse(input(response), { emailSendingAccount: 'DEVELOPER' })).toEqual([]);
    expect(checkCustomMessageResponse(input(response))).toEqual([]);
    const findings = checkCustomMessageResponse(input(response), { emailSendingAccount: 'COGNITO_DEFAULT' });
    expect(rulesOf(findings)).toEqual([
      'email-sending-account:emailMessage',
      'email-sending-account:emailSubject',
    ]);
    expect(findings[0]?.detail).toBe(
      'Cognito can use the emailMessage parameter only if the EmailSendingAccount attribute of the user pool is DEVELOPER',
    );
  });

  it('rejects a response field that is neither a string nor null', () => {
    expect(
      rulesOf(checkCustomMessageResponse(input({ smsMessage: 42, emailMessage: { html: 'x' } }))),
    ).toEqual(['response-type:emailMessage', 'response-type:smsMessage']);
  });
});

describe('Constant: UNCOMMON_CHARACTER', () => {
  it("lets through only characters inside both of Cognito's email patterns", () => {
    const both = new RegExp(`^[${EMAIL_MESSAGE_CLASS}]$`, 'u');
    const subject = new RegExp(`^[${EMAIL_SUBJECT_CLASS}]$`, 'u');
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      const character = String.fromCharCode(codePoint);
      if (UNCOMMON_CHARACTER.test(character)) continue;
      expect([codePoint.toString(16), both.test(character) && subject.test(character)]).toEqual([
        codePoint.toString(16),
        true,
      ]);
    }
  });
});
