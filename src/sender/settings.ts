/**
 * @module sender/settings — a custom sender's delivery settings (SMS, email), checked as every custom sender checks
 * them: one problem per broken field, in the form brand validators use, and a brand whose own settings break a rule
 * sent with the definition's instead.
 */

/**
 * A value as a problem quotes it.
 *
 * @example
 * ```ts
 * `${shown(senderId)} must be 3–11 letters and digits`; // '"Acme Cloud" must be 3–11 letters and digits'
 * ```
 */
const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * Checks a settings object: `undefined` has no problems, anything but an object one, and every field not in `fields`
 * one of its own, so that a misspelt field is not ignored; `checkFields` then reports the known fields' problems.
 * Each problem reads `field "<path>.<field>": <what is wrong>`.
 *
 * @example
 * ```ts
 * checkSettings({ senderID: 'ACME' }, 'sms', ['senderId'], () => {});
 * // ['field "sms.senderID": is not a setting; use senderId']
 * ```
 */
const checkSettings = (
  value: unknown,
  path: string,
  fields: readonly string[],
  checkFields: (
    settings: Readonly<Record<string, unknown>>,
    problem: (field: string, text: string) => void,
  ) => void,
): string[] => {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [`field "${path}": must be an object with ${fields.join(', ')}`];
  const settings = value as Record<string, unknown>;
  const problems: string[] = [];
  const problem = (field: string, text: string) => problems.push(`field "${path}.${field}": ${text}`);
  for (const field of Object.keys(settings))
    if (!fields.includes(field)) problem(field, `is not a setting; use ${fields.join(', ')}`);
  checkFields(settings, problem);
  return problems;
};

/** Where a sender's settings come from, and how they are checked. */
interface SettingsProfile<B, S> {
  /** How a warning names them: `SMS`, `email`. */
  readonly label: string;
  /** The definition's settings, which a brand's own fields override. */
  readonly defaults: S | undefined;
  /** A brand's own settings. */
  readonly of: (brand: B) => S | undefined;
  /** One problem per broken field. */
  readonly check: (value: unknown) => string[];
}

/** The settings one brand's messages leave with, and what is wrong with its own (then they are ignored). */
interface BrandSettings<S> {
  readonly settings: S;
  readonly problems: readonly string[];
}

/**
 * The settings of each brand: its own fields over the definition's, unless its own break a rule. Brands loaded at run
 * time were not checked when the handler was built: each brand object is checked once, on its first use.
 *
 * @example
 * ```ts
 * const settingsOf = brandSettings({ label: 'SMS', defaults: definition.sms, of: (b) => b.sms, check: checkSmsSettings });
 * const { settings, problems } = settingsOf(resolved.brand);
 * ```
 */
const brandSettings = <B extends object, S>(
  profile: SettingsProfile<B, S>,
): ((brand: B) => BrandSettings<S>) => {
  const checked = new WeakMap<object, BrandSettings<S>>();
  return (brand) => {
    let found = checked.get(brand);
    if (!found) {
      const own = profile.of(brand);
      const problems = profile.check(own);
      found = { settings: { ...profile.defaults, ...(problems.length === 0 ? own : {}) } as S, problems };
      checked.set(brand, found);
    }
    return found;
  };
};

export type { BrandSettings, SettingsProfile };
export { brandSettings, checkSettings, shown };
