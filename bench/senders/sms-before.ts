// The example Custom SMS sender as it was built before: the Encryption SDK through `@aws-crypto/client-node`, and
// SNS through the SNS client (the settings below make it the client's, as every publish was).
import { customSmsSender, SmsType } from 'cognito-trigger-kit/sms';
import { brands, clientIds } from '../../handlers/brands/index.js';
import { templates } from '../../handlers/brands/templates.js';
import { clientNodeDecrypter } from './client-node.js';

export const handler = customSmsSender({
  brands,
  defaultBrand: 'acme',
  resolution: { clientIds },
  templates,
  decrypter: clientNodeDecrypter(process.env.KEY_ARN ?? ''),
  sms: { smsType: SmsType.Transactional },
  clientConfig: { maxAttempts: 1 },
});
