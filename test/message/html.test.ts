import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailMessageForbidden } from '../../src/cognito/limits.js';
import { escapeHtml, html, raw, SafeHtml } from '../../src/message/html.js';

describe('Function: html', () => {
  it('escapes & < > " and \' in every interpolation', () => {
    const name = `<script>alert("x")</script> & 'friends'`;
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;</p>',
    );
  });

  it('inserts raw() and nested html templates as markup', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<p>${inner}${raw('<hr>')}</p>`)).toBe('<p><b>&lt;i&gt;</b><hr></p>');
  });

  it('renders null, undefined and false as nothing, numbers as text, and arrays item by item', () => {
    expect(String(html`${null}${undefined}${false}${0}${12n}${['a', html`<br>`, '<']}`)).toBe('012a<br>&lt;');
  });

  it('writes a no-break space, in values and in the template text, as a character reference', () => {
    expect(String(html`<p>Prix\u00a0: ${'10\u00a0€'}</p>`)).toBe('<p>Prix&#xA0;: 10&#xA0;€</p>');
  });

  it('keeps emoji, including joined sequences, visible while making the body acceptable to Cognito', () => {
    const family = '👨‍👩‍👧';
    const out = String(html`<p>${family}</p>`);
    expect(out).toBe('<p>👨&#x200D;👩&#x200D;👧</p>');
    expect(out.match(emailMessageForbidden())).toBeNull();
  });

  it('drops control characters from values and replaces lone surrogates', () => {
    expect(escapeHtml('a\u0000b\u0007c\u009fd\ud800e')).toBe('abcd&#xFFFD;e');
  });

  it('leaves raw() markup exactly as given, even characters Cognito rejects', () => {
    expect(String(raw('a\u00a0b'))).toBe('a\u00a0b');
  });

  it('returns SafeHtml, which marks markup as already escaped', () => {
    expect(html`x`).toBeInstanceOf(SafeHtml);
  });

  it('never lets an interpolated string open a tag or leave Cognito’s character pattern', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const out = String(html`<p>${value}</p>`);
        const inner = out.slice(3, -4);
        expect(inner).not.toMatch(/[<>"']/);
        expect(inner.replace(/&(amp|lt|gt|quot|#39|#x[0-9A-F]+);/g, '')).not.toContain('&');
        expect(out.match(emailMessageForbidden())).toBeNull();
      }),
    );
  });
});
