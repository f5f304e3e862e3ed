/** Instants written with the local offset of a time zone ("2025-06-03T14:22:07+09:00"). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `ms`, in minutes (+540 for Asia/Tokyo). */
export function offsetMinutes(timeZone: string, ms: number): number {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (m === null) throw new Error(`unexpected offset ${name} for ${timeZone}`);
  if (m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** ISO 8601 with seconds and the zone's offset at that instant. */
export function localIso(ms: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** The instant of local midnight that starts the local day containing `ms`. */
export function localMidnight(ms: number, timeZone: string): number {
  const offset = offsetMinutes(timeZone, ms) * 60_000;
  return Math.floor((ms + offset) / 86_400_000) * 86_400_000 - offset;
}

export const DEMO_MONTH_DAYS = 30;
const DAY_MS = 86_400_000;

/** Where the demo month starts: 30 days before `now`. Top-ups happen at this instant. */
export function demoMonthStart(nowMs: number): number {
  return nowMs - DEMO_MONTH_DAYS * DAY_MS;
}

/** Local midnight that starts day `day` (0-29) of the demo month in `timeZone`; negative days are the month before. */
export function demoDayStart(nowMs: number, day: number, timeZone: string): number {
  return localMidnight(demoMonthStart(nowMs), timeZone) + (day + 1) * DAY_MS;
}
