/**
 * @module handlers/custom-message — the example Custom message trigger: two brands (Acme Cloud, Globex) in English
 * and French, with messages for every trigger source. Deploy it as the user pool's Custom message trigger; set
 * `BRAND_CONFIG_PARAMETER` or `BRAND_CONFIG_APPCONFIG` to change wording and brands without a redeploy.
 */
import { customMessage } from 'cognito-trigger-kit';
import { brandsFromEnvironment } from 'cognito-trigger-kit/environment';
import { brands, bundledBrands, clientIds, validateBrand } from './brands/index.js';
import { templates } from './brands/templates.js';

/**
 * Brands from Parameter Store (`BRAND_CONFIG_PARAMETER`) or AppConfig (`BRAND_CONFIG_APPCONFIG`) when the function's
 * environment names one, checked and cached, with the bundled brands answering until and whenever the store can't.
 */
const remote = brandsFromEnvironment({ fallback: bundledBrands, validateBrand });

export const handler = remote
  ? customMessage({ brands: remote, templates })
  : customMessage({ brands, defaultBrand: 'acme', resolution: { clientIds }, templates });
