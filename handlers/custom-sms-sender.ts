/**
 * @module handlers/custom-sms-sender — the example Custom SMS sender trigger: the brands and templates of
 * handlers/custom-message.ts, so a brand's SMS reads the same whichever trigger sends it, decrypted with the user
 * pool's KMS key and published through Amazon SNS. Deploy it as the pool's `LambdaConfig.CustomSMSSender`
 * (`LambdaVersion: V1_0`) with `LambdaConfig.KMSKeyID` set to the same key.
 *
 * Environment:
 * - `KEY_ARN` (required): the ARN of the symmetric KMS key in `LambdaConfig.KMSKeyID`; the role needs `kms:Decrypt` on
 *   it, and `sns:Publish`.
 * - `BRAND_CONFIG_PARAMETER` or `BRAND_CONFIG_APPCONFIG` (optional): brands from Parameter Store or AppConfig, as for
 *   the Custom message trigger; SMS settings in them are checked, and a document with broken ones is refused.
 * - `AWS_REGION` (set by Lambda): the SNS region. `AWS_ENDPOINT_URL_SNS` and `AWS_ENDPOINT_URL_KMS` point the clients
 *   elsewhere for local runs.
 * - `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL`, `POWERTOOLS_LOGGER_LOG_EVENT`: logging, as Powertools reads them.
 *
 * Give the function a timeout above 5 seconds: SNS is retried for up to 4 seconds before the handler gives up and
 * throws, so that Lambda's asynchronous retries (and an on-failure destination, if configured) take over.
 */
import type { BrandValidator } from 'cognito-trigger-kit';
import { brandsFromEnvironment } from 'cognito-trigger-kit/environment';
import { customSmsSender, kmsDecrypter, SmsType, validateSmsSettings } from 'cognito-trigger-kit/sms';
import { brands, bundledBrands, clientIds, validateBrand } from './brands/index.js';
import { templates } from './brands/templates.js';

/** The example's brand checks, and the SMS settings of brands loaded at run time. */
const validateRemoteBrand: BrandValidator = (brand, id) => [
  ...validateBrand(brand, id),
  ...validateSmsSettings(brand, id),
];

const remote = brandsFromEnvironment({ fallback: bundledBrands, validateBrand: validateRemoteBrand });
const decrypter = kmsDecrypter({ keyArn: process.env.KEY_ARN });
/** Every brand's codes go as transactional SMS; a brand's own `sms` settings add its sender ID or number. */
const sms = { smsType: SmsType.Transactional } as const;

export const handler = remote
  ? customSmsSender({ brands: remote, templates, decrypter, sms })
  : customSmsSender({ brands, defaultBrand: 'acme', resolution: { clientIds }, templates, decrypter, sms });
