import type { CustomMessageTriggerHandler } from 'aws-lambda';
import { type BrandSource, customMessage, requireFields } from 'cognito-trigger-kit';
import { brandsFromEnvironment } from 'cognito-trigger-kit/environment';
import { ssmBrands } from 'cognito-trigger-kit/ssm';
import { describe, expectTypeOf, it } from 'vitest';
import { type Brand, brands, bundledBrands, clientIds, validateBrand } from '../../handlers/brands/index.js';
import { templates } from '../../handlers/brands/templates.js';

// README.md, "Brands from Parameter Store or AppConfig", as written there.
const remote = brandsFromEnvironment({ fallback: bundledBrands, validateBrand });
// biome-ignore lint/suspicious/noExportsInTest: the README's lines, verbatim, export the handler
export const handler = remote
  ? customMessage({ brands: remote, templates })
  : customMessage({ brands, defaultBrand: 'acme', resolution: { clientIds }, templates });

describe('Types: brand sources', () => {
  it("compiles the README's brandsFromEnvironment pattern as written", () => {
    expectTypeOf(remote).toEqualTypeOf<BrandSource<Brand> | undefined>();
    expectTypeOf(handler).toExtend<CustomMessageTriggerHandler>();
  });

  it('takes resolution.clientIds beside brands from brandsFromEnvironment, without as const', () => {
    if (!remote) return;
    // README.md, "What you get": the same resolution, with the brands from the environment.
    const fromEnvironment = customMessage({
      brands: remote,
      resolution: { clientIds: { '7qp3s1lm9d2k8x4c6v0b5n7h3j': 'globex' } },
      templates,
    });
    expectTypeOf(fromEnvironment).toExtend<CustomMessageTriggerHandler>();
    customMessage({ brands: remote, resolution: { clientIds }, templates });
  });

  it('takes resolution.clientIds naming a brand only the loaded document has', () => {
    const brandsFromSsm = ssmBrands({
      name: '/brands',
      fallback: bundledBrands,
      validateBrand: requireFields({ displayName: 'string' }),
    });
    customMessage({ brands: brandsFromSsm, resolution: { clientIds: { abc: 'initech' } }, templates });
  });

  it('still refuses, for inline brands, an app client mapped to a brand that is not configured', () => {
    customMessage({
      brands,
      defaultBrand: 'acme',
      // @ts-expect-error: 'initech' is not one of the inline brands
      resolution: { clientIds: { abc: 'initech' } },
      templates,
    });
  });
});
