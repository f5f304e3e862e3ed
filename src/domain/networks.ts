/**
 * Mobile networks by MCC-MNC (ITU-T E.212): operator, country, time zone and local currency.
 * A curated, hand-checked table of the provider's home and partner networks; codes not
 * listed here are unknown (usage on them is rejected `unknown_network`).
 */

export interface Network {
  /** MCC + MNC without separator: "45400" (2-digit MNC) or "310260" (3-digit MNC). */
  readonly mccMnc: string;
  readonly mcc: string;
  readonly mnc: string;
  readonly operator: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** IANA zone; the capital's zone for countries with several. */
  readonly timeZone: string;
  /** The country's ISO 4217 code (not necessarily a CurrencyCode the ledger holds money in). */
  readonly currency: string;
}

interface CountryInfo {
  readonly mccs: readonly string[];
  readonly timeZone: string;
  readonly currency: string;
}

/** Countries covered, with every MCC the ITU assigned to them. */
const COUNTRIES: Readonly<Record<string, CountryInfo>> = {
  HK: { mccs: ['454'], timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  MO: { mccs: ['455'], timeZone: 'Asia/Macau', currency: 'MOP' },
  TW: { mccs: ['466'], timeZone: 'Asia/Taipei', currency: 'TWD' },
  CN: { mccs: ['460', '461'], timeZone: 'Asia/Shanghai', currency: 'CNY' },
  JP: { mccs: ['440', '441'], timeZone: 'Asia/Tokyo', currency: 'JPY' },
  KR: { mccs: ['450'], timeZone: 'Asia/Seoul', currency: 'KRW' },
  RU: { mccs: ['250'], timeZone: 'Europe/Moscow', currency: 'RUB' },
  OM: { mccs: ['422'], timeZone: 'Asia/Muscat', currency: 'OMR' },
  AE: { mccs: ['424', '430', '431'], timeZone: 'Asia/Dubai', currency: 'AED' },
  SA: { mccs: ['420'], timeZone: 'Asia/Riyadh', currency: 'SAR' },
  QA: { mccs: ['427'], timeZone: 'Asia/Qatar', currency: 'QAR' },
  SG: { mccs: ['525'], timeZone: 'Asia/Singapore', currency: 'SGD' },
  TH: { mccs: ['520'], timeZone: 'Asia/Bangkok', currency: 'THB' },
  VN: { mccs: ['452'], timeZone: 'Asia/Ho_Chi_Minh', currency: 'VND' },
  MY: { mccs: ['502'], timeZone: 'Asia/Kuala_Lumpur', currency: 'MYR' },
  PH: { mccs: ['515'], timeZone: 'Asia/Manila', currency: 'PHP' },
  ID: { mccs: ['510'], timeZone: 'Asia/Jakarta', currency: 'IDR' },
  AU: { mccs: ['505'], timeZone: 'Australia/Sydney', currency: 'AUD' },
  US: { mccs: ['310', '311', '312', '313', '314', '315', '316'], timeZone: 'America/New_York', currency: 'USD' },
  GB: { mccs: ['234', '235'], timeZone: 'Europe/London', currency: 'GBP' },
  DE: { mccs: ['262'], timeZone: 'Europe/Berlin', currency: 'EUR' },
  FR: { mccs: ['208'], timeZone: 'Europe/Paris', currency: 'EUR' },
  TR: { mccs: ['286'], timeZone: 'Europe/Istanbul', currency: 'TRY' },
  KZ: { mccs: ['401'], timeZone: 'Asia/Almaty', currency: 'KZT' },
  GE: { mccs: ['282'], timeZone: 'Asia/Tbilisi', currency: 'GEL' },
};

/** [mcc, mnc, operator, country] — MNC as assigned (2 or 3 digits). */
type Row = readonly [string, string, string, string];

const ROWS: readonly Row[] = [
  // Hong Kong
  ['454', '00', 'CSL', 'HK'],
  ['454', '01', 'CITIC Telecom 1616', 'HK'],
  ['454', '02', 'CSL', 'HK'],
  ['454', '03', '3 HK', 'HK'],
  ['454', '04', '3 HK', 'HK'],
  ['454', '06', 'SmarTone', 'HK'],
  ['454', '07', 'China Unicom (Hong Kong)', 'HK'],
  ['454', '08', 'Truphone', 'HK'],
  ['454', '10', 'CSL', 'HK'],
  ['454', '11', 'China-Hong Kong Telecom', 'HK'],
  ['454', '12', 'CMHK', 'HK'],
  ['454', '13', 'CMHK', 'HK'],
  ['454', '15', 'SmarTone', 'HK'],
  ['454', '16', 'PCCW Mobile (HKT)', 'HK'],
  ['454', '17', 'SmarTone', 'HK'],
  ['454', '18', 'CSL', 'HK'],
  ['454', '19', 'PCCW Mobile (HKT)', 'HK'],
  ['454', '20', 'PCCW Mobile (HKT)', 'HK'],
  ['454', '29', 'PCCW Mobile (HKT)', 'HK'],
  ['454', '31', 'CTExcel', 'HK'],
  // Macau
  ['455', '00', 'SmarTone Macau', 'MO'],
  ['455', '01', 'CTM', 'MO'],
  ['455', '02', 'China Telecom Macau', 'MO'],
  ['455', '03', '3 Macau', 'MO'],
  ['455', '04', 'CTM', 'MO'],
  ['455', '05', '3 Macau', 'MO'],
  ['455', '06', 'SmarTone Macau', 'MO'],
  ['455', '07', 'China Telecom Macau', 'MO'],
  // Taiwan
  ['466', '01', 'Far EasTone', 'TW'],
  ['466', '05', 'Gt (Asia Pacific Telecom)', 'TW'],
  ['466', '89', 'T Star', 'TW'],
  ['466', '92', 'Chunghwa Telecom', 'TW'],
  ['466', '97', 'Taiwan Mobile', 'TW'],
  // China
  ['460', '00', 'China Mobile', 'CN'],
  ['460', '02', 'China Mobile', 'CN'],
  ['460', '04', 'China Mobile', 'CN'],
  ['460', '07', 'China Mobile', 'CN'],
  ['460', '08', 'China Mobile', 'CN'],
  ['460', '01', 'China Unicom', 'CN'],
  ['460', '06', 'China Unicom', 'CN'],
  ['460', '09', 'China Unicom', 'CN'],
  ['460', '03', 'China Telecom', 'CN'],
  ['460', '05', 'China Telecom', 'CN'],
  ['460', '11', 'China Telecom', 'CN'],
  ['460', '15', 'China Broadnet', 'CN'],
  ['460', '20', 'China Tietong', 'CN'],
  // Japan
  ['440', '00', 'Y!mobile', 'JP'],
  ['440', '10', 'NTT docomo', 'JP'],
  ['440', '11', 'Rakuten Mobile', 'JP'],
  ['440', '20', 'SoftBank', 'JP'],
  ['440', '21', 'SoftBank', 'JP'],
  ['440', '50', 'KDDI au', 'JP'],
  ['440', '51', 'KDDI au', 'JP'],
  ['440', '52', 'KDDI au', 'JP'],
  ['440', '53', 'KDDI au', 'JP'],
  ['440', '54', 'KDDI au', 'JP'],
  ['441', '00', 'Wireless City Planning (SoftBank)', 'JP'],
  ['441', '01', 'SoftBank', 'JP'],
  // South Korea
  ['450', '02', 'KT', 'KR'],
  ['450', '04', 'KT', 'KR'],
  ['450', '05', 'SK Telecom', 'KR'],
  ['450', '06', 'LG U+', 'KR'],
  ['450', '08', 'KT', 'KR'],
  ['450', '11', 'Korea Cable Telecom (Tplus)', 'KR'],
  ['450', '12', 'SK Telecom', 'KR'],
  // Russia
  ['250', '01', 'MTS', 'RU'],
  ['250', '02', 'MegaFon', 'RU'],
  ['250', '11', 'Yota', 'RU'],
  ['250', '20', 'Tele2', 'RU'],
  ['250', '35', 'Motiv', 'RU'],
  ['250', '50', 'SberMobile', 'RU'],
  ['250', '62', 'Tinkoff Mobile', 'RU'],
  ['250', '99', 'Beeline', 'RU'],
  // Oman (Vodafone Oman is 422-06; 422-04 is an Omantel allocation)
  ['422', '02', 'Omantel', 'OM'],
  ['422', '03', 'Ooredoo', 'OM'],
  ['422', '06', 'Vodafone Oman', 'OM'],
  // Gulf
  ['424', '02', 'Etisalat (e&)', 'AE'],
  ['424', '03', 'du', 'AE'],
  ['420', '01', 'stc', 'SA'],
  ['420', '03', 'Mobily', 'SA'],
  ['420', '04', 'Zain KSA', 'SA'],
  ['427', '01', 'Ooredoo', 'QA'],
  ['427', '02', 'Vodafone Qatar', 'QA'],
  // South-east Asia
  ['525', '01', 'Singtel', 'SG'],
  ['525', '03', 'M1', 'SG'],
  ['525', '05', 'StarHub', 'SG'],
  ['525', '10', 'SIMBA', 'SG'],
  ['520', '01', 'AIS', 'TH'],
  ['520', '03', 'AIS', 'TH'],
  ['520', '04', 'TrueMove H', 'TH'],
  ['520', '05', 'dtac', 'TH'],
  ['452', '01', 'MobiFone', 'VN'],
  ['452', '02', 'VinaPhone', 'VN'],
  ['452', '04', 'Viettel', 'VN'],
  ['452', '05', 'Vietnamobile', 'VN'],
  ['502', '12', 'Maxis', 'MY'],
  ['502', '13', 'Celcom', 'MY'],
  ['502', '16', 'DiGi', 'MY'],
  ['502', '18', 'U Mobile', 'MY'],
  ['502', '19', 'Celcom', 'MY'],
  ['515', '02', 'Globe', 'PH'],
  ['515', '03', 'Smart', 'PH'],
  ['515', '05', 'Sun Cellular', 'PH'],
  ['515', '66', 'DITO', 'PH'],
  ['510', '01', 'Indosat Ooredoo Hutchison', 'ID'],
  ['510', '10', 'Telkomsel', 'ID'],
  ['510', '11', 'XL Axiata', 'ID'],
  ['510', '21', 'Indosat Ooredoo Hutchison', 'ID'],
  ['510', '89', '3 (Tri)', 'ID'],
  // Australia
  ['505', '01', 'Telstra', 'AU'],
  ['505', '02', 'Optus', 'AU'],
  ['505', '03', 'Vodafone', 'AU'],
  // United States (3-digit MNCs)
  ['310', '004', 'Verizon', 'US'],
  ['310', '120', 'T-Mobile (Sprint)', 'US'],
  ['310', '150', 'AT&T', 'US'],
  ['310', '260', 'T-Mobile', 'US'],
  ['310', '410', 'AT&T', 'US'],
  ['311', '480', 'Verizon', 'US'],
  ['311', '490', 'T-Mobile (Sprint)', 'US'],
  // Europe
  ['234', '10', 'O2', 'GB'],
  ['234', '15', 'Vodafone', 'GB'],
  ['234', '20', 'Three', 'GB'],
  ['234', '30', 'EE', 'GB'],
  ['234', '33', 'EE', 'GB'],
  ['262', '01', 'Telekom', 'DE'],
  ['262', '02', 'Vodafone', 'DE'],
  ['262', '03', 'O2 (Telefónica)', 'DE'],
  ['208', '01', 'Orange', 'FR'],
  ['208', '10', 'SFR', 'FR'],
  ['208', '15', 'Free Mobile', 'FR'],
  ['208', '20', 'Bouygues Telecom', 'FR'],
  ['286', '01', 'Turkcell', 'TR'],
  ['286', '02', 'Vodafone', 'TR'],
  ['286', '03', 'Türk Telekom', 'TR'],
  // Central Asia, Caucasus
  ['401', '01', 'Beeline', 'KZ'],
  ['401', '02', 'Kcell', 'KZ'],
  ['401', '07', 'Altel', 'KZ'],
  ['401', '77', 'Tele2', 'KZ'],
  ['282', '01', 'Geocell (Silknet)', 'GE'],
  ['282', '02', 'MagtiCom', 'GE'],
  ['282', '04', 'Cellfie', 'GE'],
];

const MCC_COUNTRY: ReadonlyMap<string, string> = new Map(Object.entries(COUNTRIES).flatMap(([country, info]) => info.mccs.map((mcc) => [mcc, country] as const)));

function toNetwork([mcc, mnc, operator, country]: Row): Network {
  const info = COUNTRIES[country];
  if (info === undefined || MCC_COUNTRY.get(mcc) !== country) {
    throw new Error(`network table: ${mcc}-${mnc} does not belong to ${country}`);
  }
  return Object.freeze({ mccMnc: mcc + mnc, mcc, mnc, operator, country, timeZone: info.timeZone, currency: info.currency });
}

export const ALL_NETWORKS: readonly Network[] = Object.freeze(ROWS.map(toNetwork));

const BY_MCC_MNC: ReadonlyMap<string, Network> = new Map(ALL_NETWORKS.map((n) => [n.mccMnc, n]));

/**
 * Finds a network by "45400", "454-00", "454 00" or "310260".
 * A 6-digit code is tried as MCC + 3-digit MNC first, then as a 2-digit MNC written with
 * a leading zero ("454000" -> 454-00).
 */
export function lookupNetwork(mccMnc: string): Network | undefined {
  const digits = mccMnc.trim().replace(/^(\d{3})[-\s](\d{2,3})$/, '$1$2');
  if (!/^\d{5,6}$/.test(digits)) return undefined;
  const exact = BY_MCC_MNC.get(digits);
  if (exact !== undefined || digits.length === 5 || digits[3] !== '0') return exact;
  return BY_MCC_MNC.get(digits.slice(0, 3) + digits.slice(4));
}

/** The network an IMSI belongs to: its 6-digit prefix (3-digit MNC) first, then its 5-digit prefix. */
export function networkOfImsi(imsi: string): Network | undefined {
  if (!/^\d{15}$/.test(imsi)) return undefined;
  return BY_MCC_MNC.get(imsi.slice(0, 6)) ?? BY_MCC_MNC.get(imsi.slice(0, 5));
}

export function countryOfMcc(mcc: string): string | undefined {
  return MCC_COUNTRY.get(mcc);
}

export function isKnownMcc(mcc: string): boolean {
  return MCC_COUNTRY.has(mcc);
}

/** The networks of an ISO 3166 alpha-2 country ("hk" or "HK"), in table order. */
export function networksOfCountry(country: string): readonly Network[] {
  const code = country.toUpperCase();
  return ALL_NETWORKS.filter((n) => n.country === code);
}

/** Time zone and currency of a covered country, if any. */
export function countryInfo(country: string): { readonly timeZone: string; readonly currency: string } | undefined {
  const info = COUNTRIES[country.toUpperCase()];
  return info === undefined ? undefined : { timeZone: info.timeZone, currency: info.currency };
}
