import { describe, expect, it } from 'vitest';
import { describeCharacter, findCharacters, formatCodePoint } from '../../src/cognito/characters.js';

describe('Function: findCharacters', () => {
  it('reports 1-based lines and columns counted in code points', () => {
    const text = 'a😀b\nxy\u00a0z';
    const { positions, count } = findCharacters(text, /\u00a0/gu);
    expect(count).toBe(1);
    expect(positions).toEqual([
      { index: 7, line: 2, column: 3, codePoint: 'U+00A0', description: 'NO-BREAK SPACE' },
    ]);
  });

  it('keeps counting lines across several matches', () => {
    const { positions } = findCharacters('\u00a0\n\n\u00a0', /\u00a0/gu);
    expect(positions.map((p) => [p.line, p.column])).toEqual([
      [1, 1],
      [3, 1],
    ]);
  });
});

describe('Function: describeCharacter', () => {
  it('falls back to the Unicode category for characters without a listed name', () => {
    expect(describeCharacter('\u3000')).toBe('space separator (Zs)');
    expect(describeCharacter('\u0007')).toBe('control character (Cc)');
  });

  it('writes code points above the BMP in full', () => {
    expect(formatCodePoint(0x1f600)).toBe('U+1F600');
  });
});
