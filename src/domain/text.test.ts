import { describe, expect, it } from 'vitest';
import { explainIllFormed, isWellFormed, spellOutLoneSurrogates } from './text.js';

describe('well-formed text keys', () => {
  it('tells a lone surrogate from a pair', () => {
    expect(isWellFormed('ls-\ud800')).toBe(false);
    expect(isWellFormed('\udc00x')).toBe(false);
    expect(isWellFormed('emoji-\ud83d\ude00')).toBe(true);
    expect(isWellFormed('残高-\ufffd')).toBe(true);
  });

  it('names the first ill-formed field', () => {
    expect(explainIllFormed({ id: 'a', accountId: 'b\ud800', planId: '\udfff' })).toBe('accountId must be well-formed Unicode text (it holds a lone UTF-16 surrogate)');
    expect(explainIllFormed({ id: 'a', accountId: undefined })).toBeUndefined();
  });

  it('spells out lone surrogates and keeps pairs', () => {
    expect(spellOutLoneSurrogates('ls-\ud800-\ud83d\ude00-\udc01')).toBe('ls-\\ud800-\ud83d\ude00-\\udc01');
    expect(spellOutLoneSurrogates('plain')).toBe('plain');
  });
});
