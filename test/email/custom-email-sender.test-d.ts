import { SESv2Client } from '@aws-sdk/client-sesv2';
import type {
  CustomEmailSenderAccountTakeOverNotificationTriggerEvent,
  CustomEmailSenderAdminCreateUserTriggerEvent,
  CustomEmailSenderTriggerHandler,
} from 'aws-lambda';
import type { CustomMessageTemplates } from 'cognito-trigger-kit';
import {
  type AccountTakeOverTemplate,
  type CodeDecrypter,
  type CustomMessageSourceOf,
  customEmailSender,
  customEmailSenderEvent,
  localKeyring,
} from 'cognito-trigger-kit/email';
import { describe, expectTypeOf, it } from 'vitest';
import { handler as example } from '../../handlers/custom-email-sender.js';

const brands = {
  acme: {
    displayName: 'Acme',
    defaultLocale: 'en',
    locales: ['en'],
    email: { from: 'Acme <a@acme.example>' },
  },
  globex: {
    displayName: 'Globex',
    defaultLocale: 'fr',
    locales: ['fr'],
    email: { from: 'g@globex.example' },
  },
};
type Brand = (typeof brands)['acme'] | (typeof brands)['globex'];
const decrypter = localKeyring();

describe('Types: customEmailSender', () => {
  it('builds a handler assignable to CustomEmailSenderTriggerHandler', () => {
    const handler = customEmailSender({ brands, defaultBrand: 'acme', templates: {}, decrypter });
    expectTypeOf(handler).toExtend<CustomEmailSenderTriggerHandler>();
    expectTypeOf(example).toExtend<CustomEmailSenderTriggerHandler>();
  });

  it('takes the templates customMessage takes, typed by the brands given, and a notice template of its own', () => {
    const templates: CustomMessageTemplates<Brand> = {
      CustomMessage_SignUp: (context) => {
        expectTypeOf(context.brand.displayName).toEqualTypeOf<string>();
        return undefined;
      },
    };
    const accountTakeOverNotification: AccountTakeOverTemplate<Brand> = ({ brand, notice }) => {
      expectTypeOf(brand.displayName).toEqualTypeOf<string>();
      expectTypeOf(notice.oneClickLinkInvalid).toEqualTypeOf<string>();
      return undefined;
    };
    customEmailSender({ brands, defaultBrand: 'acme', templates, decrypter, accountTakeOverNotification });
  });

  it('pairs each code source with the Custom message source of its template', () => {
    expectTypeOf<
      CustomMessageSourceOf<'CustomEmailSender_ForgotPassword'>
    >().toEqualTypeOf<'CustomMessage_ForgotPassword'>();
  });

  it('builds events typed as @types/aws-lambda types them', () => {
    expectTypeOf(
      customEmailSenderEvent('CustomEmailSender_AdminCreateUser', { code: 'AYAD…' }),
    ).toEqualTypeOf<CustomEmailSenderAdminCreateUserTriggerEvent>();
    expectTypeOf(
      customEmailSenderEvent('CustomEmailSender_AccountTakeOverNotification', { code: null }),
    ).toEqualTypeOf<CustomEmailSenderAccountTakeOverNotificationTriggerEvent>();
  });

  it('accepts any decrypter, and rejects a bad setting, an unknown brand, and both client and clientConfig', () => {
    expectTypeOf(decrypter).toExtend<CodeDecrypter>();
    customEmailSender({
      brands: {
        // @ts-expect-error: tags are strings
        acme: { defaultLocale: 'en', locales: ['en'], email: { from: 'a@b.example', tags: { n: 1 } } },
      },
      defaultBrand: 'acme',
      templates: {},
      decrypter,
    });
    // @ts-expect-error: 'initech' is not a brand
    customEmailSender({ brands, defaultBrand: 'initech', templates: {}, decrypter });
    // @ts-expect-error: client and clientConfig exclude each other
    customEmailSender({
      brands,
      defaultBrand: 'acme',
      templates: {},
      decrypter,
      client: new SESv2Client({}),
      clientConfig: {},
    });
    // @ts-expect-error: no decrypter
    customEmailSender({ brands, defaultBrand: 'acme', templates: {} });
  });
});
