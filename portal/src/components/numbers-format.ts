/** Dates for the freshness and forecast notes: weekday and time, and the zone's own name. */
import { intlLocale } from '../format.js';

/** "Thu 14:00" (in the reader's language), in `timeZone`. */
export function formatWeekdayTime(iso: string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone })
    .format(new Date(iso));
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
