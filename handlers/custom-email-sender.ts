/**
 * @module handlers/custom-email-sender — the example Custom email sender trigger: the brands and templates of
 * handlers/custom-message.ts, so a brand's email reads the same whichever trigger writes it, decrypted with the user
 * pool's KMS key and sent through Amazon SES v2 from each brand's own address (Acme Cloud from
 * `no-reply@acme.example`, Globex from `no-reply@globex.example`). Deploy it as the pool's
 * `LambdaConfig.CustomEmailSender` (`LambdaVersion: V1_0`) with `LambdaConfig.KMSKeyID` set to the same key.
 *
 * Environment:
 * - `KEY_ARN` (required): the ARN of the symmetric KMS key in `LambdaConfig.KMSKeyID`; the role needs `kms:Decrypt` on
 *   it, and `ses:SendEmail` on each brand's identity (and configuration set, when a brand names one).
 * - `EMAIL_CONFIGURATION_SET` (optional): an SES configuration set for every brand's email.
 * - `BRAND_CONFIG_PARAMETER` or `BRAND_CONFIG_APPCONFIG` (optional): brands from Parameter Store or AppConfig, as for
 *   the Custom message trigger; email settings in them are checked, and a document with broken ones is refused.
 * - `AWS_REGION` (set by Lambda): the SES region. `AWS_ENDPOINT_URL_SESV2` and `AWS_ENDPOINT_URL_KMS` point the calls
 *   elsewhere for local runs.
 * - `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL`, `POWERTOOLS_LOGGER_LOG_EVENT`: logging, as Powertools reads them.
 *
 * Give the function a timeout above 5 seconds: SES is retried for up to 4 seconds before the handler gives up and
 * throws, so that Lambda's asynchronous retries (and an on-failure destination, if configured) take over.
 */
import { type BrandValidator, format, html } from 'cognito-trigger-kit';
import {
  type AccountTakeOverTemplate,
  customEmailSender,
  type EmailSettings,
  kmsDecrypter,
  validateEmailSettings,
} from 'cognito-trigger-kit/email';
import { brandsFromEnvironment } from 'cognito-trigger-kit/environment';
import { type Brand, brands, bundledBrands, clientIds, validateBrand } from './brands/index.js';
import { templates } from './brands/templates.js';

/** The example's brand checks, and the email settings of brands loaded at run time. */
const validateRemoteBrand: BrandValidator = (brand, id) => [
  ...validateBrand(brand, id),
  ...validateEmailSettings(brand, id),
];

/** The account takeover notice's wording: Cognito's own notices are English only. */
const NOTICE = {
  en: {
    blocked: '{brand}: we blocked a sign-in to your account',
    noticed: '{brand}: a new sign-in to your account',
    body: 'Someone signed in to your account from a device or place we did not recognize.',
    details: 'When: {time}. Device: {device}. Where: {place}.',
    mine: 'It was me',
    notMine: 'It was not me',
  },
  fr: {
    blocked: '{brand} : nous avons bloqué une connexion à votre compte',
    noticed: '{brand} : nouvelle connexion à votre compte',
    body: "Quelqu'un s'est connecté à votre compte depuis un appareil ou un lieu inconnu.",
    details: 'Quand : {time}. Appareil : {device}. Où : {place}.',
    mine: "C'était moi",
    notMine: "Ce n'était pas moi",
  },
} as const;

/** The notice in the brand's colours and locale; the links go where Cognito's one-click links go. */
const accountTakeOverNotification: AccountTakeOverTemplate<Brand> = ({ brand, locale, notice }) => {
  const wording = NOTICE[locale === 'fr' ? 'fr' : 'en'];
  const values = {
    brand: brand.displayName,
    time: notice.loginTime,
    device: notice.deviceName || '?',
    place: [notice.city, notice.country].filter(Boolean).join(', ') || '?',
  };
  return {
    subject: format(notice.action === 'BLOCK' ? wording.blocked : wording.noticed, values),
    html: html`<div style="font-family:sans-serif;border-top:4px solid ${brand.primaryColor};padding:16px;">
<p>${wording.body}</p><p>${format(wording.details, values)}</p>
<p><a href="${notice.oneClickLinkValid}">${wording.mine}</a> · <a href="${notice.oneClickLinkInvalid}">${wording.notMine}</a></p>
</div>`,
  };
};

const remote = brandsFromEnvironment({ fallback: bundledBrands, validateBrand: validateRemoteBrand });
const decrypter = kmsDecrypter({ keyArn: process.env.KEY_ARN });
/** Settings every brand shares; a brand's own `email` gives its From and Reply-To. */
const email: EmailSettings = process.env.EMAIL_CONFIGURATION_SET
  ? { configurationSetName: process.env.EMAIL_CONFIGURATION_SET }
  : {};

export const handler = remote
  ? customEmailSender({ brands: remote, templates, decrypter, email, accountTakeOverNotification })
  : customEmailSender({
      brands,
      defaultBrand: 'acme',
      resolution: { clientIds },
      templates,
      decrypter,
      email,
      accountTakeOverNotification,
    });
