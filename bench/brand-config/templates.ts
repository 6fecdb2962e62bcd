/** The message the three brand-configuration benchmark handlers send: the same for each, so only loading differs. */
import { format, html, type TemplateContext } from 'cognito-trigger-kit';
import { type Brand, stringsOf } from '../../handlers/brands/index.js';

const updateUserAttribute = ({
  brand,
  locale,
  codeParameter,
}: TemplateContext<'CustomMessage_UpdateUserAttribute', Brand>) => {
  const strings = stringsOf(brand, locale);
  const values = { brand: brand.displayName, code: codeParameter };
  return {
    email: {
      subject: format(strings.updateEmail.subject, values),
      html: html`<h1>${format(strings.updateEmail.heading, values)}</h1><p>${codeParameter}</p>`,
    },
    sms: format(strings.updateSms, values),
  };
};

export { updateUserAttribute };
