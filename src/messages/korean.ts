/**
 * Korean particles depend on how the word before them ends when read aloud: 을/이/은 after a
 * final consonant (batchim), 를/가/는 after a vowel. A number is read in Sino-Korean ("30,000" is
 * 삼만, ending in ㄴ); an amount of money is read with its currency's word (₩ -> 원).
 */

/** Sino-Korean digit names: does the reading of d end in a consonant? 영 일 이 삼 사 오 육 칠 팔 구. */
const DIGIT_BATCHIM = [true, true, false, true, false, false, true, true, true, false];
/** Latin letters as read in Korean: L 엘, M 엠, N 엔, R 알 end in a consonant. */
const LETTER_BATCHIM = new Set(['l', 'm', 'n', 'r']);
/** The word a currency sign is read as, by whether it ends in a consonant: 원, 엔, 루블, 리알, 위안 do; 달러 does not. */
const CURRENCY_BATCHIM: readonly [RegExp, boolean][] = [
  [/₩|원|KRW/, true],
  [/¥|円|엔|JPY|CNY|RMB|元/, true],
  [/₽|RUB|루블/, true],
  [/ر\.ع|OMR|리알/, true],
  [/\$|USD|HKD|달러/, false],
  [/€|EUR|유로/, false],
];

function numberEndsInConsonant(digits: string): boolean {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  const zeros = /0*$/.exec(trimmed)![0].length;
  if (zeros === 0 || zeros === trimmed.length) return DIGIT_BATCHIM[Number(trimmed.at(-1))]!;
  // 십 백 천 만 ... 억: all end in a consonant; 조 (10^12) does not.
  return zeros % 12 !== 0;
}

/** Whether the text, read aloud, ends in a consonant. */
export function endsInConsonant(text: string): boolean {
  const currency = CURRENCY_BATCHIM.find(([pattern]) => pattern.test(text));
  if (currency !== undefined) return currency[1];
  const last = /([\p{L}\p{N}])[^\p{L}\p{N}]*$/u.exec(text.replace(/(\d)[,.\s](?=\d)/g, '$1'))?.[1];
  if (last === undefined) return false;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  if (/\d/.test(last)) return numberEndsInConsonant(/(\d+)[^\d]*$/.exec(text.replace(/(\d)[,.\s](?=\d)/g, '$1'))![1]!);
  return LETTER_BATCHIM.has(last.toLowerCase());
}
