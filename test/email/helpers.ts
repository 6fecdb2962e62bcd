/**
 * @module test/email/helpers — brands, templates and SES settings shared by the Custom email sender tests: two brands
 * with their own senders and settings, and one template per Custom message source whose email names brand, locale
 * and source around the code.
 */
import { customEmailSender } from '../../src/email/custom-email-sender.js';
import type { EmailBrandBase } from '../../src/email/definition.js';
import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { type SesEndpoint, type SesEndpointOptions, startSesEndpoint } from '../../src/local/ses-endpoint.js';
import { html } from '../../src/message/html.js';
import type { CodeDecrypter } from '../../src/sender/decrypt.js';
import { credentials, localClientConfig, logText, useLocalEndpoint } from '../helpers/senders.js';

/** A test brand: a name the templates show, and email settings of its own. */
interface Brand extends EmailBrandBase {
  readonly name: string;
}

const brands: Readonly<Record<'acme' | 'globex', Brand>> = {
  acme: {
    name: 'Acme',
    defaultLocale: 'en',
    locales: ['en', 'fr'],
    email: {
      from: 'Acme Cloud <no-reply@acme.example>',
      replyTo: 'Acme Support <support@acme.example>',
      configurationSetName: 'transactional',
      tags: { team: 'identity' },
    },
  },
  globex: {
    name: 'Globex',
    defaultLocale: 'fr',
    locales: ['fr', 'en'],
    email: {
      from: 'Globex <no-reply@globex.example>',
      fromEmailAddressIdentityArn: 'arn:aws:ses:us-west-2:123456789012:identity/globex.example',
    },
  },
};

const label = (source: string) => source.replace('CustomMessage_', '');

/** One template per source: subject `<brand> [<locale>] <source>`, body `<p><brand> <source>: <b>code</b></p>`. */
const templates: CustomMessageTemplates<Brand> = {
  CustomMessage_SignUp: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
  }),
  CustomMessage_ResendCode: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
  }),
  CustomMessage_ForgotPassword: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
  }),
  CustomMessage_UpdateUserAttribute: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
    sms: `${c.brand.name}: ${c.codeParameter}`,
  }),
  CustomMessage_VerifyUserAttribute: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
  }),
  CustomMessage_AdminCreateUser: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.usernameParameter}</b> / <b>${c.codeParameter}</b></p>`,
    },
  }),
  CustomMessage_Authentication: (c) => ({
    email: {
      subject: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}`,
      html: html`<p>${c.brand.name} ${label(c.triggerSource)}: <b>${c.codeParameter}</b></p>`,
    },
  }),
};

/** The real SES v2 client's settings for a local endpoint. */
const sesConfig = localClientConfig;

/** A fresh address for each test, so that one test's behaviours never reach another's. */
let next = 0;
const emailAddress = () => `user${1000 + next++}@example.com`;

type SenderDefinition = Parameters<typeof customEmailSender<'acme' | 'globex', Brand>>[0];

/** The test brands and templates as a Custom email sender, sending with the real SES v2 client to `endpoint`. */
const senderAt = (endpoint: string, decrypter: CodeDecrypter, extra: Partial<SenderDefinition> = {}) =>
  customEmailSender({
    brands,
    defaultBrand: 'acme',
    templates,
    decrypter,
    clientConfig: sesConfig(endpoint),
    ...extra,
  } as SenderDefinition);

/** A local SES v2 endpoint for the file's tests: started before them, closed after. */
const useSesEndpoint = (options: SesEndpointOptions = {}): SesEndpoint =>
  useLocalEndpoint('SES', () => startSesEndpoint(options));

export type { Brand, SenderDefinition };
export { brands, credentials, emailAddress, logText, senderAt, sesConfig, templates, useSesEndpoint };
