/** @module handlers/brands — the example's brands, shared by every handler in handlers/. */
import { type BrandBase, type BrandConfig, type BrandValidator, requireFields } from 'cognito-trigger-kit';
import type { EmailSettings } from 'cognito-trigger-kit/email';
import type { SmsSettings } from 'cognito-trigger-kit/sms';
import { en, fr, type Strings } from './strings.js';

/** What the example's templates need from a brand, on top of the kit's `locales` and `defaultLocale`. */
interface Brand extends BrandBase {
  readonly displayName: string;
  /** The header band and the code's colour. */
  readonly primaryColor: string;
  readonly logoUrl: string;
  readonly websiteUrl: string;
  readonly supportEmail: string;
  /** Wording per locale; every locale in `locales` has an entry. */
  readonly strings: Readonly<Record<string, Strings>>;
  /** How the Custom SMS sender publishes this brand's SMS: its sender ID where countries show one. */
  readonly sms?: SmsSettings;
  /** How the Custom email sender sends this brand's email: its own From (an SES identity) and Reply-To. */
  readonly email?: EmailSettings;
}

const brands = {
  acme: {
    displayName: 'Acme Cloud',
    defaultLocale: 'en',
    locales: ['en', 'fr'],
    primaryColor: '#0b5fff',
    logoUrl: 'https://assets.acme.example/logo-white.png',
    websiteUrl: 'https://acme.example',
    supportEmail: 'support@acme.example',
    strings: { en, fr },
    sms: { senderId: 'ACME' },
    email: {
      from: 'Acme Cloud <no-reply@acme.example>',
      replyTo: 'Acme Cloud Support <support@acme.example>',
    },
  },
  globex: {
    displayName: 'Globex',
    defaultLocale: 'fr',
    locales: ['fr', 'en'],
    primaryColor: '#0f7b4a',
    logoUrl: 'https://static.globex.example/brand/logo.png',
    websiteUrl: 'https://globex.example',
    supportEmail: 'aide@globex.example',
    strings: { fr, en },
    sms: { senderId: 'Globex' },
    email: { from: 'Globex <no-reply@globex.example>', replyTo: 'Globex <aide@globex.example>' },
  },
} satisfies Record<string, Brand>;

type BrandId = keyof typeof brands;

/** The app clients of the example user pool and the brand each one serves. */
const clientIds: Readonly<Record<string, BrandId>> = {
  '4fk0g8ht3nq2r7m9v6c1b5d8e2': 'acme',
  '7qp3s1lm9d2k8x4c6v0b5n7h3j': 'globex',
};

/** The bundled configuration: what the handler uses without remote configuration, and when it can't be loaded. */
const bundledBrands: BrandConfig<Brand> = { brands, defaultBrand: 'acme', clientIds };

const fieldsOf = /* @__PURE__ */ requireFields({
  displayName: 'string',
  primaryColor: 'color',
  logoUrl: 'url',
  websiteUrl: 'url',
  supportEmail: 'email',
  strings: 'object',
});
const STRING_KEYS = /* @__PURE__ */ Object.keys(brands.acme.strings.en);

/** Checks a remote brand has every field the templates read, and wording for each of its locales. */
const validateBrand: BrandValidator = (brand) => {
  const problems = [...fieldsOf(brand, '')];
  const strings = brand.strings as Record<string, Record<string, unknown>> | undefined;
  for (const locale of Array.isArray(brand.locales) ? (brand.locales as string[]) : []) {
    const wording = strings?.[locale];
    const missing = STRING_KEYS.filter((key) => wording?.[key] === undefined);
    if (missing.length > 0) problems.push(`field "strings.${locale}": missing ${missing.join(', ')}`);
  }
  return problems;
};

/** The wording for a resolved locale (always one of the brand's). */
const stringsOf = (brand: Brand, locale: string): Strings =>
  brand.strings[locale] ?? (brand.strings[brand.defaultLocale] as Strings);

export type { Brand, BrandId };
export { brands, bundledBrands, clientIds, stringsOf, validateBrand };
