// The example Custom email sender built the way the SMS sender was before: the Encryption SDK through
// `@aws-crypto/client-node`, and SES through the SES v2 client (the settings below make it the client's).
import { customEmailSender } from 'cognito-trigger-kit/email';
import { brands, clientIds } from '../../handlers/brands/index.js';
import { templates } from '../../handlers/brands/templates.js';
import { clientNodeDecrypter } from './client-node.js';

export const handler = customEmailSender({
  brands,
  defaultBrand: 'acme',
  resolution: { clientIds },
  templates,
  decrypter: clientNodeDecrypter(process.env.KEY_ARN ?? ''),
  clientConfig: { maxAttempts: 1 },
});
