import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledBrands } from '../../handlers/brands/index.js';
import { toBrandDocument } from '../../src/brand/config.js';
import { runCli } from '../../src/cli/main.js';

let dir: string;
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-brands-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const copy of copiesMade.splice(0)) rmSync(copy, { force: true });
  delete process.env.BRAND_CONFIG_PARAMETER;
  delete process.env.BRAND_CONFIG_APPCONFIG;
  delete process.env.AWS_ENDPOINT_URL_SSM;
  delete process.env.AWS_ENDPOINT_URL_APPCONFIGDATA;
});

/** The bundled brands as a remote document, plus a brand that only the remote configuration has. */
const remoteDocument = () => {
  const document = toBrandDocument(bundledBrands);
  return {
    ...document,
    brands: {
      ...document.brands,
      initech: { ...document.brands.acme, displayName: 'Initech', clientIds: [] },
    },
  };
};

describe('Command: brands check', () => {
  it('accepts a valid document and says what it holds', () => {
    const result = runCli(['brands', 'check', file('brands.json', remoteDocument())], { cwd: process.cwd() });
    return expect(result).resolves.toMatchObject({
      exitCode: 0,
      stderr: expect.stringContaining(
        'valid. Brands: acme, globex, initech (default acme); app clients: 4fk0g8ht3nq2r7m9v6c1b5d8e2 → acme',
      ),
    });
  });

  it('lists every problem with its brand and field, exit 1', async () => {
    const result = await runCli(
      [
        'brands',
        'check',
        file('bad.json', { defaultBrand: 'x', brands: { acme: { defaultLocale: 'de', locales: ['en'] } } }),
      ],
      { cwd: process.cwd() },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('brand "acme": field "defaultLocale": "de" is not in locales');
    expect(result.stderr).toContain('field "defaultBrand": "x" is not one of the brands');
  });
});

describe('Option: --parameters', () => {
  const update = (extra: string[]) =>
    runCli(
      [
        'admin-update-user-attributes',
        '--user-pool-id',
        'us-west-2_aaaaaaaaa',
        '--username',
        'diego@example.com',
        '--user-attributes',
        'Name=phone_number,Value=+33612345678',
        '--client-metadata',
        'brand=initech',
        '--state-dir',
        join(dir, 'state'),
        '--code',
        '424242',
        ...extra,
      ],
      { cwd: process.cwd() },
    );

  it.each([
    ['the Parameter Store document BRAND_CONFIG_PARAMETER names', '/brands', 'BRAND_CONFIG_PARAMETER'],
    ['the AppConfig profile BRAND_CONFIG_APPCONFIG names', 'kit/prod/brands', 'BRAND_CONFIG_APPCONFIG'],
  ])('runs the example handler offline with its brands from %s', async (_label, name, variable) => {
    const parameters = file('parameters.json', { [name]: remoteDocument() });
    const env = file('env.json', { Parameters: { [variable]: name } });
    // The example handler reads the variables when it is loaded: a fresh copy of the module sees them.
    const result = await update([
      '--parameters',
      parameters,
      '--env-vars',
      env,
      '--handler',
      `${await freshHandler()}`,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('Initech: 424242');
  });

  it('falls back to the bundled brands when the document is refused, and still answers', async () => {
    const parameters = file('parameters.json', {
      '/brands': { defaultBrand: 'initech', brands: { initech: { locales: [] } } },
    });
    const env = file('env.json', { Parameters: { BRAND_CONFIG_PARAMETER: '/brands' } });
    const result = await update([
      '--parameters',
      parameters,
      '--env-vars',
      env,
      '--handler',
      `${await freshHandler()}`,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('Acme Cloud: 424242');
  });
});

/** A copy of the example handler under a new file name, so that it is loaded again with this test's environment. */
const copiesMade: string[] = [];
let copies = 0;
const freshHandler = async () => {
  const here = join(process.cwd(), 'handlers');
  const path = join(here, `.test-copy-${process.pid}-${copies++}.ts`);
  writeFileSync(path, readFileSync(join(here, 'custom-message.ts'), 'utf8'));
  copiesMade.push(path);
  return path;
};
