/**
 * SMS segments (3GPP TS 23.038 / 23.040): a text that uses only the GSM 7-bit default alphabet
 * (and its extension table, two septets each) goes as GSM-7: 160 septets in one message, 153 per
 * part of a concatenated one (the 6-octet UDH takes 7 septets). Anything else goes as UCS-2:
 * 70 UTF-16 units, 67 per part. Parts never split an escape pair or a surrogate pair.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** The default alphabet; index = septet value (27 is the escape to the extension table). */
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: character -> septet after the escape. */
const GSM7_EXTENDED: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);
const GSM7_INDEX: ReadonlyMap<string, number> = new Map([...GSM7_BASIC].map((ch, i) => [ch, i] as const).filter(([ch]) => ch !== '\u001b'));
const ESCAPE = 0x1b;

export const SEGMENT_LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const satisfies Record<SmsEncoding, { single: number; part: number }>;

/** Septets a character takes in GSM-7 (1 or 2), or undefined if it is not in the alphabet. */
function gsm7Septets(ch: string): number | undefined {
  if (GSM7_INDEX.has(ch)) return 1;
  return GSM7_EXTENDED.has(ch) ? 2 : undefined;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsm7Septets(ch) === undefined) return false;
  return true;
}

export function encodingOf(text: string): SmsEncoding {
  return isGsm7(text) ? 'gsm7' : 'ucs2';
}

/** Length in the encoding's units: septets (GSM-7) or UTF-16 code units (UCS-2). */
export function unitLength(text: string, encoding: SmsEncoding = encodingOf(text)): number {
  if (encoding === 'ucs2') return text.length;
  let n = 0;
  for (const ch of text) n += gsm7Septets(ch) ?? 1;
  return n;
}

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** Units of the whole text (septets or UTF-16 units). */
  readonly units: number;
  /** The texts of the parts: one when it fits a single message. */
  readonly parts: readonly string[];
}

/** Splits a text into the parts a phone reassembles (each part within 153 septets / 67 units). */
export function splitSms(text: string): SmsSegments {
  const encoding = encodingOf(text);
  const units = unitLength(text, encoding);
  const limits = SEGMENT_LIMITS[encoding];
  if (units <= limits.single) return { encoding, units, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  // Iterating by code point keeps surrogate pairs together; GSM-7 escapes are one character here.
  for (const ch of text) {
    const size = encoding === 'ucs2' ? ch.length : (gsm7Septets(ch) ?? 1);
    if (used + size > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += size;
  }
  if (current !== '') parts.push(current);
  return { encoding, units, parts };
}

/** GSM-7 as unpacked septets, one per octet (SMPP data_coding 0). */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const basic = GSM7_INDEX.get(ch);
    if (basic !== undefined) {
      out.push(basic);
      continue;
    }
    const extended = GSM7_EXTENDED.get(ch);
    if (extended === undefined) throw new RangeError(`"${ch}" is not in the GSM 7-bit alphabet`);
    out.push(ESCAPE, extended);
  }
  return Buffer.from(out);
}

export function decodeGsm7(septets: Uint8Array): string {
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]!;
    if (s === ESCAPE && i + 1 < septets.length) {
      const next = septets[++i]!;
      text += [...GSM7_EXTENDED].find(([, v]) => v === next)?.[0] ?? ' ';
    } else {
      text += GSM7_BASIC[s] ?? '?';
    }
  }
  return text;
}

/** UCS-2 (UTF-16 big-endian) octets (SMPP data_coding 8). */
export function encodeUcs2(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}

export function decodeUcs2(octets: Uint8Array): string {
  return Buffer.from(octets).swap16().toString('utf16le');
}

/** The 6-octet concatenation header (IEI 00, 8-bit reference). */
export function concatUdh(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);
}
