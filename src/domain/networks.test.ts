import { describe, expect, it } from 'vitest';
import { ALL_NETWORKS, countryInfo, countryOfMcc, isKnownMcc, lookupNetwork, networkOfImsi, networksOfCountry } from './networks.js';

describe('lookupNetwork', () => {
  it('knows the home and partner networks', () => {
    expect(lookupNetwork('45400')).toMatchObject({
      mccMnc: '45400',
      mcc: '454',
      mnc: '00',
      operator: 'CSL',
      country: 'HK',
      timeZone: 'Asia/Hong_Kong',
      currency: 'HKD',
    });
    expect(lookupNetwork('44010')).toMatchObject({ operator: 'NTT docomo', country: 'JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
    expect(lookupNetwork('45005')).toMatchObject({ operator: 'SK Telecom', country: 'KR', timeZone: 'Asia/Seoul' });
    expect(lookupNetwork('25001')).toMatchObject({ operator: 'MTS', country: 'RU', timeZone: 'Europe/Moscow', currency: 'RUB' });
    expect(lookupNetwork('42202')).toMatchObject({ operator: 'Omantel', country: 'OM', timeZone: 'Asia/Muscat', currency: 'OMR' });
    expect(lookupNetwork('310260')).toMatchObject({ mcc: '310', mnc: '260', operator: 'T-Mobile', country: 'US' });
    expect(lookupNetwork('45412')?.operator).toBe('CMHK');
    expect(lookupNetwork('44051')?.operator).toBe('KDDI au');
    expect(lookupNetwork('25099')?.operator).toBe('Beeline');
  });

  it('accepts separators and a zero-padded 2-digit MNC', () => {
    expect(lookupNetwork('454-00')?.mccMnc).toBe('45400');
    expect(lookupNetwork('454 06')?.operator).toBe('SmarTone');
    expect(lookupNetwork('310-260')?.mccMnc).toBe('310260');
    expect(lookupNetwork('454000')?.mccMnc).toBe('45400');
    expect(lookupNetwork('310004')?.operator).toBe('Verizon');
  });

  it('is undefined for unknown or malformed codes', () => {
    for (const bad of ['', '454', '4540', '99999', '4540000', 'abcde', '454--00']) {
      expect(lookupNetwork(bad)).toBeUndefined();
    }
  });
});

describe('table', () => {
  it('has unique codes and consistent fields', () => {
    expect(new Set(ALL_NETWORKS.map((n) => n.mccMnc)).size).toBe(ALL_NETWORKS.length);
    for (const n of ALL_NETWORKS) {
      expect(n.mccMnc).toBe(n.mcc + n.mnc);
      expect(n.mccMnc).toMatch(/^\d{5,6}$/);
      expect(countryOfMcc(n.mcc)).toBe(n.country);
      expect(n.currency).toMatch(/^[A-Z]{3}$/);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: n.timeZone })).not.toThrow();
      expect(() => new Intl.NumberFormat('en', { style: 'currency', currency: n.currency })).not.toThrow();
    }
  });

  it('answers per MCC and per country', () => {
    expect(countryOfMcc('440')).toBe('JP');
    expect(countryOfMcc('441')).toBe('JP');
    expect(countryOfMcc('311')).toBe('US');
    expect(countryOfMcc('999')).toBeUndefined();
    expect(isKnownMcc('455')).toBe(true);
    expect(isKnownMcc('001')).toBe(false);
    expect(networksOfCountry('om').map((n) => n.mccMnc)).toEqual(['42202', '42203', '42206']);
    expect(networksOfCountry('KR').length).toBeGreaterThanOrEqual(6);
    expect(countryInfo('kz')).toEqual({ timeZone: 'Asia/Almaty', currency: 'KZT' });
  });

  it('finds the network of an IMSI with 2- and 3-digit MNCs', () => {
    expect(networkOfImsi('454001234567890')?.operator).toBe('CSL');
    expect(networkOfImsi('310260123456789')?.operator).toBe('T-Mobile');
    expect(networkOfImsi('31026012345678')).toBeUndefined();
  });
});
