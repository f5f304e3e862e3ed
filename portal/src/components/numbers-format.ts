/** Dates for the freshness and forecast notes: weekday and time, and the zone's own name. */
import { intlLocale } from '../format.js';

/** "Thu 14:00" (in the reader's language), in `timeZone`. */
export function formatWeekdayTime(iso: string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** The zone's long name in the reader's language ("Hong Kong Standard Time"), else its IANA id. */
export function zoneName(timeZone: string, language: string, at: number): string {
  try {
    const parts = new Intl.DateTimeFormat(intlLocale(language), { timeZone, timeZoneName: 'long' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** A local day `YYYY-MM-DD` with its weekday ("Thu, Nov 19"), no zone shift. */
export function formatLongDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A month `YYYY-MM`: short for an axis tick ("Nov"), long for a label ("November 2026"). */
export function formatMonth(month: string, language: string, style: 'tick' | 'long'): string {
  const options: Intl.DateTimeFormatOptions = style === 'tick' ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(intlLocale(language), options).format(new Date(`${month}-01T00:00:00Z`));
}
