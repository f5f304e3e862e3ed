import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explainEid, explainIccid, explainImsi, explainMsisdn, isValidEid, isValidIccid, isValidImsi, luhnCheckDigit, makeEid, makeIccid, normalizeMsisdn } from './identifiers.js';

describe('Luhn and ICCID', () => {
  it('computes known check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example
    // Worked by hand: doubled-digit sum of 8985200012345678901 is 77, so the check digit is 3.
    expect(luhnCheckDigit('8985200012345678901')).toBe(3);
    expect(makeIccid('8985200012345678901')).toBe('89852000123456789013');
    // 89852 then 13 zeros: 8 + 9*2->9 + 8 + 5*2->1 + 2 = 28, so 2.
    expect(luhnCheckDigit('898520000000000000')).toBe(2);
  });

  it('accepts 19- and 20-digit ICCIDs with a good check digit', () => {
    expect(isValidIccid('89852000123456789013')).toBe(true);
    expect(isValidIccid('8985200000000000002')).toBe(true);
    expect(explainIccid('89852000123456789013')).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(explainIccid('89852000123456789012')).toBe('ICCID check digit is wrong');
    expect(explainIccid('898520001234567')).toBe('ICCID must be 19-20 digits');
    expect(explainIccid('898520001234567890134')).toBe('ICCID must be 19-20 digits');
    expect(explainIccid('8985200012345678901A')).toBe('ICCID must contain digits only');
    expect(explainIccid(makeIccid('1985200012345678901'))).toMatch(/start with 89/);
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^89\d{17}$/), fc.nat(19), fc.integer({ min: 1, max: 9 }), (prefix, at, delta) => {
        const iccid = makeIccid(prefix);
        expect(isValidIccid(iccid)).toBe(true);
        const wrong = iccid.slice(0, at) + String((Number(iccid[at]) + delta) % 10) + iccid.slice(at + 1);
        if (at >= 2) expect(isValidIccid(wrong)).toBe(false);
      }),
    );
  });
});

describe('IMSI', () => {
  it('needs 15 digits and a known MCC', () => {
    expect(isValidImsi('454001234567890')).toBe(true);
    expect(isValidImsi('440101234567890')).toBe(true);
    expect(isValidImsi('310260123456789')).toBe(true);
    expect(explainImsi('45400123456789')).toBe('IMSI must be 15 digits');
    expect(explainImsi('999001234567890')).toMatch(/MCC 999/);
    expect(explainImsi('45400123456789x')).toBe('IMSI must contain digits only');
  });
});

describe('EID', () => {
  it('checks ISO 7064 MOD 97-10', () => {
    const eid = makeEid('890490320040088826000058384788');
    expect(eid).toHaveLength(32);
    expect(BigInt(eid) % 97n).toBe(1n);
    expect(isValidEid(eid)).toBe(true);
    const wrong = eid.slice(0, -1) + String((Number(eid.slice(-1)) + 1) % 10);
    expect(explainEid(wrong)).toBe('EID check digits are wrong');
    expect(explainEid('8904')).toBe('EID must be 32 digits');
    fc.assert(fc.property(fc.stringMatching(/^\d{30}$/), (p) => isValidEid(makeEid(p))));
  });
});

describe('MSISDN', () => {
  it('normalises valid mobile numbers to E.164', () => {
    expect(normalizeMsisdn('+85291234567')).toBe('+85291234567');
    expect(normalizeMsisdn('+852 9123 4567')).toBe('+85291234567');
    expect(normalizeMsisdn('+819012345678')).toBe('+819012345678');
    expect(normalizeMsisdn('+821012345678')).toBe('+821012345678');
    expect(normalizeMsisdn('+79161234567')).toBe('+79161234567');
    expect(normalizeMsisdn('+96892123456')).toBe('+96892123456');
  });

  it('reads national numbers only with a default country', () => {
    expect(normalizeMsisdn('85291234567')).toBeUndefined();
    expect(normalizeMsisdn('9123 4567', 'HK')).toBe('+85291234567');
    expect(normalizeMsisdn('090-1234-5678', 'jp')).toBe('+819012345678');
    expect(normalizeMsisdn('010-1234-5678', 'KR')).toBe('+821012345678');
    expect(normalizeMsisdn('8 916 123-45-67', 'RU')).toBe('+79161234567');
    expect(normalizeMsisdn('9212 3456', 'OM')).toBe('+96892123456');
    expect(normalizeMsisdn('91234567', 'XX')).toBeUndefined();
  });

  it('rejects numbers invalid for their country', () => {
    expect(normalizeMsisdn('+8529123456')).toBeUndefined(); // 7 digits: too short for HK
    expect(normalizeMsisdn('+85212345678')).toBeUndefined();
    expect(explainMsisdn('91234567')).toMatch(/must start with \+/);
    expect(explainMsisdn('+8529123456')).toMatch(/not a valid number/);
    expect(explainMsisdn('+85291234567')).toBeUndefined();
  });
});
