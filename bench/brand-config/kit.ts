// Brands from Parameter Store through the kit: checked, cached, a deadline, the SDK client imported on first fetch.
import { customMessage } from 'cognito-trigger-kit';
import { ssmBrands } from 'cognito-trigger-kit/ssm';
import { type Brand, bundledBrands, validateBrand } from '../../handlers/brands/index.js';
import { updateUserAttribute } from './templates.js';

export const handler = customMessage<string, Brand>({
  brands: ssmBrands({
    name: process.env.BRAND_CONFIG_PARAMETER ?? '/brands',
    fallback: bundledBrands,
    validateBrand,
  }),
  templates: { CustomMessage_UpdateUserAttribute: updateUserAttribute },
});
