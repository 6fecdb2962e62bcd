// The naive way: Powertools' SSMProvider made at import, the document fetched through it on each invocation (its
// cache answers after the first), no checks, no deadline, no fallback; built the default way, with the AWS SDK bundled
// in. The templates are the example handler's, so that only the loading of brands differs.
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { type BrandConfig, customMessage } from 'cognito-trigger-kit';
import type { Brand } from '../../handlers/brands/index.js';
import { templates } from '../../handlers/brands/templates.js';

const provider = new SSMProvider();

let built: ReturnType<typeof customMessage> | undefined;

export const handler = async (event: CustomMessageTriggerEvent) => {
  if (!built) {
    const document = (await provider.get(process.env.BRAND_CONFIG_PARAMETER ?? '/brands', {
      transform: 'json',
    })) as {
      defaultBrand: string;
      brands: BrandConfig<Brand>['brands'];
    };
    built = customMessage<string, Brand>({
      brands: document.brands,
      defaultBrand: document.defaultBrand,
      templates,
    });
  }
  return built(event);
};
