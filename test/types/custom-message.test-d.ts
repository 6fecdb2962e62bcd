import type {
  CustomMessageAdminCreateUserTriggerEvent,
  CustomMessageTriggerHandler,
  CustomMessageUpdateUserAttributeTriggerEvent,
} from 'aws-lambda';
import { customMessage, html, type TemplateContext } from 'cognito-trigger-kit';
import { events } from 'cognito-trigger-kit/events';
import { describe, expectTypeOf, it } from 'vitest';

const brands = { acme: { displayName: 'Acme', defaultLocale: 'en', locales: ['en'] } };
type Brand = (typeof brands)['acme'];

describe('Types: customMessage', () => {
  it('builds a handler assignable to CustomMessageTriggerHandler', () => {
    const handler = customMessage({ brands, defaultBrand: 'acme', templates: {} });
    expectTypeOf(handler).toExtend<CustomMessageTriggerHandler>();
  });

  it('shows an UpdateUserAttribute template no username or link placeholder', () => {
    type Context = TemplateContext<'CustomMessage_UpdateUserAttribute', Brand>;
    expectTypeOf<Context>().toHaveProperty('codeParameter').toEqualTypeOf<string>();
    expectTypeOf<Context>().not.toHaveProperty('usernameParameter');
    expectTypeOf<Context>().not.toHaveProperty('linkParameter');
    expectTypeOf<Context['brand']>().toEqualTypeOf<Brand>();
  });

  it('shows an AdminCreateUser template the username placeholder, and sign-up the link placeholder', () => {
    expectTypeOf<TemplateContext<'CustomMessage_AdminCreateUser'>>()
      .toHaveProperty('usernameParameter')
      .toEqualTypeOf<string>();
    expectTypeOf<TemplateContext<'CustomMessage_SignUp'>>()
      .toHaveProperty('linkParameter')
      .toEqualTypeOf<string>();
    expectTypeOf<TemplateContext<'CustomMessage_ForgotPassword'>>().not.toHaveProperty('linkParameter');
  });

  it('narrows a shared template context by triggerSource', () => {
    const template = (context: TemplateContext<'CustomMessage_SignUp' | 'CustomMessage_AdminCreateUser'>) => {
      if (context.triggerSource === 'CustomMessage_AdminCreateUser')
        expectTypeOf(context.usernameParameter).toEqualTypeOf<string>();
      else expectTypeOf(context.linkParameter).toEqualTypeOf<string>();
    };
    expectTypeOf(template).toBeFunction();
  });

  it("types each template's context from the brands given", () => {
    customMessage({
      brands,
      defaultBrand: 'acme',
      templates: {
        CustomMessage_UpdateUserAttribute: (context) => {
          expectTypeOf(context.brand.displayName).toEqualTypeOf<string>();
          expectTypeOf(context.triggerSource).toEqualTypeOf<'CustomMessage_UpdateUserAttribute'>();
          return { sms: context.codeParameter };
        },
      },
    });
  });

  it('rejects a default brand that is not configured, and an email body that is a plain string', () => {
    // @ts-expect-error: 'initech' is not a brand
    customMessage({ brands, defaultBrand: 'initech', templates: {} });
    customMessage({
      brands,
      defaultBrand: 'acme',
      templates: {
        // @ts-expect-error: the body must come from html`` or raw(), so that values are escaped
        CustomMessage_UpdateUserAttribute: ({ codeParameter }) => ({
          email: { subject: 's', html: `${codeParameter}` },
        }),
        CustomMessage_SignUp: ({ codeParameter }) => ({
          email: { subject: 's', html: html`${codeParameter}` },
        }),
      },
    });
  });

  it('builds events typed as @types/aws-lambda types them', () => {
    expectTypeOf(events.updateUserAttribute()).toEqualTypeOf<CustomMessageUpdateUserAttributeTriggerEvent>();
    expectTypeOf(events.adminCreateUser()).toEqualTypeOf<CustomMessageAdminCreateUserTriggerEvent>();
  });
});
