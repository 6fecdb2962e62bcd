import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledBrands } from '../../handlers/brands/index.js';
import { UsageError } from '../../src/cli/aws/args.js';
import { runPreview } from '../../src/preview/command.js';
import type { PreviewHandler, PreviewMessage } from '../../src/preview/model.js';
import { makeProject } from './project.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => `test/preview/fixtures/${name}.ts`;
const EXAMPLES = ['--handler', 'handlers/custom-message.ts', '--handler', 'handlers/custom-sms-sender.ts'];

interface Written {
  readonly handlers: PreviewHandler[];
  readonly messages: (PreviewMessage & { page: string })[];
  readonly problems: { severity: string; text: string }[];
}

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'preview-test-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Runs the command as the CLI does, with the gallery written to a folder of its own. */
const preview = async (argv: readonly string[]) => {
  const out = argv.includes('--out') ? (argv[argv.indexOf('--out') + 1] as string) : folder();
  const result = await runPreview(argv.includes('--out') ? argv : [...argv, '--out', out], { cwd: root }, []);
  const written = JSON.parse(readFileSync(join(out, 'messages.json'), 'utf8')) as Written;
  return { ...result, out, written };
};

const byId = (written: Written, id: string) => {
  const message = written.messages.find((m) => m.id === id);
  if (!message) throw new Error(`no message ${id} in ${written.messages.map((m) => m.id).join(', ')}`);
  return message;
};

describe('Command: preview, on the example handlers', () => {
  let result: Awaited<ReturnType<typeof preview>>;
  beforeAll(async () => {
    result = await preview([...EXAMPLES, '--check']);
  }, 60_000);

  it('renders every trigger source in every brand and locale the brands declare, for both handlers', () => {
    // Prepare
    const pairs = ['acme/en', 'acme/fr', 'globex/fr', 'globex/en'];

    // Act
    const of = (handler: string) => result.written.messages.filter((m) => m.handler === handler);

    // Assess
    for (const handler of ['handlers/custom-message.ts', 'handlers/custom-sms-sender.ts']) {
      const messages = of(handler);
      expect(messages).toHaveLength(7 * pairs.length);
      expect(new Set(messages.map((m) => `${m.brand}/${m.locale}`))).toEqual(new Set(pairs));
      expect(new Set(messages.map((m) => m.triggerSource)).size).toBe(7);
    }
    expect(result.written.messages.every((m) => m.outcome === 'customized')).toBe(true);
  });

  it('reads the brands from the bundledBrands that handlers/brands/index.ts exports, and tells the handlers apart by running them', () => {
    expect(result.written.handlers).toEqual([
      expect.objectContaining({
        handler: 'handlers/custom-message.ts',
        kind: 'custom-message',
        brands: expect.objectContaining({
          source: 'exports',
          from: 'bundledBrands of handlers/brands/index.ts',
        }),
      }),
      expect.objectContaining({ handler: 'handlers/custom-sms-sender.ts', kind: 'custom-sms-sender' }),
    ]);
  });

  it('keeps for each message its subject, the email as HTML and text, and the SMS with its encoding, length and segments', () => {
    const message = byId(result.written, 'custom-message.updateuserattribute.globex.fr');

    expect(message).toMatchObject({
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      brand: 'globex',
      brandName: 'Globex',
      locale: 'fr',
      resolved: { brand: 'globex', locale: 'fr' },
      outcome: 'customized',
      reason: null,
      verdict: 'accepted',
      subject: 'Globex : confirmez votre nouvelle adresse e-mail',
      findings: [],
      page: 'pages/custom-message.updateuserattribute.globex.fr.html',
    });
    expect(message.email?.html).toContain('123456');
    expect(message.email?.html).not.toContain('{####}');
    expect(message.email?.text).toContain('Confirmez votre nouvelle adresse e-mail');
    expect(message.sms).toMatchObject({ encoding: 'GSM-7', segments: 1, ucs2Characters: [] });
    expect(message.sms?.length).toBe([...(message.sms?.text ?? '')].length);
  });

  it('shows what the Custom SMS sender published: the text, its sender ID and SMS type', () => {
    const message = byId(result.written, 'custom-sms-sender.updateuserattribute.globex.fr');

    expect(message).toMatchObject({
      kind: 'custom-sms-sender',
      triggerSource: 'CustomSMSSender_UpdateUserAttribute',
      outcome: 'customized',
      email: null,
      sms: {
        text: 'Globex : 123456 est votre code pour confirmer votre nouveau numéro.',
        senderId: 'Globex',
        smsType: 'Transactional',
        encoding: 'GSM-7',
        segments: 1,
      },
    });
  });

  it('writes index.html, one page per message, and the stylesheet and script beside them', () => {
    const pages = readdirSync(join(result.out, 'pages'));

    expect(pages).toHaveLength(result.written.messages.length);
    expect(existsSync(join(result.out, 'index.html'))).toBe(true);
    expect(existsSync(join(result.out, 'assets', 'gallery.js'))).toBe(true);
    expect(readFileSync(join(result.out, 'index.html'), 'utf8')).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('passes --check: nothing falls back, breaks a rule or misses a locale', () => {
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('check passed');
  });
});

describe('Command: preview --check', () => {
  it('exits 1 and lists the broken rule of each template that falls back', async () => {
    const { exitCode, stdout, written } = await preview(['--handler', fixture('broken'), '--check']);

    expect(exitCode).toBe(1);
    expect(stdout).toContain(
      `error   ${fixture('broken')} CustomMessage_SignUp acme/en: falls back (message breaks Cognito's rules): code-placeholder in smsMessage`,
    );
    expect(byId(written, 'broken.signup.acme.en')).toMatchObject({
      outcome: 'fallback',
      reason: "message breaks Cognito's rules",
      findings: [
        expect.objectContaining({ rule: 'code-placeholder', field: 'smsMessage', severity: 'error' }),
      ],
    });
  });

  it('names the character outside Cognito’s pattern, with its code point', async () => {
    const { stdout, written } = await preview(['--handler', fixture('broken'), '--check']);

    expect(stdout).toContain('character-pattern in emailMessage: U+00A0 NO-BREAK SPACE');
    expect(byId(written, 'broken.updateuserattribute.acme.en').findings[0]?.characters).toEqual(['U+00A0']);
  });

  it('makes no card for the sources a handler leaves to Cognito, and lists them', async () => {
    const { written } = await preview(['--handler', fixture('broken')]);

    expect(written.handlers[0]?.unanswered).toEqual([
      'CustomMessage_AdminCreateUser',
      'CustomMessage_ResendCode',
      'CustomMessage_VerifyUserAttribute',
      'CustomMessage_Authentication',
    ]);
    expect(written.messages.map((m) => m.triggerSource).sort()).toEqual([
      'CustomMessage_ForgotPassword',
      'CustomMessage_SignUp',
      'CustomMessage_UpdateUserAttribute',
    ]);
  });

  it('fails a locale whose wording is missing, and a locale with no message where another has one', async () => {
    const { exitCode, stdout } = await preview(['--handler', fixture('missing-locale'), '--check']);

    expect(exitCode).toBe(1);
    expect(stdout).toContain(
      'CustomMessage_SignUp globex/de: sends the same words as locale en: the de wording is missing',
    );
    expect(stdout).toContain(
      'CustomMessage_ForgotPassword globex/de: no message for locale de (template returned no message); locale en has one',
    );
    expect(stdout).not.toContain('globex/en');
  });

  it('lists the problems without failing when --check is not given', async () => {
    const { exitCode, stdout } = await preview(['--handler', fixture('broken')]);

    expect(exitCode).toBe(0);
    expect(stdout).toContain('code-placeholder');
  });

  it('counts the characters of an SMS that needs UCS-2, and names the one that forced it', async () => {
    const { written } = await preview(['--handler', fixture('sms-only')]);

    expect(byId(written, 'sms-only.authentication.acme.fr').sms).toMatchObject({
      encoding: 'UCS-2',
      ucs2Characters: ['—'],
      segments: 1,
    });
    expect(byId(written, 'sms-only.authentication.acme.en').sms?.encoding).toBe('GSM-7');
  });
});

describe('Command: preview --baseline', () => {
  it('lists the messages whose text and HTML changed since a previous gallery', async () => {
    const baseline = folder();
    await preview(['--handler', fixture('broken'), '--out', baseline]);

    const { stdout, exitCode } = await preview([
      '--handler',
      fixture('broken'),
      '--code',
      '654321',
      '--baseline',
      baseline,
    ]);

    expect(exitCode).toBe(0);
    expect(stdout).toContain(
      `changed ${fixture('broken')} CustomMessage_ForgotPassword acme/en: text, html, sms`,
    );
    expect(stdout).not.toContain('CustomMessage_SignUp acme/en: '.concat('text'));
  });

  it('lists the messages added and removed', async () => {
    const baseline = folder();
    await preview(['--handler', fixture('broken'), '--out', baseline]);

    const { stdout } = await preview(['--handler', fixture('sms-only'), '--baseline', baseline]);

    expect(stdout).toContain(`added   ${fixture('sms-only')} CustomMessage_Authentication globex/fr`);
    expect(stdout).toContain(`removed ${fixture('broken')} CustomMessage_SignUp acme/en`);
  });

  it('lists nothing when nothing changed', async () => {
    const baseline = folder();
    await preview(['--handler', fixture('sms-only'), '--out', baseline]);

    const { stdout, written } = await preview(['--handler', fixture('sms-only'), '--baseline', baseline]);

    expect(stdout).toBe('');
    expect(written).toMatchObject({ changes: [] });
  });

  it('refuses a baseline that is not a gallery, as a usage error', async () => {
    await expect(
      runPreview(
        ['--handler', fixture('sms-only'), '--baseline', folder(), '--out', folder()],
        { cwd: root },
        [],
      ),
    ).rejects.toMatchObject({
      name: 'UsageError',
      stderr: expect.stringContaining('has no readable messages.json'),
    });
  });
});

describe('Command: preview, its inputs', () => {
  it('previews, by default, every module directly in handlers/ that exports a handler', async () => {
    // Prepare
    const project = makeProject({
      'handlers/codes.ts': `import { customMessage } from 'cognito-trigger-kit';
import { brands } from './shared.js';
export const handler = customMessage({
  brands,
  defaultBrand: 'acme',
  templates: { CustomMessage_ForgotPassword: ({ codeParameter }) => ({ sms: \`Reset code: \${codeParameter}\` }) },
});
`,
      'handlers/shared.ts': `export const brands = { acme: { defaultLocale: 'en', locales: ['en'] } };\n`,
    });
    folders.push(project);
    const out = join(project, 'gallery');

    // Act
    const { exitCode, stderr } = await runPreview(['--out', out], { cwd: project }, []);
    const written = JSON.parse(readFileSync(join(out, 'messages.json'), 'utf8')) as Written;

    // Assess
    expect(exitCode).toBe(0);
    expect(written.handlers.map((h) => [h.handler, h.brands.from])).toEqual([
      ['handlers/codes.ts', 'brands of handlers/shared.ts'],
    ]);
    expect(written.messages.map((m) => m.id)).toEqual(['codes.forgotpassword.acme.en']);
    expect(stderr).toContain('gallery: gallery/index.html');
  });

  it('runs only the events given with --event', async () => {
    const { written } = await preview([
      '--handler',
      'handlers/custom-message.ts',
      '--event',
      'events/CustomMessage_ForgotPassword.json',
    ]);

    expect(written.messages).toHaveLength(4);
    expect(written.messages.every((m) => m.event === 'events/CustomMessage_ForgotPassword.json')).toBe(true);
    expect(written.messages[0]?.id).toBe(
      'custom-message.forgotpassword.acme.en.custommessage_forgotpassword',
    );
  });

  it('previews the brands of the configuration document the environment names, served from --parameters', async () => {
    // Prepare
    const dir = folder();
    const globex = {
      ...bundledBrands.brands.globex,
      displayName: 'Globex Remote',
      locales: ['en'],
      defaultLocale: 'en',
    };
    writeFileSync(
      join(dir, 'env.json'),
      JSON.stringify({ Parameters: { BRAND_CONFIG_PARAMETER: '/preview/brands' } }),
    );
    writeFileSync(
      join(dir, 'parameters.json'),
      JSON.stringify({ '/preview/brands': { defaultBrand: 'globex', brands: { globex } } }),
    );

    // Act
    const { written } = await preview([
      '--handler',
      'handlers/custom-message.ts',
      '--env-vars',
      join(dir, 'env.json'),
      '--parameters',
      join(dir, 'parameters.json'),
    ]);

    // Assess
    expect(written.handlers[0]?.brands).toMatchObject({ source: 'parameters', from: '/preview/brands' });
    expect(written.messages).toHaveLength(7);
    expect(byId(written, 'custom-message.updateuserattribute.globex.en').subject).toBe(
      'Globex Remote: confirm your new email address',
    );
  });

  it('refuses --watch without --serve', async () => {
    await expect(runPreview(['--watch'], { cwd: root }, [])).rejects.toBeInstanceOf(UsageError);
  });

  it('accepts the aws CLI’s global options that a local run ignores', async () => {
    const { exitCode } = await runPreview(
      ['--handler', fixture('sms-only'), '--region', 'eu-west-1', '--out', folder(), '--quiet'],
      { cwd: root },
      [{ flag: '--region', arity: 'one' }],
    );

    expect(exitCode).toBe(0);
  });
});
