/**
 * What the portal's help page tells a subscriber: the operator's SMS short code, USSD code,
 * hotline number and hours, and where to write about privacy. Operator settings, from the env.
 */
import { ConfigError } from './config.js';

export interface HotlineHours {
  /** ISO weekdays, 1 = Monday ... 7 = Sunday, inclusive. */
  readonly fromDay: number;
  readonly toDay: number;
  /** Local times HH:MM in `timeZone`. */
  readonly open: string;
  readonly close: string;
  readonly timeZone: string;
}

export interface HelpSettings {
  /** SIMLEDGER_HELP_SMS_SHORT_CODE (default 8383): where keywords are sent. */
  readonly smsShortCode: string;
  /** SIMLEDGER_HELP_USSD_CODE (default *100#). */
  readonly ussdCode: string;
  /** SIMLEDGER_HELP_HOTLINE (default +852 3008 3838), as shown; dialled without spaces. */
  readonly hotlineNumber: string;
  /** SIMLEDGER_HELP_HOTLINE_HOURS (default "1-7 09:00-21:00 Asia/Hong_Kong"). */
  readonly hotlineHours: HotlineHours;
  /** SIMLEDGER_HELP_PRIVACY_EMAIL (default privacy@example.com). */
  readonly privacyEmail: string;
}

export const DEFAULT_HELP: HelpSettings = Object.freeze({
  smsShortCode: '8383',
  ussdCode: '*100#',
  hotlineNumber: '+852 3008 3838',
  hotlineHours: Object.freeze({ fromDay: 1, toDay: 7, open: '09:00', close: '21:00', timeZone: 'Asia/Hong_Kong' }),
  privacyEmail: 'privacy@example.com',
});

const HOURS = /^([1-7])-([1-7]) ([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d) (\S+)$/;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseHotlineHours(text: string): HotlineHours {
  const m = HOURS.exec(text.trim());
  const why = 'must be "<from day>-<to day> HH:MM-HH:MM <IANA zone>" with ISO weekdays 1 (Monday) to 7, e.g. "1-5 09:00-18:00 Asia/Tokyo"';
  if (!m) throw new ConfigError(`SIMLEDGER_HELP_HOTLINE_HOURS "${text}" ${why}`);
  const [, fromDay, toDay, oh, om, ch, cm, timeZone] = m as unknown as string[];
  if (!isTimeZone(timeZone!)) throw new ConfigError(`SIMLEDGER_HELP_HOTLINE_HOURS: "${timeZone}" is not an IANA time zone`);
  return Object.freeze({ fromDay: Number(fromDay), toDay: Number(toDay), open: `${oh}:${om}`, close: `${ch}:${cm}`, timeZone: timeZone! });
}

function checked(name: string, value: string | undefined, pattern: RegExp, example: string): string | undefined {
  const v = value?.trim();
  if (v === undefined || v === '') return undefined;
  if (!pattern.test(v)) throw new ConfigError(`${name} "${v}" is not valid (e.g. ${example})`);
  return v;
}

export function loadHelpSettings(env: NodeJS.ProcessEnv = process.env): HelpSettings {
  const hours = env['SIMLEDGER_HELP_HOTLINE_HOURS']?.trim();
  return Object.freeze({
    smsShortCode: checked('SIMLEDGER_HELP_SMS_SHORT_CODE', env['SIMLEDGER_HELP_SMS_SHORT_CODE'], /^\+?\d{3,15}$/, '8383') ?? DEFAULT_HELP.smsShortCode,
    ussdCode: checked('SIMLEDGER_HELP_USSD_CODE', env['SIMLEDGER_HELP_USSD_CODE'], /^[*#][\d*#]{1,20}#$/, '*100#') ?? DEFAULT_HELP.ussdCode,
    hotlineNumber: checked('SIMLEDGER_HELP_HOTLINE', env['SIMLEDGER_HELP_HOTLINE'], /^\+?[\d ()-]{3,24}$/, '+852 3008 3838') ?? DEFAULT_HELP.hotlineNumber,
    hotlineHours: hours ? parseHotlineHours(hours) : DEFAULT_HELP.hotlineHours,
    privacyEmail: checked('SIMLEDGER_HELP_PRIVACY_EMAIL', env['SIMLEDGER_HELP_PRIVACY_EMAIL'], /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'privacy@example.com') ?? DEFAULT_HELP.privacyEmail,
  });
}
