/** @module handlers/brands/templates — the example's messages for every Custom message trigger source. */
import {
  type CustomMessageTemplates,
  type CustomMessageTriggerSource,
  format,
  type TemplateContext,
} from 'cognito-trigger-kit';
import { type Brand, stringsOf } from './index.js';
import { layout } from './layout.js';
import type { EmailStrings, Strings } from './strings.js';

/** What every template below sees; source-specific placeholders are read where the source has them. */
type Context = TemplateContext<CustomMessageTriggerSource, Brand>;

/** The email for a source whose message is one code: the wording differs, the layout does not. */
const codeEmail = (context: Context, pick: (strings: Strings) => EmailStrings) => {
  const strings = stringsOf(context.brand, context.locale);
  const email = pick(strings);
  const values = { brand: context.brand.displayName };
  return {
    subject: format(email.subject, values),
    html: layout({
      brand: context.brand,
      locale: context.locale,
      strings,
      email,
      values,
      name: context.userAttributes.given_name,
      rows: [[strings.codeLabel, context.codeParameter]],
    }),
  };
};

const sms = (context: Context, pick: (strings: Strings) => string, extra: Record<string, string> = {}) =>
  format(pick(stringsOf(context.brand, context.locale)), {
    brand: context.brand.displayName,
    code: context.codeParameter,
    ...extra,
  });

const templates: CustomMessageTemplates<Brand> = {
  CustomMessage_UpdateUserAttribute: (context) => ({
    email: codeEmail(context, (s) => s.updateEmail),
    sms: sms(context, (s) => s.updateSms),
  }),
  CustomMessage_VerifyUserAttribute: (context) => ({
    email: codeEmail(context, (s) => s.verifyEmail),
    sms: sms(context, (s) => s.verifySms),
  }),
  CustomMessage_SignUp: (context) => ({
    email: codeEmail(context, (s) => s.signUp),
    sms: sms(context, (s) => s.signUpSms),
  }),
  CustomMessage_ResendCode: (context) => ({
    email: codeEmail(context, (s) => s.signUp),
    sms: sms(context, (s) => s.signUpSms),
  }),
  CustomMessage_ForgotPassword: (context) => ({
    email: codeEmail(context, (s) => s.forgotPassword),
    sms: sms(context, (s) => s.forgotPasswordSms),
  }),
  CustomMessage_AdminCreateUser: (context) => {
    const strings = stringsOf(context.brand, context.locale);
    const values = { brand: context.brand.displayName };
    return {
      email: {
        subject: format(strings.invitation.subject, values),
        html: layout({
          brand: context.brand,
          locale: context.locale,
          strings,
          email: strings.invitation,
          values,
          name: context.userAttributes.given_name,
          rows: [
            [strings.invitation.usernameLabel, context.usernameParameter],
            [strings.invitation.passwordLabel, context.codeParameter],
          ],
        }),
      },
      sms: sms(context, (s) => s.invitationSms, { username: context.usernameParameter }),
    };
  },
  CustomMessage_Authentication: (context) => ({ sms: sms(context, (s) => s.authenticationSms) }),
};

export { templates };
