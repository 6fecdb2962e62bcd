import { describe, expect, it } from 'vitest';
import { format } from '../../src/message/format.js';
import { htmlToText } from '../../src/message/text.js';

describe('Function: format', () => {
  it('fills named placeholders and leaves Cognito’s own placeholders alone', () => {
    expect(format('{brand}: {code} / {####} / {##Click Here##}', { brand: 'Acme', code: '{####}' })).toBe(
      'Acme: {####} / {####} / {##Click Here##}',
    );
  });

  it('leaves a placeholder without a value as written, and never reads inherited properties', () => {
    expect(format('Hi {name} {constructor}', {})).toBe('Hi {name} {constructor}');
  });
});

describe('Function: htmlToText', () => {
  it('reads the visible text of an email', () => {
    const markup =
      '<html><head><title>T</title><style>p{}</style></head><body><div style="display:none">pre</div><img alt="Acme" src="x"><h1>Hi</h1><p>Code&#xA0;<b>{####}</b> &amp; more</p></body></html>';
    expect(htmlToText(markup)).toBe('Acme\nHi\nCode {####} & more');
  });
});
