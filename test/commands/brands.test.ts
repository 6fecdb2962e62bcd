import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bundledBrands, validateBrand } from '../../handlers/brands/index.js';
import { toBrandDocument } from '../../src/brand/config.js';
import { brandsFromEnvironment } from '../../src/brand/environment.js';
import { runCli } from '../../src/cli/main.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';

/** A command that loads a handler, or runs one in a process of its own, may first import an SDK client. */
const HANDLER_TIMEOUT_MS = 60_000;
/** The handler's wait for the store: only a stall reaches it, not a slow first import on a busy machine. */
const DEADLINE_MS = '30000';

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

/** A document the kit's own checks accept and the example handler's validateBrand refuses: a brand with no name. */
const namelessBrand = () => {
  const document = remoteDocument();
  return {
    ...document,
    brands: { ...document.brands, initech: { ...document.brands.initech, displayName: '' } },
  };
};
const NAMELESS_PROBLEM = 'brand "initech": field "displayName": must be a non-empty string';

/** What `brands check` says of a document: valid or not, and the problems it lists. */
const checkVerdict = async (document: unknown, extra: readonly string[] = []) => {
  const { exitCode, stderr } = await runCli(['brands', 'check', file('checked.json', document), ...extra], {
    cwd: process.cwd(),
  });
  expect([0, 1]).toContain(exitCode);
  const problems = stderr
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.slice(2));
  return { valid: exitCode === 0, problems };
};

/**
 * Documents around the example's: fields of the brands removed or set to values the checks may or may not accept,
 * and default brands that may not exist.
 */
const PATHS = [
  'displayName',
  'primaryColor',
  'logoUrl',
  'websiteUrl',
  'supportEmail',
  'strings',
  'strings.fr',
  'strings.en.greeting',
  'locales',
  'defaultLocale',
  'clientIds',
] as const;
const documents = fc
  .record({
    defaultBrand: fc.constantFrom('acme', 'globex', 'initech', 'umbrella'),
    changes: fc.array(
      fc.record({
        brand: fc.constantFrom('acme', 'globex', 'initech'),
        path: fc.constantFrom(...PATHS),
        value: fc.oneof(
          fc.constantFrom(undefined, null, '', ' ', 0, {}, ['en'], ['fr', 'de'], 'fr', 'Hello'),
          fc.constantFrom(
            '#0b5fff',
            '#0b5',
            'red',
            'https://example.com',
            'http://example.com',
            'a@b.example',
          ),
          fc.string({ maxLength: 12 }),
        ),
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ defaultBrand, changes }) => {
    const document = structuredClone(remoteDocument()) as {
      defaultBrand: string;
      brands: Record<string, Record<string, unknown>>;
    };
    document.defaultBrand = defaultBrand;
    for (const { brand, path, value } of changes) {
      const keys = path.split('.');
      const last = keys.pop() as string;
      let target: Record<string, unknown> | undefined = document.brands[brand];
      for (const key of keys) target = target?.[key] as Record<string, unknown> | undefined;
      if (target === undefined || target === null || typeof target !== 'object') continue;
      if (value === undefined) delete target[last];
      else target[last] = value;
    }
    return document;
  });

describe('Command: brands check', () => {
  it(
    'accepts a valid document, says what it holds and which checks applied',
    async () => {
      const result = await runCli(['brands', 'check', file('brands.json', remoteDocument())], {
        cwd: process.cwd(),
      });
      expect(result).toMatchObject({ exitCode: 0 });
      expect(result.stderr).toContain(
        'valid. Brands: acme, globex, initech (default acme); app clients: 4fk0g8ht3nq2r7m9v6c1b5d8e2 → acme',
      );
      expect(result.stderr).toContain(
        "checks: the kit's and the validateBrand of handlers/custom-message.ts",
      );
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    'lists every problem with its brand and field, exit 1',
    async () => {
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
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    "refuses, with the handler's own message, a document only the handler's validateBrand refuses",
    async () => {
      const result = await runCli(['brands', 'check', file('nameless.json', namelessBrand())], {
        cwd: process.cwd(),
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `1 problem; the handler would use its bundled brands instead:\n  ${NAMELESS_PROBLEM}\n`,
      );
      expect(result.stderr).toContain(
        "checks: the kit's and the validateBrand of handlers/custom-message.ts",
      );
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    'applies the checks of the handler --handler names',
    async () => {
      const handler = await freshHandler();
      const result = await runCli(
        ['brands', 'check', file('nameless.json', namelessBrand()), '--handler', handler],
        {
          cwd: process.cwd(),
        },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(NAMELESS_PROBLEM);
      expect(result.stderr).toContain(
        `checks: the kit's and the validateBrand of ${relative(process.cwd(), handler)}`,
      );
    },
    HANDLER_TIMEOUT_MS,
  );

  it("applies the kit's checks only, and says so, where there is no handler", async () => {
    const result = await runCli(['brands', 'check', file('nameless.json', namelessBrand())], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "checks: the kit's only (no --handler and no handlers/custom-message.ts here)",
    );
  });

  it('says why when the handler cannot be loaded', async () => {
    const result = await runCli(
      ['brands', 'check', file('brands.json', remoteDocument()), '--handler', join(dir, 'missing.ts')],
      { cwd: process.cwd() },
    );
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain('cannot load the handler');
  });
});

describe('Property: brands check and the example handler agree', () => {
  let endpoint: ParameterEndpoint;
  beforeAll(async () => {
    endpoint = await startParameterEndpoint();
  });
  afterAll(() => endpoint.close());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** What the example handler's brand source, made as the handler makes it, does with the document it loads. */
  const handlerVerdict = async (document: unknown) => {
    endpoint.set('/brands/generated', { value: JSON.stringify(document) });
    for (const [name, value] of Object.entries({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-west-2',
      AWS_ENDPOINT_URL_SSM: endpoint.url,
      BRAND_CONFIG_PARAMETER: '/brands/generated',
      BRAND_CONFIG_APPCONFIG: '',
      BRAND_CONFIG_DEADLINE_MS: DEADLINE_MS,
    }))
      vi.stubEnv(name, value);
    const { origin, warning } = (await brandsFromEnvironment({
      fallback: bundledBrands,
      validateBrand,
    })?.current()) ?? { origin: undefined, warning: undefined };
    expect(warning?.reason ?? 'invalid').toBe('invalid');
    return { valid: origin === 'remote', problems: warning?.problems ?? [] };
  };

  it(
    "gives brands check's verdict and problems for every document the handler's brand source loads",
    async () => {
      await fc.assert(
        fc.asyncProperty(documents, async (document) => {
          expect(await checkVerdict(document)).toEqual(await handlerVerdict(document));
        }),
        // Both verdicts, whatever the seed.
        { numRuns: 100, examples: [[remoteDocument()], [namelessBrand()]] },
      );
    },
    HANDLER_TIMEOUT_MS * 2,
  );
});

describe('Option: --parameters', () => {
  let pools = 0;
  /** AdminUpdateUserAttributes through the example handler, its brands served from `parameters`, on a fresh pool. */
  const update = async (parameters: Record<string, unknown>, variables: Record<string, string>) =>
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
        join(dir, `state-${pools++}`),
        '--code',
        '424242',
        '--parameters',
        file('parameters.json', parameters),
        '--env-vars',
        file('env.json', { Parameters: { BRAND_CONFIG_DEADLINE_MS: DEADLINE_MS, ...variables } }),
        // The example handler reads the variables when it is loaded: a fresh copy of the module sees them.
        '--handler',
        await freshHandler(),
      ],
      { cwd: process.cwd() },
    );

  /** What the running handler logged of the brand configuration: which one it used, and the problems it found. */
  const handlerLog = (stderr: string) => {
    const lines = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message?: string; brandConfig?: string; problems?: string[] });
    const invocation = lines.find((line) => line.message === 'custom message');
    const warning = lines.find((line) => line.message === 'brand configuration');
    return { valid: invocation?.brandConfig === 'remote', problems: warning?.problems ?? [] };
  };

  it.each([
    ['the Parameter Store document BRAND_CONFIG_PARAMETER names', '/brands', 'BRAND_CONFIG_PARAMETER'],
    ['the AppConfig profile BRAND_CONFIG_APPCONFIG names', 'kit/prod/brands', 'BRAND_CONFIG_APPCONFIG'],
  ])(
    'runs the example handler offline with its brands from %s',
    async (_label, name, variable) => {
      const result = await update({ [name]: remoteDocument() }, { [variable]: name });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain('Initech: 424242');
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    'falls back to the bundled brands when the document is refused, and still answers',
    async () => {
      const result = await update(
        { '/brands': { defaultBrand: 'initech', brands: { initech: { locales: [] } } } },
        { BRAND_CONFIG_PARAMETER: '/brands' },
      );
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain('Acme Cloud: 424242');
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    'refuses, as brands check does, a document whose brand has no name',
    async () => {
      const result = await update({ '/brands': namelessBrand() }, { BRAND_CONFIG_PARAMETER: '/brands' });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain('Acme Cloud: 424242');
      expect(handlerLog(result.stderr)).toEqual({ valid: false, problems: [NAMELESS_PROBLEM] });
      expect(await checkVerdict(namelessBrand())).toEqual({ valid: false, problems: [NAMELESS_PROBLEM] });
    },
    HANDLER_TIMEOUT_MS,
  );

  it(
    'uses a generated document exactly when brands check accepts it, and logs the problems brands check lists',
    async () => {
      await fc.assert(
        fc.asyncProperty(documents, async (document) => {
          const result = await update({ '/brands': document }, { BRAND_CONFIG_PARAMETER: '/brands' });
          expect(result.exitCode).toBe(0);
          expect(handlerLog(result.stderr)).toEqual(await checkVerdict(document));
        }),
        { numRuns: 8, examples: [[remoteDocument()], [namelessBrand()]] },
      );
    },
    HANDLER_TIMEOUT_MS * 4,
  );
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
