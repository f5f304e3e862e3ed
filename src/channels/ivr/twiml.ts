/** A few TwiML verbs as strings: <Say>, <Gather>, <Redirect>, <Hangup>, wrapped in <Response>. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function attributes(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export function response(...verbs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join('')}</Response>`;
}

/** `language` is a Twilio <Say> language code: en-US, cmn-CN, yue-HK, ja-JP, ko-KR, ru-RU, ar-XA. */
export function say(language: string, text: string): string {
  return `<Say${attributes({ language })}>${escapeXml(text)}</Say>`;
}

export interface GatherOptions {
  action: string;
  numDigits?: number;
  finishOnKey?: string;
  timeout?: number;
}

export function gather(options: GatherOptions, ...prompts: string[]): string {
  return `<Gather${attributes({ input: 'dtmf', action: options.action, method: 'POST', numDigits: options.numDigits, finishOnKey: options.finishOnKey, timeout: options.timeout })}>${prompts.join('')}</Gather>`;
}

export function redirect(url: string): string {
  return `<Redirect method="POST">${escapeXml(url)}</Redirect>`;
}

export const hangup = (): string => '<Hangup/>';

/** <Dial> to one <Number> or <Sip>; `callerId` left to Twilio (the caller's number). */
export function dial(options: { timeout?: number }, ...nouns: string[]): string {
  return `<Dial${attributes({ timeout: options.timeout })}>${nouns.join('')}</Dial>`;
}

/** `url`: TwiML Twilio runs on the agent's leg when it answers, before connecting (a whisper). */
export function dialNumber(number: string, options: { url?: string } = {}): string {
  return `<Number${attributes({ url: options.url, method: options.url === undefined ? undefined : 'POST' })}>${escapeXml(number)}</Number>`;
}

export function dialSip(uri: string): string {
  return `<Sip>${escapeXml(uri)}</Sip>`;
}
