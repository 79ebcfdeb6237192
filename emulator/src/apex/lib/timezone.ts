/**
 * Time zone arithmetic for Datetime's local views, with the IANA database of Intl (Node's ICU).
 * The running user's zone is ctx.tx.user.timeZoneSidKey (Salesforce time zone keys are IANA ids).
 */
import type { NativeCallContext } from '../runtime-types.js';

export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Sunday … 7 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short'
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a zone. */
export function localFields(epochMs: number, timeZone: string): LocalFields {
  if (timeZone === 'GMT' || timeZone === 'UTC') return gmtFields(epochMs);
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  let year = Number(get('year'));
  if (get('era') === 'BC') year = 1 - year;
  return {
    year,
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    weekday: WEEKDAYS.indexOf(get('weekday')) + 1
  };
}

export function gmtFields(epochMs: number): LocalFields {
  const d = new Date(epochMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay() + 1
  };
}

/** Offset of the zone from GMT at that instant, in milliseconds. */
export function offsetMs(epochMs: number, timeZone: string): number {
  const f = localFields(epochMs, timeZone);
  const asGmt = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond);
  return asGmt - epochMs;
}

/**
 * The instant of a wall-clock time in a zone (Java's lenient GregorianCalendar: fields roll over;
 * in a DST gap the later offset applies, in an overlap the earlier instant).
 */
export function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  timeZone: string
): number {
  const asGmt = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const first = asGmt - offsetMs(asGmt, timeZone);
  const second_ = asGmt - offsetMs(first, timeZone);
  if (first === second_) return first;
  // Around a transition: prefer the candidate whose local view matches the request.
  const candidates = [Math.min(first, second_), Math.max(first, second_)];
  for (const candidate of candidates) {
    if (candidate + offsetMs(candidate, timeZone) === asGmt) return candidate;
  }
  return Math.max(first, second_);
}

export function userTimeZone(ctx: NativeCallContext): string {
  return ctx.tx.user.timeZoneSidKey || 'GMT';
}
