// The example handler as a team without remote configuration writes it: the same brands and templates, bundled only.
import { customMessage } from 'cognito-trigger-kit';
import { brands, clientIds } from '../handlers/brands/index.js';
import { templates } from '../handlers/brands/templates.js';

export const handler = customMessage({ brands, defaultBrand: 'acme', resolution: { clientIds }, templates });
