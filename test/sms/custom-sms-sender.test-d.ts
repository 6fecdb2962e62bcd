import { SNSClient } from '@aws-sdk/client-sns';
import type {
  CustomSMSSenderAdminCreateUserTriggerEvent,
  CustomSMSSenderAuthenticationUserTriggerEvent,
  CustomSMSSenderTriggerHandler,
} from 'aws-lambda';
import type { CustomMessageTemplates } from 'cognito-trigger-kit';
import {
  type CodeDecrypter,
  type CustomMessageSourceOf,
  customSmsSender,
  customSmsSenderEvent,
  localKeyring,
  SmsType,
} from 'cognito-trigger-kit/sms';
import { describe, expectTypeOf, it } from 'vitest';
import { handler as example } from '../../handlers/custom-sms-sender.js';

const brands = {
  acme: { displayName: 'Acme', defaultLocale: 'en', locales: ['en'], sms: { senderId: 'ACME' } },
  globex: { displayName: 'Globex', defaultLocale: 'fr', locales: ['fr'] },
};
type Brand = (typeof brands)['acme'] | (typeof brands)['globex'];
const decrypter = localKeyring();

describe('Types: customSmsSender', () => {
  it('builds a handler assignable to CustomSMSSenderTriggerHandler', () => {
    const handler = customSmsSender({ brands, defaultBrand: 'acme', templates: {}, decrypter });
    expectTypeOf(handler).toExtend<CustomSMSSenderTriggerHandler>();
    expectTypeOf(example).toExtend<CustomSMSSenderTriggerHandler>();
  });

  it('takes the templates customMessage takes, typed by the brands given', () => {
    const templates: CustomMessageTemplates<Brand> = {
      CustomMessage_Authentication: (context) => {
        expectTypeOf(context.brand.displayName).toEqualTypeOf<string>();
        return { sms: context.codeParameter };
      },
    };
    customSmsSender({ brands, defaultBrand: 'acme', templates, decrypter });
  });

  it('pairs each sender source with the Custom message source of its template', () => {
    expectTypeOf<
      CustomMessageSourceOf<'CustomSMSSender_Authentication'>
    >().toEqualTypeOf<'CustomMessage_Authentication'>();
    expectTypeOf<
      CustomMessageSourceOf<'CustomSMSSender_AdminCreateUser' | 'CustomSMSSender_SignUp'>
    >().toEqualTypeOf<'CustomMessage_AdminCreateUser' | 'CustomMessage_SignUp'>();
  });

  it('builds events typed as @types/aws-lambda types them', () => {
    expectTypeOf(
      customSmsSenderEvent('CustomSMSSender_Authentication', { code: null }),
    ).toEqualTypeOf<CustomSMSSenderAuthenticationUserTriggerEvent>();
    expectTypeOf(
      customSmsSenderEvent('CustomSMSSender_AdminCreateUser', { code: 'AYAD…' }),
    ).toEqualTypeOf<CustomSMSSenderAdminCreateUserTriggerEvent>();
  });

  it('accepts any decrypter with a decrypt(ciphertextBase64) method, the local keyring included', () => {
    expectTypeOf(decrypter).toExtend<CodeDecrypter>();
    customSmsSender({
      brands,
      defaultBrand: 'acme',
      templates: {},
      decrypter: { decrypt: async (ciphertext: string) => ciphertext },
    });
  });

  it('rejects SMS settings of the wrong type, an unknown default brand, and both client and clientConfig', () => {
    customSmsSender({
      // @ts-expect-error: smsType is Transactional or Promotional
      brands: { acme: { defaultLocale: 'en', locales: ['en'], sms: { smsType: 'Bulk' } } },
      defaultBrand: 'acme',
      templates: {},
      decrypter,
    });
    customSmsSender({
      brands,
      defaultBrand: 'acme',
      templates: {},
      decrypter,
      sms: { smsType: SmsType.Promotional },
    });
    // @ts-expect-error: 'initech' is not a brand
    customSmsSender({ brands, defaultBrand: 'initech', templates: {}, decrypter });
    // @ts-expect-error: client and clientConfig exclude each other
    customSmsSender({
      brands,
      defaultBrand: 'acme',
      templates: {},
      decrypter,
      client: new SNSClient({}),
      clientConfig: {},
    });
  });

  it('requires a decrypter', () => {
    // @ts-expect-error: no decrypter
    customSmsSender({ brands, defaultBrand: 'acme', templates: {} });
  });
});
