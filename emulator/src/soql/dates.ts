/**
 * Time-zone arithmetic for SOQL date literals (TODAY, LAST_N_DAYS:n …), which the platform
 * evaluates in the running user's time zone. Ranges are half-open [start, end) in local days.
 */
import { SoqlParseError } from './lexer.js';
import { isValidTimeZone, offsetMs } from '../apex/lib/timezone.js';

const DAY = 86_400_000;
/** Offset of the zone from GMT at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(epochMs: number, tz: string): number {
  if (!isValidTimeZone(tz)) throw new SoqlParseError(`unsupported: time zone ${tz}`, 0);
  return offsetMs(epochMs, tz);
}

/** The local calendar day (days since 1970-01-01) of an instant in a zone. */
export function localEpochDay(epochMs: number, tz: string): number {
  return Math.floor((epochMs + zoneOffsetMs(epochMs, tz)) / DAY);
}

/** The instant of local midnight starting a local day. */
export function localMidnightMs(epochDay: number, tz: string): number {
  const guess = epochDay * DAY;
  let ms = guess - zoneOffsetMs(guess, tz);
  ms = guess - zoneOffsetMs(ms, tz);
  return ms;
}

function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

/** [startDay, endDay) of a date literal, in local days, given today's local day. */
export function dateLiteralRange(name: string, n: number | null, today: number): [number, number] {
  const d = new Date(today * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const weekStart = today - d.getUTCDay(); // weeks start on Sunday (en_US)
  const month = (offset: number) => dayOf(y, m + offset, 1);
  const qStart = Math.floor((m - 1) / 3) * 3 + 1;
  const quarter = (offset: number) => dayOf(y, qStart + offset * 3, 1);
  const year = (offset: number) => dayOf(y + offset, 1, 1);
  const k = n ?? 0;
  switch (name) {
    case 'TODAY':
      return [today, today + 1];
    case 'YESTERDAY':
      return [today - 1, today];
    case 'TOMORROW':
      return [today + 1, today + 2];
    case 'THIS_WEEK':
      return [weekStart, weekStart + 7];
    case 'LAST_WEEK':
      return [weekStart - 7, weekStart];
    case 'NEXT_WEEK':
      return [weekStart + 7, weekStart + 14];
    case 'THIS_MONTH':
      return [month(0), month(1)];
    case 'LAST_MONTH':
      return [month(-1), month(0)];
    case 'NEXT_MONTH':
      return [month(1), month(2)];
    case 'LAST_90_DAYS':
      return [today - 90, today + 1];
    case 'NEXT_90_DAYS':
      return [today + 1, today + 91];
    case 'THIS_QUARTER':
      return [quarter(0), quarter(1)];
    case 'LAST_QUARTER':
      return [quarter(-1), quarter(0)];
    case 'NEXT_QUARTER':
      return [quarter(1), quarter(2)];
    case 'THIS_YEAR':
      return [year(0), year(1)];
    case 'LAST_YEAR':
      return [year(-1), year(0)];
    case 'NEXT_YEAR':
      return [year(1), year(2)];
    case 'LAST_N_DAYS':
      return [today - k, today + 1];
    case 'NEXT_N_DAYS':
      return [today + 1, today + k + 1];
    case 'N_DAYS_AGO':
      return [today - k, today - k + 1];
    case 'LAST_N_WEEKS':
      return [weekStart - 7 * k, weekStart];
    case 'NEXT_N_WEEKS':
      return [weekStart + 7, weekStart + 7 + 7 * k];
    case 'N_WEEKS_AGO':
      return [weekStart - 7 * k, weekStart - 7 * k + 7];
    case 'LAST_N_MONTHS':
      return [month(-k), month(0)];
    case 'NEXT_N_MONTHS':
      return [month(1), month(1 + k)];
    case 'N_MONTHS_AGO':
      return [month(-k), month(-k + 1)];
    case 'LAST_N_QUARTERS':
      return [quarter(-k), quarter(0)];
    case 'NEXT_N_QUARTERS':
      return [quarter(1), quarter(1 + k)];
    case 'LAST_N_YEARS':
      return [year(-k), year(0)];
    case 'NEXT_N_YEARS':
      return [year(1), year(1 + k)];
    case 'N_YEARS_AGO':
      return [year(-k), year(-k + 1)];
    default:
      throw new SoqlParseError(`unsupported: date literal ${name}`, 0);
  }
}
