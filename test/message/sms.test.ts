import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSms } from '../../src/message/sms.js';

describe('Function: analyzeSms', () => {
  it('sends plain text as GSM-7, one segment up to 160 characters', () => {
    expect(analyzeSms('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      characters: 160,
      units: 160,
      segments: 1,
      ucs2Characters: [],
    });
    expect(analyzeSms('a'.repeat(161)).segments).toBe(2);
  });

  it('counts GSM-7 extension characters as two septets', () => {
    // { and } are extension characters too: the placeholder costs 8 septets, the 6-digit code that replaces it 6.
    expect(analyzeSms('{####} €').units).toBe(11);
    expect(analyzeSms('123456 €').units).toBe(9);
  });

  it('keeps French accents of the GSM alphabet in GSM-7', () => {
    expect(analyzeSms('Votre code de vérification à saisir').encoding).toBe('GSM-7');
  });

  it('reports which characters forced UCS-2, each once', () => {
    const sms = analyzeSms('Code {####} pour François 😀 ç ç');
    expect(sms.encoding).toBe('UCS-2');
    expect(sms.ucs2Characters).toEqual(['ç', '😀']);
  });

  it('splits UCS-2 into 67-unit parts beyond 70 units', () => {
    expect(analyzeSms('ж'.repeat(70)).segments).toBe(1);
    expect(analyzeSms('ж'.repeat(71)).segments).toBe(2);
    expect(analyzeSms('ж'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as one character but two UCS-2 units', () => {
    expect(analyzeSms('😀')).toMatchObject({ characters: 1, units: 2 });
  });

  it('has no segments for an empty text', () => {
    expect(analyzeSms('').segments).toBe(0);
  });
});

/**
 * The oracle: the parts of a text built one character at a time, each character going whole into the current part
 * or, when it does not fit, opening the next. It knows only the characters the generators below draw.
 */
const PLAIN = ['a', 'Z', '0', ' ', '@', 'é', '\n'];
const ESCAPED = ['€', '[', ']', '{', '}', '\\', '^', '~', '|'];
const BMP_ONLY = ['ж', 'ç'];
const ASTRAL = ['😀', '🎉'];

const partsByHand = (text: string): string[] => {
  const chars = [...text];
  const ucs2 = chars.some((c) => BMP_ONLY.includes(c) || ASTRAL.includes(c));
  const cost = (c: string) => (ucs2 ? c.length : ESCAPED.includes(c) ? 2 : 1);
  const total = chars.reduce((sum, c) => sum + cost(c), 0);
  if (total === 0) return [];
  if (total <= (ucs2 ? 70 : 160)) return [text];
  const capacity = ucs2 ? 67 : 153;
  const parts: string[] = [''];
  let used = 0;
  for (const c of chars) {
    if (used + cost(c) > capacity) {
      parts.push('');
      used = 0;
    }
    parts[parts.length - 1] += c;
    used += cost(c);
  }
  return parts;
};

const textOf = (alphabet: readonly string[], minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((chars) => chars.join(''));

const GSM_MIX = [...PLAIN, ...PLAIN, '€', '[', '}'];
/** Starts with ж, so UCS-2 whatever follows. */
const UCS2_MIX = ['ж', 'ж', 'a', 'ç', '€', '😀', '🎉'];

/** Texts of a length in characters. */
const gsmText = (min: number, max: number) => textOf(GSM_MIX, min, max);
const ucs2Text = (min: number, max: number) => textOf(UCS2_MIX, min - 1, max - 1).map((text) => `ж${text}`);

/**
 * Texts whose length in septets (GSM-7) or code units (UCS-2) lands within a few of a boundary: the longest prefix
 * of random characters that stays within the target.
 */
const textNear = (mix: readonly string[], first: string, unitsOf: (c: string) => number, edges: number[]) =>
  fc
    .tuple(fc.constantFrom(...edges), fc.integer({ min: -4, max: 4 }), textOf(mix, 500, 500))
    .map(([edge, offset, random]) => {
      let text = first;
      let units = unitsOf(first);
      for (const c of random) {
        if (units + unitsOf(c) > edge + offset) break;
        text += c;
        units += unitsOf(c);
      }
      return text;
    });

describe('Function: analyzeSms, segments near part boundaries', () => {
  it.each([
    ['GSM-7 texts of 150–170 characters', gsmText(150, 170)],
    ['GSM-7 texts of 300–320 characters', gsmText(300, 320)],
    ['UCS-2 texts of 60–80 characters', ucs2Text(60, 80)],
    ['UCS-2 texts of 130–140 characters', ucs2Text(130, 140)],
    ['UCS-2 texts of 300–320 characters', ucs2Text(300, 320)],
    [
      'GSM-7 texts of 160, 306 or 459 septets, give or take 4',
      textNear(GSM_MIX, 'a', (c) => (ESCAPED.includes(c) ? 2 : 1), [160, 306, 459]),
    ],
    [
      'UCS-2 texts of 70, 134 or 201 code units, give or take 4',
      textNear(UCS2_MIX, 'ж', (c) => c.length, [70, 134, 201]),
    ],
  ])('counts as many segments as packing the parts by hand, for %s', (_, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        // Act
        const sms = analyzeSms(text);
        const parts = partsByHand(text);

        // Assess
        expect(sms.segments).toBe(parts.length);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    // 152 + 2 = 154 septets: within the 160 of a single message.
    ['152 plain + €', `${'a'.repeat(152)}€`, 154, 1],
    // 159 + 2 = 161 septets: multipart; part 1 holds 153 plain, part 2 the other 6 and € (8 septets).
    ['159 plain + €', `${'a'.repeat(159)}€`, 161, 2],
    // 306 septets = 2 × 153, but € cannot take septets 153 and 154: part 1 holds 152 plain, part 2 € + 151 plain
    // (153), part 3 the last plain one.
    ['152 plain + € + 152 plain', `${'a'.repeat(152)}€${'a'.repeat(152)}`, 306, 3],
    // 305 septets: part 1 holds 152 plain, part 2 € + 151 plain (153): two parts.
    ['152 plain + € + 151 plain', `${'a'.repeat(152)}€${'a'.repeat(151)}`, 305, 2],
    // 80 € = 160 septets: a single message.
    ['80 €', '€'.repeat(80), 160, 1],
    // 153 € = 306 septets; a part holds 76 € (152 septets), so 76 + 76 + 1.
    ['153 €', '€'.repeat(153), 306, 3],
    // 35 emoji = 70 code units: a single message.
    ['35 emoji', '😀'.repeat(35), 70, 1],
    // 67 emoji = 134 code units = 2 × 67, but a part holds 33 emoji (66 units), so 33 + 33 + 1.
    ['67 emoji', '😀'.repeat(67), 134, 3],
    // 66 ж + 😀 + 66 ж = 134 units: part 1 holds 66 ж, part 2 😀 + 65 ж (67), part 3 the last ж.
    ['66 ж + emoji + 66 ж', `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`, 134, 3],
    // 69 ж + 😀 = 71 units: part 1 holds 67 ж, part 2 2 ж + 😀 (4 units).
    ['69 ж + emoji', `${'ж'.repeat(69)}😀`, 71, 2],
  ])('never splits an escape or surrogate pair between parts: %s', (_, text, units, segments) => {
    // Act
    const sms = analyzeSms(text);

    // Assess
    expect(sms).toMatchObject({ units, segments });
  });
});
