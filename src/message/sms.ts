/** @module message/sms — how an SMS will be encoded and split, and which characters force UCS-2. */

/** The GSM 03.38 default alphabet: one septet each. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The GSM 03.38 extension table: an escape septet plus one, so two septets each. */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

/** Single-message and per-part capacity, in septets (GSM-7) or UTF-16 code units (UCS-2). */
const SMS_CAPACITY = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

type SmsEncoding = keyof typeof SMS_CAPACITY;

/** How a text travels as SMS. */
interface SmsAnalysis {
  readonly encoding: SmsEncoding;
  /** Characters as the reader counts them (code points). */
  readonly characters: number;
  /** Septets for GSM-7 (extension characters count twice), UTF-16 code units for UCS-2. */
  readonly units: number;
  /**
   * Messages the carrier sends: 1 up to the single-message capacity, then one per part, where an escape pair
   * (GSM-7) or a surrogate pair (UCS-2) always travels whole in one part.
   */
  readonly segments: number;
  /** The distinct characters outside the GSM-7 alphabet that forced UCS-2, in order of appearance. */
  readonly ucs2Characters: readonly string[];
}

/**
 * Parts of a concatenated SMS, filled in order: a character that does not fit whole in what is left of a part
 * starts the next one, because neither a GSM-7 escape pair nor a UTF-16 surrogate pair may be split between parts.
 */
const partsNeeded = (costs: readonly number[], partCapacity: number): number => {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > partCapacity) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return parts;
};

/**
 * Reports the encoding, length and segments of an SMS text, and which characters forced UCS-2 (which halves how
 * much fits in one message).
 *
 * @example
 * ```ts
 * analyzeSms('Your code is {####}').encoding; // 'GSM-7'
 * analyzeSms('Code {####} 🎉').ucs2Characters; // ['🎉']
 * ```
 */
const analyzeSms = (text: string): SmsAnalysis => {
  const septets: number[] = [];
  const ucs2 = new Set<string>();
  for (const character of text) {
    if (BASIC.has(character)) septets.push(1);
    else if (EXTENDED.has(character)) septets.push(2);
    else ucs2.add(character);
  }
  const encoding: SmsEncoding = ucs2.size === 0 ? 'GSM-7' : 'UCS-2';
  // Each character's cost: septets in GSM-7; in UCS-2 its UTF-16 code units (two for a surrogate pair).
  const costs = encoding === 'GSM-7' ? septets : Array.from(text, (character) => character.length);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const capacity = SMS_CAPACITY[encoding];
  const segments = units === 0 ? 0 : units <= capacity.single ? 1 : partsNeeded(costs, capacity.part);
  return { encoding, characters: costs.length, units, segments, ucs2Characters: [...ucs2] };
};

export type { SmsAnalysis, SmsEncoding };
export { analyzeSms, SMS_CAPACITY };
