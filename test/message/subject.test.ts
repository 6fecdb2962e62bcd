import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCustomMessageResponse } from '../../src/cognito/rules.js';
import { emailSubject, truncate } from '../../src/message/subject.js';

describe('Function: emailSubject', () => {
  it('turns CR, LF and tabs into a single space so no header can be injected', () => {
    expect(emailSubject('Welcome\r\nBcc: victim@example.com\tnow')).toBe(
      'Welcome Bcc: victim@example.com now',
    );
  });

  it('removes other control and format characters and normalises unusual spaces', () => {
    expect(emailSubject('A\u0000B\u200dC\u00a0D\u3000E  F ')).toBe('ABC D E F');
  });

  it('cuts a subject longer than 140 characters and marks the cut', () => {
    const subject = emailSubject(`Welcome ${'x'.repeat(200)}`);
    expect(subject).toHaveLength(140);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('always yields a subject Cognito accepts, or an empty one the rules reject', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const subject = emailSubject(text);
        const findings = checkCustomMessageResponse({
          triggerSource: 'CustomMessage_SignUp',
          request: { codeParameter: '{####}' },
          response: { emailSubject: subject },
        });
        expect(findings.map((f) => f.rule)).toEqual(subject === '' ? ['min-length'] : []);
      }),
    );
  });
});

describe('Function: truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('Diego', 10)).toBe('Diego');
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('ab😀😀😀', 4);
    expect(out).toBe('ab…');
    // a high surrogate with no low surrogate after it would be a broken character
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
  });
});
