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
