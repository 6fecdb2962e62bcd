/**
 * @module test/sms/helpers — brands, templates and SNS settings shared by the Custom SMS sender tests: two brands with
 * their own SMS settings, and one template per Custom message source whose SMS names brand, locale and source.
 */

import type { CustomMessageTemplates } from '../../src/handler/types.js';
import { type SnsEndpoint, startSnsEndpoint } from '../../src/local/sns-endpoint.js';
import { html } from '../../src/message/html.js';
import { customSmsSender } from '../../src/sms/custom-sms-sender.js';
import type { CodeDecrypter } from '../../src/sms/decrypt.js';
import { SmsType } from '../../src/sms/rules.js';
import { credentials, localClientConfig, logText, useLocalEndpoint } from '../helpers/senders.js';

const brands = {
  acme: {
    name: 'Acme',
    defaultLocale: 'en',
    locales: ['en', 'fr'],
    sms: { senderId: 'ACME', smsType: SmsType.Transactional },
  },
  globex: {
    name: 'Globex',
    defaultLocale: 'fr',
    locales: ['fr', 'en'],
    sms: { originationNumber: '+18005550100', maxPrice: 0.5 },
  },
};
type Brand = (typeof brands)['acme'] | (typeof brands)['globex'];

const label = (source: string) => source.replace('CustomMessage_', '');

/** One template per source: an email, and an SMS `<brand> [<locale>] <source>: <code>`. */
const templates: CustomMessageTemplates<Brand> = {
  CustomMessage_SignUp: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
  CustomMessage_ResendCode: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
  CustomMessage_ForgotPassword: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
  CustomMessage_UpdateUserAttribute: (c) => ({
    email: { subject: `${c.brand.name}: confirm`, html: html`<p>${c.codeParameter}</p>` },
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
  CustomMessage_VerifyUserAttribute: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
  CustomMessage_AdminCreateUser: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.usernameParameter} / ${c.codeParameter}`,
  }),
  CustomMessage_Authentication: (c) => ({
    sms: `${c.brand.name} [${c.locale}] ${label(c.triggerSource)}: ${c.codeParameter}`,
  }),
};

/** The real SNS client's settings for a local endpoint. */
const snsConfig = localClientConfig;

/** A fresh E.164 number for each test, so that one test's behaviours never reach another's. */
let next = 0;
const phoneNumber = () => `+1432555${String(1000 + next++).padStart(4, '0')}`;

type SenderDefinition = Parameters<typeof customSmsSender<'acme' | 'globex', Brand>>[0];

/** The test brands and templates as a Custom SMS sender, publishing with the real SNS client to `endpoint`. */
const senderAt = (endpoint: string, decrypter: CodeDecrypter, extra: Partial<SenderDefinition> = {}) =>
  customSmsSender({
    brands,
    defaultBrand: 'acme',
    templates,
    decrypter,
    clientConfig: snsConfig(endpoint),
    ...extra,
  } as SenderDefinition);

/** A local SNS endpoint for the file's tests: started before them, closed after. */
const useSnsEndpoint = (): SnsEndpoint => useLocalEndpoint('SNS', startSnsEndpoint);

export type { Brand };
export { brands, credentials, logText, phoneNumber, senderAt, snsConfig, templates, useSnsEndpoint };
