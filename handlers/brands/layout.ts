/** @module handlers/brands/layout — the example's responsive email, in plain TypeScript with the kit's `html`. */
import { format, type HtmlValue, html, type SafeHtml } from 'cognito-trigger-kit';
import type { Brand } from './index.js';
import type { EmailStrings, Strings } from './strings.js';

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

interface EmailContent {
  readonly brand: Brand;
  readonly locale: string;
  readonly strings: Strings;
  readonly email: EmailStrings;
  /** Values for the `{name}` placeholders of the wording. */
  readonly values: Readonly<Record<string, string | undefined>>;
  /** The given name, when the user has one. */
  readonly name?: string | undefined;
  /** The highlighted rows: label and value, e.g. the code. */
  readonly rows: readonly (readonly [label: string, value: string])[];
}

const codeBox = (brand: Brand, label: string, value: string): SafeHtml => html`
          <tr>
            <td style="padding:8px 0 16px 0;">
              <div style="font-size:13px;color:#57606a;text-transform:uppercase;letter-spacing:1px;">${label}</div>
              <div style="font-family:'SFMono-Regular',Menlo,Consolas,monospace;font-size:28px;font-weight:700;letter-spacing:4px;color:${brand.primaryColor};word-break:break-all;">${value}</div>
            </td>
          </tr>`;

const paragraph = (text: HtmlValue): SafeHtml => html`
          <tr><td style="padding:0 0 16px 0;">${text}</td></tr>`;

/**
 * A single-column, table-based email that reads well from 320 px phones to desktop clients: 600 px wide at most,
 * inline styles (many clients drop `<style>`), a media query for narrow screens, a hidden preheader, and a
 * dark-mode-safe palette.
 */
const layout = ({ brand, locale, strings, email, values, name, rows }: EmailContent): SafeHtml => {
  const fill = (text: string) => format(text, values);
  const greeting = name ? format(strings.greeting, { name }) : strings.greetingNoName;
  return html`<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${fill(email.subject)}</title>
<style>
  @media only screen and (max-width: 620px) {
    .card { width: 100% !important; border-radius: 0 !important; }
    .pad { padding: 24px 20px !important; }
  }
</style>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${fill(email.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
  <tr>
    <td align="center" style="padding:24px 8px;">
      <table role="presentation" class="card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;background-color:#ffffff;border-radius:8px;overflow:hidden;">
        <tr>
          <td style="background-color:${brand.primaryColor};padding:20px 32px;">
            <a href="${brand.websiteUrl}" style="color:#ffffff;text-decoration:none;font-family:${FONT};font-size:20px;font-weight:700;">
              <img src="${brand.logoUrl}" alt="${brand.displayName}" height="32" style="display:block;border:0;height:32px;color:#ffffff;">
            </a>
          </td>
        </tr>
        <tr>
          <td class="pad" style="padding:32px;font-family:${FONT};font-size:16px;line-height:1.5;color:#1f2328;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
          <tr><td style="padding:0 0 16px 0;"><h1 style="margin:0;font-size:22px;line-height:1.3;">${fill(email.heading)}</h1></td></tr>
${paragraph(greeting)}
${paragraph(fill(email.intro))}
${rows.map(([label, value]) => codeBox(brand, label, value))}
${paragraph(strings.expiry)}
${paragraph(fill(email.outro))}
          <tr><td style="padding:0;color:#57606a;font-size:14px;">${strings.ignore}</td></tr>
            </table>
          </td>
        </tr>
        <tr>
          <td style="padding:16px 32px;background-color:#f6f8fa;font-family:${FONT};font-size:13px;color:#57606a;">
            ${format(strings.footer, { support: brand.supportEmail })}<br>
            &copy; ${brand.displayName}
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>`;
};

export type { EmailContent };
export { layout };
