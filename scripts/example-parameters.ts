/**
 * The example brands as a `--parameters` map: the whole brand document under one Parameter Store name, the one
 * handlers/brands/env.json points BRAND_CONFIG_PARAMETER at.
 */
import { bundledBrands } from '../handlers/brands/index.js';
import { toBrandDocument } from '../src/brand/config.js';

const PARAMETER_NAME = '/cognito-trigger-kit/brands';
const PARAMETERS_FILE = new URL('../handlers/brands/parameters.json', import.meta.url);

const exampleParameters = (): string =>
  `${JSON.stringify({ [PARAMETER_NAME]: toBrandDocument(bundledBrands) }, null, 2)}\n`;

export { exampleParameters, PARAMETER_NAME, PARAMETERS_FILE };
