/**
 * @module email/rules — Amazon SES v2's rules for a SendEmail call, each written once: addresses SES can send from and
 * to (7-bit ASCII, the domain in Punycode, a Unicode display name as an RFC 2047 encoded word), message tags,
 * configuration sets, identity ARNs, message headers; and the settings a brand's emails leave SES with.
 */
import { domainToASCII } from 'node:url';
import type { BrandValidator } from '../brand/config.js';
import { checkSettings, shown } from '../sender/settings.js';

/** A dot-atom local part: the ASCII letters, digits and symbols RFC 5322 allows unquoted, dots between them. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A domain in ASCII (Punycode for international names): labels of letters, digits and inner hyphens, two or more. */
const ASCII_DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$/;
/** `EmailTags` names and values: "ASCII letters, numbers, underscores or dashes", at most 256 characters. */
const MESSAGE_TAG = /^[A-Za-z0-9_-]{1,256}$/;
/** `ConfigurationSetName`, as Cognito's own `EmailConfiguration.ConfigurationSet` spells it: 1–64 of these. */
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;
/** `FromEmailAddressIdentityArn`: an SES identity, `arn:aws:ses:<region>:<account>:identity/<address or domain>`. */
const IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/[^\s]+$/;
/** A message header's name: printable ASCII but the colon, at most 126 characters. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]{1,126}$/;
/** A message header's value: printable ASCII, at most 995 characters. */
const HEADER_VALUE = /^[\x20-\x7e]{0,995}$/;
/** SES takes at most 50 tags a message; the kit writes three of them. */
const MAX_MESSAGE_TAGS = 50;
/** The tags the kit writes on every email: never personal data. */
const KIT_TAGS = ['brand', 'locale', 'triggerSource'] as const;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what a header must not carry
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A mailbox: an optional display name and an address. */
interface Mailbox {
  readonly name?: string;
  readonly address: string;
}

/**
 * How one brand's emails leave SES. A brand's own fields override the definition's; `from` must come from one of them.
 *
 * @example
 * ```ts
 * const email: EmailSettings = { from: 'Globex <no-reply@globex.example>', configurationSetName: 'transactional' };
 * ```
 */
interface EmailSettings {
  /** The sender, `Name <address>` or an address, in a domain or address verified in SES. */
  readonly from?: string;
  /** Where replies go: one mailbox or several. */
  readonly replyTo?: string | readonly string[];
  /** The SES configuration set (event destinations, dedicated IPs, suppression). */
  readonly configurationSetName?: string;
  /** For sending authorization: the ARN of the identity whose policy lets this account send as `from`. */
  readonly fromEmailAddressIdentityArn?: string;
  /** Tags of your own on every email (names other than brand, locale and triggerSource). Never personal data. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One SES message tag or header, as SendEmail takes it. */
interface NameValue {
  readonly Name: string;
  readonly Value: string;
}

/**
 * Reads a mailbox as written in settings or an attribute: `address`, `<address>`, `Name <address>` or
 * `"Name, Inc." <address>`. Returns `undefined` for anything else. The address is not checked here: see
 * {@link sendableAddress}.
 *
 * @example
 * ```ts
 * parseMailbox('Globex <no-reply@globex.example>'); // { name: 'Globex', address: 'no-reply@globex.example' }
 * ```
 */
const parseMailbox = (text: string): Mailbox | undefined => {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  const angle = /^(.*?)\s*<([^<>\s]+)>$/s.exec(trimmed);
  if (!angle) return /^[^\s<>"@]+@[^\s<>"@]+$/.test(trimmed) ? { address: trimmed } : undefined;
  let name = (angle[1] as string).trim();
  if (name.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/s.test(name)) return undefined;
    name = name.slice(1, -1).replace(/\\(.)/gs, '$1');
  } else if (name.includes('"')) return undefined;
  return name === '' ? { address: angle[2] as string } : { name, address: angle[2] as string };
};

/**
 * The address as SES sends to it: the local part as it is (ASCII only: SES does not send SMTPUTF8) and the domain in
 * Punycode. `undefined` for an address SES could not take.
 *
 * @example
 * ```ts
 * sendableAddress('zoë@exämple.fr'); // undefined: the local part is not ASCII
 * sendableAddress('zoe@exämple.fr'); // 'zoe@xn--exmple-cua.fr'
 * ```
 */
const sendableAddress = (address: unknown): string | undefined => {
  if (typeof address !== 'string' || address.length > 320) return undefined;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at > 64) return undefined;
  const local = address.slice(0, at);
  const domain = domainToASCII(address.slice(at + 1));
  if (!LOCAL_PART.test(local) || !ASCII_DOMAIN.test(domain)) return undefined;
  return `${local}@${domain.toLowerCase()}`;
};

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** RFC 2047 encoded words, B encoding, each at most 75 characters and never splitting a character. */
const encodedWords = (text: string): string => {
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    // 45 bytes give 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72.
    if (Buffer.byteLength(chunk + character) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(' ');
};

/**
 * Writes a mailbox as SES takes it in `FromEmailAddress` and `ReplyToAddresses`: the address in ASCII, and the display
 * name as it is when it is plain words, quoted when it holds other ASCII (`"Acme, Inc."`), and as RFC 2047 encoded
 * words when it holds anything else (`=?UTF-8?B?…?=`), as SES requires for a Unicode "friendly from" name.
 *
 * @example
 * ```ts
 * formatMailbox({ name: 'Société Générale', address: 'no-reply@sg.example' });
 * // '=?UTF-8?B?U29jacOpdMOpIEfDqW7DqXJhbGU=?= <no-reply@sg.example>'
 * ```
 */
const formatMailbox = (mailbox: Mailbox): string => {
  const address = sendableAddress(mailbox.address) ?? mailbox.address;
  const name = mailbox.name?.trim();
  if (!name) return address;
  if (ATEXT_PHRASE.test(name)) return `${name} <${address}>`;
  if (PRINTABLE_ASCII.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `${encodedWords(name)} <${address}>`;
};

/** What is wrong with a mailbox setting, or `undefined`. */
const mailboxProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'string')
    return `${shown(value)} must be a mailbox such as "Acme <no-reply@acme.example>"`;
  if (CONTROL.test(value)) return `${shown(value)} must not hold line breaks or control characters`;
  const mailbox = parseMailbox(value);
  if (!mailbox) return `${shown(value)} must be "Name <address>" or an address`;
  if (!sendableAddress(mailbox.address))
    return `${shown(value)}: "${mailbox.address}" is not an address SES can send as (ASCII local part, a domain with a dot)`;
  return undefined;
};

const SETTING_FIELDS = [
  'from',
  'replyTo',
  'configurationSetName',
  'fromEmailAddressIdentityArn',
  'tags',
] as const;

/**
 * Checks email settings, and returns one problem per broken field in the form `field "<path>.<field>": <what is
 * wrong>`, the form brand validators use. Unknown fields are problems too, so that a misspelt `replyto` is not ignored.
 *
 * @example
 * ```ts
 * checkEmailSettings({ from: 'Globex' });
 * // ['field "email.from": "Globex" must be "Name <address>" or an address']
 * ```
 */
const checkEmailSettings = (value: unknown, path = 'email'): string[] =>
  checkSettings(value, path, SETTING_FIELDS, (settings, problem) => {
    const { from, replyTo, configurationSetName, fromEmailAddressIdentityArn, tags } = settings;
    if (from !== undefined) {
      const found = mailboxProblem(from);
      if (found) problem('from', found);
    }
    if (replyTo !== undefined) {
      const list = Array.isArray(replyTo) ? replyTo : [replyTo];
      if (list.length === 0) problem('replyTo', 'must name at least one mailbox when set');
      for (const entry of list) {
        const found = mailboxProblem(entry);
        if (found) problem('replyTo', found);
      }
    }
    if (
      configurationSetName !== undefined &&
      !(typeof configurationSetName === 'string' && CONFIGURATION_SET.test(configurationSetName))
    )
      problem('configurationSetName', `${shown(configurationSetName)} must be 1–64 letters, digits, _ or -`);
    if (
      fromEmailAddressIdentityArn !== undefined &&
      !(typeof fromEmailAddressIdentityArn === 'string' && IDENTITY_ARN.test(fromEmailAddressIdentityArn))
    )
      problem(
        'fromEmailAddressIdentityArn',
        `${shown(fromEmailAddressIdentityArn)} must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)`,
      );
    if (tags !== undefined) {
      if (tags === null || typeof tags !== 'object' || Array.isArray(tags))
        problem('tags', 'must be an object of tag names to values');
      else {
        const entries = Object.entries(tags);
        if (entries.length > MAX_MESSAGE_TAGS - KIT_TAGS.length)
          problem(
            'tags',
            `at most ${MAX_MESSAGE_TAGS - KIT_TAGS.length} tags: SES takes ${MAX_MESSAGE_TAGS} a message`,
          );
        for (const [name, tag] of entries) {
          if ((KIT_TAGS as readonly string[]).includes(name))
            problem(`tags.${name}`, 'is written by the kit on every email: choose another name');
          else if (!MESSAGE_TAG.test(name))
            problem(`tags.${name}`, 'the name must be 1–256 ASCII letters, digits, _ or -');
          else if (!(typeof tag === 'string' && MESSAGE_TAG.test(tag)))
            problem(`tags.${name}`, `${shown(tag)} must be 1–256 ASCII letters, digits, _ or -`);
        }
      }
    }
  });

/**
 * A brand validator for the `email` field of brands loaded at run time: pass it, with your own checks, as
 * `validateBrand`, and a document with broken email settings is refused whole.
 *
 * @example
 * ```ts
 * const validateBrand: BrandValidator = (brand, id) => [...validateEmailSettings(brand, id), ...mine(brand, id)];
 * ```
 */
const validateEmailSettings: BrandValidator = (brand) => checkEmailSettings(brand.email);

/**
 * A value as an SES tag value: characters SES refuses become `_`, cut to 256; empty becomes `none`.
 *
 * @example
 * ```ts
 * tagValue('pt_BR'); // 'pt_BR'
 * tagValue('acme.eu'); // 'acme_eu'
 * ```
 */
const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || 'none';

/**
 * The tags on an email: `brand`, `locale` and `triggerSource` (what a configuration set's events are grouped by),
 * then the brand's own. None of them carries personal data.
 *
 * @example
 * ```ts
 * messageTags({ brand: 'globex', locale: 'fr', triggerSource: 'CustomEmailSender_SignUp' });
 * // [{ Name: 'brand', Value: 'globex' }, { Name: 'locale', Value: 'fr' }, { Name: 'triggerSource', Value: … }]
 * ```
 */
const messageTags = (
  kit: { readonly brand: string; readonly locale: string; readonly triggerSource: string },
  own: Readonly<Record<string, string>> = {},
): NameValue[] => [
  ...KIT_TAGS.map((name) => ({ Name: name, Value: tagValue(kit[name]) })),
  ...Object.entries(own).map(([Name, Value]) => ({ Name, Value })),
];

/**
 * The headers every email carries beyond those SES writes (From, To, Subject, Date, Message-ID, MIME): it is an
 * automatic message (RFC 3834 `Auto-Submitted`, so that auto-responders do not answer it; Exchange's
 * `X-Auto-Response-Suppress` likewise), and its language (`Content-Language`, when the locale is a plain tag).
 *
 * @example
 * ```ts
 * mailHeaders('fr-CA'); // [{ Name: 'Auto-Submitted', Value: 'auto-generated' }, …, { Name: 'Content-Language', Value: 'fr-CA' }]
 * ```
 */
const mailHeaders = (locale: string): NameValue[] => {
  const language = locale.replaceAll('_', '-');
  return [
    { Name: 'Auto-Submitted', Value: 'auto-generated' },
    { Name: 'X-Auto-Response-Suppress', Value: 'All' },
    ...(/^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(language)
      ? [{ Name: 'Content-Language', Value: language }]
      : []),
  ];
};

export type { EmailSettings, Mailbox, NameValue };
export {
  CONFIGURATION_SET,
  checkEmailSettings,
  formatMailbox,
  HEADER_NAME,
  HEADER_VALUE,
  IDENTITY_ARN,
  KIT_TAGS,
  MAX_MESSAGE_TAGS,
  MESSAGE_TAG,
  mailHeaders,
  messageTags,
  parseMailbox,
  sendableAddress,
  tagValue,
  validateEmailSettings,
};
