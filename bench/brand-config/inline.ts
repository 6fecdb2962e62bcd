// Brands bundled in the code: the warm-cost reference.
import { customMessage } from 'cognito-trigger-kit';
import { type Brand, brands, clientIds } from '../../handlers/brands/index.js';
import { updateUserAttribute } from './templates.js';

export const handler = customMessage<keyof typeof brands, Brand>({
  brands,
  defaultBrand: 'acme',
  resolution: { clientIds },
  templates: { CustomMessage_UpdateUserAttribute: updateUserAttribute },
});
