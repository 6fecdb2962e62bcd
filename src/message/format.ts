/** @module message/format — filling `{name}` placeholders in translated strings. */

const NAMED = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces each `{name}` in a translated string with `values[name]`. A placeholder without a value stays as written,
 * so a missing value shows up in tests. Cognito's own placeholders, such as `{####}`, are never names and pass
 * through untouched. The result is plain text: put it in `html` templates, which escape it.
 *
 * @example
 * ```ts
 * format('Your {brand} code is {code}', { brand: 'Acme', code: codeParameter }); // 'Your Acme code is {####}'
 * ```
 */
const format = (text: string, values: Readonly<Record<string, string | number | undefined>>): string =>
  text.includes('{')
    ? text.replace(NAMED, (placeholder, name: string) => {
        // Only strings and numbers count, so nothing inherited (`{constructor}`) is ever written out.
        const value: unknown = values[name];
        return typeof value === 'string' || typeof value === 'number' ? String(value) : placeholder;
      })
    : text;

export { format };
