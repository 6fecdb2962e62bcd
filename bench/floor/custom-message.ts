/**
 * @module bench/floor/custom-message — the benchmark's floor: the example handler's messages written by hand with
 * template literals, an escape that writes what Cognito's email pattern refuses as character references, and one
 * Powertools Logger line; none of the kit. It shares only the wording and the brand data.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { brands, clientIds } from '../../handlers/brands/index.js';
import type { EmailStrings, Strings } from '../../handlers/brands/strings.js';

const logger = new Logger({ serviceName: 'custom-message' });
type Brand = (typeof brands)['acme'];

/** Characters outside printable ASCII and Latin-1 to IPA: only text with one needs the Unicode lookup below. */
const UNCOMMON = /[^\t\n\v\f\r\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff]/;
/** What Cognito's email body pattern refuses (Java's `\s` is ASCII only), made on first use. */
let refused: RegExp | undefined;
const esc = (s: string) => {
  const text = s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
  if (!UNCOMMON.test(text)) return text;
  refused ??= /[^\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\v\f\r *]/gu;
  return text.replace(refused, (c) => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`);
};
const fill = (text: string, values: Record<string, string | undefined>) =>
  text.replace(/\{([A-Za-z_]\w*)\}/g, (m, k: string) => values[k] ?? m);
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

const email = (
  b: Brand,
  locale: string,
  s: Strings,
  e: EmailStrings,
  name: string | undefined,
  rows: string[][],
) => {
  const v = { brand: b.displayName };
  const row = (text: string) => `
          <tr><td style="padding:0 0 16px 0;">${esc(text)}</td></tr>`;
  const box = ([label, value]: string[]) => `
          <tr>
            <td style="padding:8px 0 16px 0;">
              <div style="font-size:13px;color:#57606a;text-transform:uppercase;letter-spacing:1px;">${esc(label as string)}</div>
              <div style="font-family:'SFMono-Regular',Menlo,Consolas,monospace;font-size:28px;font-weight:700;letter-spacing:4px;color:${esc(b.primaryColor)};word-break:break-all;">${esc(value as string)}</div>
            </td>
          </tr>`;
  return `<!DOCTYPE html>
<html lang="${esc(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(fill(e.subject, v))}</title>
<style>
  @media only screen and (max-width: 620px) {
    .card { width: 100% !important; border-radius: 0 !important; }
    .pad { padding: 24px 20px !important; }
  }
</style>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${esc(fill(e.preheader, v))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
  <tr>
    <td align="center" style="padding:24px 8px;">
      <table role="presentation" class="card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;background-color:#ffffff;border-radius:8px;overflow:hidden;">
        <tr>
          <td style="background-color:${esc(b.primaryColor)};padding:20px 32px;">
            <a href="${esc(b.websiteUrl)}" style="color:#ffffff;text-decoration:none;font-family:${esc(FONT)};font-size:20px;font-weight:700;">
              <img src="${esc(b.logoUrl)}" alt="${esc(b.displayName)}" height="32" style="display:block;border:0;height:32px;color:#ffffff;">
            </a>
          </td>
        </tr>
        <tr>
          <td class="pad" style="padding:32px;font-family:${esc(FONT)};font-size:16px;line-height:1.5;color:#1f2328;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
          <tr><td style="padding:0 0 16px 0;"><h1 style="margin:0;font-size:22px;line-height:1.3;">${esc(fill(e.heading, v))}</h1></td></tr>
${row(name ? fill(s.greeting, { name }) : s.greetingNoName)}
${row(fill(e.intro, v))}
${rows.map(box).join('')}
${row(s.expiry)}
${row(fill(e.outro, v))}
          <tr><td style="padding:0;color:#57606a;font-size:14px;">${esc(s.ignore)}</td></tr>
            </table>
          </td>
        </tr>
        <tr>
          <td style="padding:16px 32px;background-color:#f6f8fa;font-family:${esc(FONT)};font-size:13px;color:#57606a;">
            ${esc(fill(s.footer, { support: b.supportEmail }))}<br>
            &copy; ${esc(b.displayName)}
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>`;
};

const pick = (event: CustomMessageTriggerEvent) => {
  const meta = event.request.clientMetadata ?? {};
  const attrs = event.request.userAttributes;
  const id =
    [meta.brand, clientIds[event.callerContext.clientId], attrs['custom:brand']].find(
      (x): x is keyof typeof brands => !!x && Object.hasOwn(brands, x),
    ) ?? 'acme';
  const brand: Brand = brands[id];
  const wanted = meta.locale ?? attrs.locale ?? '';
  const locale = brand.locales.find((l) => l === wanted || l === wanted.split('-')[0]) ?? brand.defaultLocale;
  return { id, brand, locale, strings: brand.strings[locale as 'en'] };
};

export const handler = async (event: CustomMessageTriggerEvent): Promise<CustomMessageTriggerEvent> => {
  const { id, brand, locale, strings: s } = pick(event);
  const code = event.request.codeParameter;
  const name = event.request.userAttributes.given_name;
  const v = { brand: brand.displayName, code };
  const codeEmail = (e: EmailStrings) => ({
    emailSubject: fill(e.subject, v),
    emailMessage: email(brand, locale, s, e, name, [[s.codeLabel, code]]),
  });
  let response: CustomMessageTriggerEvent['response'];
  switch (event.triggerSource) {
    case 'CustomMessage_UpdateUserAttribute':
      response = { ...codeEmail(s.updateEmail), smsMessage: fill(s.updateSms, v) };
      break;
    case 'CustomMessage_VerifyUserAttribute':
      response = { ...codeEmail(s.verifyEmail), smsMessage: fill(s.verifySms, v) };
      break;
    case 'CustomMessage_SignUp':
    case 'CustomMessage_ResendCode':
      response = { ...codeEmail(s.signUp), smsMessage: fill(s.signUpSms, v) };
      break;
    case 'CustomMessage_ForgotPassword':
      response = { ...codeEmail(s.forgotPassword), smsMessage: fill(s.forgotPasswordSms, v) };
      break;
    case 'CustomMessage_AdminCreateUser': {
      const user = event.request.usernameParameter ?? '';
      response = {
        emailSubject: fill(s.invitation.subject, v),
        emailMessage: email(brand, locale, s, s.invitation, name, [
          [s.invitation.usernameLabel, user],
          [s.invitation.passwordLabel, code],
        ]),
        smsMessage: fill(s.invitationSms, { ...v, username: user }),
      };
      break;
    }
    default:
      response = { emailSubject: null, emailMessage: null, smsMessage: fill(s.authenticationSms, v) };
  }
  logger.info('custom message', {
    triggerSource: event.triggerSource,
    userPoolId: event.userPoolId,
    clientId: event.callerContext.clientId,
    brand: id,
    locale,
    outcome: 'customized',
  });
  return { ...event, response };
};
