import { customMessage } from 'cognito-trigger-kit';
import { ssmBrands } from 'cognito-trigger-kit/ssm';
import { type Brand, bundledBrands, validateBrand } from '../../../handlers/brands/index.js';

// The example brands, loaded from the Parameter Store parameter named by BRAND_CONFIG_PARAMETER.
export const handler = customMessage<string, Brand>({
  brands: ssmBrands({
    name: process.env.BRAND_CONFIG_PARAMETER ?? '/brands',
    fallback: bundledBrands,
    validateBrand,
  }),
  templates: {
    CustomMessage_UpdateUserAttribute: ({ brand, codeParameter }) => ({
      sms: `${brand.displayName}: ${codeParameter}`,
    }),
  },
});
