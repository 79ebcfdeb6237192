/**
 * Date, Datetime, Time, and Java SimpleDateFormat patterns for Datetime.format(pattern[, tz]).
 * Local views use the running user's time zone (ctx.tx.user.timeZoneSidKey) and the en_US
 * locale formats; Date.today()/Datetime.now() read ctx.tx.now().
 */
import type { NativeCallContext, NativeClass, NativeMethod } from '../runtime-types.js';
import { ApexDate, ApexDatetime, ApexTime } from '../../values.js';
import { T, int, noOverload, nullPointer, str, throwApex } from './util.js';
import {
  fromLocal,
  gmtFields,
  isValidTimeZone,
  localFields,
  offsetMs,
  userTimeZone,
  type LocalFields
} from './timezone.js';

const MS_PER_DAY = 86_400_000;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number) =>
  n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0');

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Calendar month arithmetic as java.util.Calendar.add(MONTH): the day is clamped to the month's end. */
export function addMonthsToDate(date: ApexDate, months: number): ApexDate {
  const total = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (((total % 12) + 12) % 12) + 1;
  return ApexDate.of(year, month, Math.min(date.day, daysInMonth(year, month)));
}

function dayOfYear(year: number, month: number, day: number): number {
  return ApexDate.of(year, month, day).epochDay - ApexDate.of(year, 1, 1).epochDay + 1;
}

/** First day of the week of the locale: Sunday for en_US and the Americas, Monday elsewhere. */
function weekStartsOnSunday(locale: string): boolean {
  return /^(en_US|en_CA|es_US|pt_BR|ja|ko|zh|he|iw|ar)/.test(locale) || locale === 'en';
}

function startOfWeek(date: ApexDate, locale: string): ApexDate {
  const weekday = (((date.epochDay + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  const offset = weekStartsOnSunday(locale) ? weekday : (weekday + 6) % 7;
  return date.addDays(-offset);
}

// ------------------------------------------------------------------------------------------------
// SimpleDateFormat
// ------------------------------------------------------------------------------------------------

/** Locales whose ICU data abbreviates zones the way Java's en_US TimeZone names do (CET, IST, AEDT, JST…). */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'en-ZA', 'ja-JP'];

function zoneName(epochMs: number, timeZone: string, long: boolean): string {
  if (timeZone === 'GMT' || timeZone === 'UTC') return long ? 'Greenwich Mean Time' : 'GMT';
  const nameIn = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: long ? 'long' : 'short' })
      .formatToParts(new Date(epochMs))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  if (long) return nameIn('en-US');
  for (const locale of ZONE_NAME_LOCALES) {
    const name = nameIn(locale);
    if (!/^GMT[+-]/.test(name) && !(name === 'GMT' && offsetMs(epochMs, timeZone) !== 0))
      return name;
  }
  // No abbreviation: Java prints the offset as GMT+hh:mm.
  const offset = offsetMs(epochMs, timeZone);
  const minutes = Math.abs(Math.round(offset / 60000));
  return `GMT${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function offsetText(offset: number, style: 'Z' | 'X1' | 'X2' | 'X3'): string {
  if (offset === 0 && style !== 'Z') return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(Math.round(offset / 60000));
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  switch (style) {
    case 'Z':
    case 'X2':
      return `${sign}${hh}${mm}`;
    case 'X1':
      return `${sign}${hh}`;
    case 'X3':
      return `${sign}${hh}:${mm}`;
  }
}

/** Java SimpleDateFormat.format in the en_US locale. */
export function formatPattern(epochMs: number, pattern: string, timeZone: string): string {
  const f: LocalFields = timeZone === 'GMT' ? gmtFields(epochMs) : localFields(epochMs, timeZone);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      // Inside quotes, '' is a quote.
      let j = i + 1;
      let literal = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j++];
      }
      if (end < 0)
        throwApex('System.StringException', `Unterminated quote in date format: ${pattern}`);
      out += literal;
      i = j + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    out += formatField(c, n, f, epochMs, timeZone, pattern);
  }
  return out;
}

/** en_US week numbering (GregorianCalendar, first day Sunday, minimal days 1): week 1 holds January 1. */
function weekOfYear(f: LocalFields): { week: number; weekYear: number } {
  const weekday = (d: ApexDate) => (((d.epochDay + 4) % 7) + 7) % 7; // 0 = Sunday
  const daysInYear = isLeapYear(f.year) ? 366 : 365;
  const doy = dayOfYear(f.year, f.month, f.day);
  const dec31Weekday = weekday(ApexDate.of(f.year, 12, 31));
  if (dec31Weekday < 6 && doy >= daysInYear - dec31Weekday)
    return { week: 1, weekYear: f.year + 1 };
  const jan1Weekday = weekday(ApexDate.of(f.year, 1, 1));
  return { week: Math.floor((doy - 1 + jan1Weekday) / 7) + 1, weekYear: f.year };
}

function formatField(
  c: string,
  n: number,
  f: LocalFields,
  epochMs: number,
  timeZone: string,
  pattern: string
): string {
  const num = (v: number) => pad(v, n);
  switch (c) {
    case 'G':
      return f.year > 0 ? 'AD' : 'BC';
    case 'y': {
      const year = f.year > 0 ? f.year : 1 - f.year;
      return n === 2 ? pad(year % 100, 2) : pad(year, n);
    }
    case 'Y': {
      const year = weekOfYear(f).weekYear;
      return n === 2 ? pad(year % 100, 2) : pad(year, n);
    }
    case 'M':
    case 'L':
      return n >= 4
        ? MONTHS[f.month - 1]
        : n === 3
          ? MONTHS[f.month - 1].slice(0, 3)
          : num(f.month);
    case 'd':
      return num(f.day);
    case 'D':
      return num(dayOfYear(f.year, f.month, f.day));
    case 'E':
      return n >= 4 ? DAYS[f.weekday - 1] : DAYS[f.weekday - 1].slice(0, 3);
    case 'u':
      return num(f.weekday === 1 ? 7 : f.weekday - 1);
    case 'F':
      return num(Math.floor((f.day - 1) / 7) + 1);
    case 'w':
      return num(weekOfYear(f).week);
    case 'W': {
      const first = ApexDate.of(f.year, f.month, 1);
      const firstWeekday = (((first.epochDay + 4) % 7) + 7) % 7;
      return num(Math.floor((f.day - 1 + firstWeekday) / 7) + 1);
    }
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return num(f.hour);
    case 'k':
      return num(f.hour === 0 ? 24 : f.hour);
    case 'K':
      return num(f.hour % 12);
    case 'h':
      return num(f.hour % 12 === 0 ? 12 : f.hour % 12);
    case 'm':
      return num(f.minute);
    case 's':
      return num(f.second);
    case 'S':
      return num(f.millisecond);
    case 'z':
      return zoneName(epochMs, timeZone, n >= 4);
    case 'Z':
      return offsetText(timeZone === 'GMT' ? 0 : offsetMs(epochMs, timeZone), 'Z');
    case 'X':
      if (n > 3) throwApex('System.StringException', `invalid ISO 8601 format: length=${n}`);
      return offsetText(
        timeZone === 'GMT' ? 0 : offsetMs(epochMs, timeZone),
        n === 1 ? 'X1' : n === 2 ? 'X2' : 'X3'
      );
    default:
      return throwApex(
        'System.StringException',
        `Illegal pattern character '${c}' in "${pattern}"`
      );
  }
}

// ------------------------------------------------------------------------------------------------
// Parsing (valueOf / parse)
// ------------------------------------------------------------------------------------------------

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Date.valueOf(String): `yyyy-MM-dd`, optionally followed by a time that is ignored. */
export function parseDateValueOf(text: string): ApexDate {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(
    text.trim()
  );
  if (!m || !validDate(+m[1], +m[2], +m[3]))
    throwApex('System.TypeException', `Invalid date: ${text}`);
  return ApexDate.of(+m[1], +m[2], +m[3]);
}

/** Datetime.valueOf(String): `yyyy-MM-dd HH:mm:ss` as wall-clock time in the given zone. */
export function parseDatetimeValueOf(text: string, timeZone: string): ApexDatetime {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec(
    text.trim()
  );
  if (
    !m ||
    !validDate(+m[1], +m[2], +m[3]) ||
    +(m[4] ?? 0) > 23 ||
    +(m[5] ?? 0) > 59 ||
    +(m[6] ?? 0) > 59
  ) {
    throwApex('System.TypeException', `Invalid date/time: ${text}`);
  }
  return ApexDatetime.fromEpochMs(
    fromLocal(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, timeZone)
  );
}

function twoDigitYear(y: string): number {
  if (y.length > 2) return +y;
  return 2000 + +y; // SimpleDateFormat's 80/20 window, for the years people type today
}

/** Date.parse in en_US: M/d/yyyy. */
export function parseDateLocale(text: string): ApexDate {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(text.trim());
  if (!m || !validDate(twoDigitYear(m[3]), +m[1], +m[2]))
    throwApex('System.TypeException', `Invalid date: ${text}`);
  return ApexDate.of(twoDigitYear(m[3]), +m[1], +m[2]);
}

/** Datetime.parse in en_US: M/d/yyyy h:mm a (the ICU form with a comma after the date is accepted too). */
export function parseDatetimeLocale(text: string, timeZone: string): ApexDatetime {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])$/.exec(
    text.trim()
  );
  if (!m || !validDate(twoDigitYear(m[3]), +m[1], +m[2]) || +m[4] < 1 || +m[4] > 12)
    throwApex('System.TypeException', `Invalid date/time: ${text}`);
  const hour = (+m[4] % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
  return ApexDatetime.fromEpochMs(
    fromLocal(twoDigitYear(m[3]), +m[1], +m[2], hour, +m[5], +(m[6] ?? 0), 0, timeZone)
  );
}

// ------------------------------------------------------------------------------------------------
// Date
// ------------------------------------------------------------------------------------------------

const date = (self: unknown): ApexDate => {
  if (self === null || self === undefined) nullPointer();
  return self as ApexDate;
};
const dateArg = (args: readonly unknown[], i: number): ApexDate => {
  const v = args[i];
  if (v === null || v === undefined) nullPointer();
  if (!(v instanceof ApexDate)) throw new TypeError('expected a Date argument');
  return v;
};

export function todayFor(ctx: NativeCallContext): ApexDate {
  const f = localFields(ctx.tx.now().epochMs, userTimeZone(ctx));
  return ApexDate.of(f.year, f.month, f.day);
}

const dateClass: NativeClass = {
  name: 'Date',
  staticMethods: {
    today: (_s, _a, ctx) => todayFor(ctx),
    newinstance: (_s, args) => ApexDate.of(int(args, 0), int(args, 1), int(args, 2)),
    valueof(_s, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') return parseDateValueOf(v);
      if (v instanceof ApexDate) return v;
      if (v instanceof ApexDatetime) {
        const f = localFields(v.epochMs, userTimeZone(ctx));
        return ApexDate.of(f.year, f.month, f.day);
      }
      return noOverload('Date', 'valueOf', args, ctx);
    },
    parse: (_s, args) => parseDateLocale(str(args, 0)),
    isleapyear: (_s, args) => isLeapYear(int(args, 0)),
    daysinmonth: (_s, args) => daysInMonth(int(args, 0), int(args, 1))
  },
  instanceMethods: {
    adddays: (self, args) => date(self).addDays(int(args, 0)),
    addmonths: (self, args) => addMonthsToDate(date(self), int(args, 0)),
    addyears: (self, args) => addMonthsToDate(date(self), int(args, 0) * 12),
    day: (self) => date(self).day,
    month: (self) => date(self).month,
    year: (self) => date(self).year,
    dayofyear: (self) => dayOfYear(date(self).year, date(self).month, date(self).day),
    daysbetween: (self, args) => dateArg(args, 0).epochDay - date(self).epochDay,
    monthsbetween: (self, args) => {
      const a = date(self);
      const b = dateArg(args, 0);
      return (b.year - a.year) * 12 + (b.month - a.month);
    },
    issameday: (self, args) => dateArg(args, 0).epochDay === date(self).epochDay,
    tostartofmonth: (self) => ApexDate.of(date(self).year, date(self).month, 1),
    tostartofweek: (self, _a, ctx) => startOfWeek(date(self), ctx.tx.user.locale),
    format: (self) => {
      const d = date(self);
      return `${d.month}/${d.day}/${d.year}`;
    }
  },
  returnTypes: {
    today: T.Date,
    newinstance: T.Date,
    valueof: T.Date,
    parse: T.Date,
    isleapyear: T.Boolean,
    daysinmonth: T.Integer,
    adddays: T.Date,
    addmonths: T.Date,
    addyears: T.Date,
    day: T.Integer,
    month: T.Integer,
    year: T.Integer,
    dayofyear: T.Integer,
    daysbetween: T.Integer,
    monthsbetween: T.Integer,
    issameday: T.Boolean,
    tostartofmonth: T.Date,
    tostartofweek: T.Date,
    format: T.String
  }
};

// ------------------------------------------------------------------------------------------------
// Datetime
// ------------------------------------------------------------------------------------------------

const dt = (self: unknown): ApexDatetime => {
  if (self === null || self === undefined) nullPointer();
  return self as ApexDatetime;
};

function shiftLocal(
  value: ApexDatetime,
  timeZone: string,
  change: (f: LocalFields) => { y: number; m: number; d: number }
): ApexDatetime {
  const f = localFields(value.epochMs, timeZone);
  const { y, m, d } = change(f);
  return ApexDatetime.fromEpochMs(
    fromLocal(y, m, d, f.hour, f.minute, f.second, f.millisecond, timeZone)
  );
}

function addMonthsLocal(value: ApexDatetime, months: number, timeZone: string): ApexDatetime {
  return shiftLocal(value, timeZone, (f) => {
    const target = addMonthsToDate(ApexDate.of(f.year, f.month, f.day), months);
    return { y: target.year, m: target.month, d: target.day };
  });
}

/** `1/31/2024, 2:05 AM`: en_US short date and time as the platform's ICU locale formats print it. */
export function formatLocaleDatetime(epochMs: number, timeZone: string): string {
  return formatPattern(epochMs, 'M/d/yyyy, h:mm a', timeZone);
}

function tzArg(args: readonly unknown[], i: number): string {
  const tz = str(args, i);
  return isValidTimeZone(tz) ? tz : 'GMT'; // java.util.TimeZone.getTimeZone falls back to GMT
}

const field =
  (pick: (f: LocalFields) => number, gmt: boolean): NativeMethod =>
  (self, _a, ctx) =>
    pick(gmt ? gmtFields(dt(self).epochMs) : localFields(dt(self).epochMs, userTimeZone(ctx)));

const datetimeClass: NativeClass = {
  name: 'Datetime',
  staticMethods: {
    now: (_s, _a, ctx) => ctx.tx.now(),
    newinstance(_s, args, ctx) {
      const tz = userTimeZone(ctx);
      if (args.length === 1) {
        const ms = args[0];
        if (ms === null) nullPointer();
        return ApexDatetime.fromEpochMs(Number(ms as bigint | number));
      }
      if (args.length === 2) {
        const d = dateArg(args, 0);
        const t = args[1] as ApexTime;
        if (t === null) nullPointer();
        return ApexDatetime.fromEpochMs(
          fromLocal(d.year, d.month, d.day, t.hour, t.minute, t.second, t.millisecond, tz)
        );
      }
      if (args.length === 3)
        return ApexDatetime.fromEpochMs(
          fromLocal(int(args, 0), int(args, 1), int(args, 2), 0, 0, 0, 0, tz)
        );
      if (args.length === 6) {
        return ApexDatetime.fromEpochMs(
          fromLocal(
            int(args, 0),
            int(args, 1),
            int(args, 2),
            int(args, 3),
            int(args, 4),
            int(args, 5),
            0,
            tz
          )
        );
      }
      return noOverload('Datetime', 'newInstance', args, ctx);
    },
    newinstancegmt(_s, args, ctx) {
      if (args.length === 2) {
        const d = dateArg(args, 0);
        const t = args[1] as ApexTime;
        if (t === null) nullPointer();
        return ApexDatetime.fromEpochMs(d.epochDay * MS_PER_DAY + t.msOfDay);
      }
      if (args.length === 3) return ApexDatetime.ofGmt(int(args, 0), int(args, 1), int(args, 2));
      if (args.length === 6)
        return ApexDatetime.ofGmt(
          int(args, 0),
          int(args, 1),
          int(args, 2),
          int(args, 3),
          int(args, 4),
          int(args, 5)
        );
      return noOverload('Datetime', 'newInstanceGmt', args, ctx);
    },
    valueof(_s, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') return parseDatetimeValueOf(v, userTimeZone(ctx));
      if (v instanceof ApexDatetime) return v;
      return noOverload('Datetime', 'valueOf', args, ctx);
    },
    valueofgmt: (_s, args) => parseDatetimeValueOf(str(args, 0), 'GMT'),
    parse: (_s, args, ctx) => parseDatetimeLocale(str(args, 0), userTimeZone(ctx))
  },
  instanceMethods: {
    adddays: (self, args, ctx) =>
      shiftLocal(dt(self), userTimeZone(ctx), (f) => {
        const d = ApexDate.of(f.year, f.month, f.day).addDays(int(args, 0));
        return { y: d.year, m: d.month, d: d.day };
      }),
    addmonths: (self, args, ctx) => addMonthsLocal(dt(self), int(args, 0), userTimeZone(ctx)),
    addyears: (self, args, ctx) => addMonthsLocal(dt(self), int(args, 0) * 12, userTimeZone(ctx)),
    addhours: (self, args) => ApexDatetime.fromEpochMs(dt(self).epochMs + int(args, 0) * 3_600_000),
    addminutes: (self, args) => ApexDatetime.fromEpochMs(dt(self).epochMs + int(args, 0) * 60_000),
    addseconds: (self, args) => ApexDatetime.fromEpochMs(dt(self).epochMs + int(args, 0) * 1000),
    date: (self, _a, ctx) => {
      const f = localFields(dt(self).epochMs, userTimeZone(ctx));
      return ApexDate.of(f.year, f.month, f.day);
    },
    dategmt: (self) => dt(self).dateGmt(),
    time: (self, _a, ctx) => {
      const f = localFields(dt(self).epochMs, userTimeZone(ctx));
      return ApexTime.of(f.hour, f.minute, f.second, f.millisecond);
    },
    timegmt: (self) => {
      const f = gmtFields(dt(self).epochMs);
      return ApexTime.of(f.hour, f.minute, f.second, f.millisecond);
    },
    year: field((f) => f.year, false),
    yeargmt: field((f) => f.year, true),
    month: field((f) => f.month, false),
    monthgmt: field((f) => f.month, true),
    day: field((f) => f.day, false),
    daygmt: field((f) => f.day, true),
    dayofyear: field((f) => dayOfYear(f.year, f.month, f.day), false),
    dayofyeargmt: field((f) => dayOfYear(f.year, f.month, f.day), true),
    hour: field((f) => f.hour, false),
    hourgmt: field((f) => f.hour, true),
    minute: field((f) => f.minute, false),
    minutegmt: field((f) => f.minute, true),
    second: field((f) => f.second, false),
    secondgmt: field((f) => f.second, true),
    millisecond: field((f) => f.millisecond, false),
    millisecondgmt: field((f) => f.millisecond, true),
    gettime: (self) => BigInt(dt(self).epochMs),
    issameday: (self, args, ctx) => {
      const other = args[0];
      if (other === null) nullPointer();
      const tz = userTimeZone(ctx);
      const a = localFields(dt(self).epochMs, tz);
      const b = localFields((other as ApexDatetime).epochMs, tz);
      return a.year === b.year && a.month === b.month && a.day === b.day;
    },
    format(self, args, ctx) {
      if (args.length === 0) return formatLocaleDatetime(dt(self).epochMs, userTimeZone(ctx));
      const pattern = str(args, 0);
      return formatPattern(
        dt(self).epochMs,
        pattern,
        args.length > 1 ? tzArg(args, 1) : userTimeZone(ctx)
      );
    },
    formatgmt: (self, args) => formatPattern(dt(self).epochMs, str(args, 0), 'GMT'),
    formatlong: (self, _a, ctx) =>
      formatPattern(dt(self).epochMs, 'M/d/yyyy, h:mm:ss a z', userTimeZone(ctx))
  },
  returnTypes: {
    now: T.Datetime,
    newinstance: T.Datetime,
    newinstancegmt: T.Datetime,
    valueof: T.Datetime,
    valueofgmt: T.Datetime,
    parse: T.Datetime,
    adddays: T.Datetime,
    addmonths: T.Datetime,
    addyears: T.Datetime,
    addhours: T.Datetime,
    addminutes: T.Datetime,
    addseconds: T.Datetime,
    date: T.Date,
    dategmt: T.Date,
    time: T.Time,
    timegmt: T.Time,
    year: T.Integer,
    yeargmt: T.Integer,
    month: T.Integer,
    monthgmt: T.Integer,
    day: T.Integer,
    daygmt: T.Integer,
    dayofyear: T.Integer,
    dayofyeargmt: T.Integer,
    hour: T.Integer,
    hourgmt: T.Integer,
    minute: T.Integer,
    minutegmt: T.Integer,
    second: T.Integer,
    secondgmt: T.Integer,
    millisecond: T.Integer,
    millisecondgmt: T.Integer,
    gettime: T.Long,
    issameday: T.Boolean,
    format: T.String,
    formatgmt: T.String,
    formatlong: T.String
  }
};

// ------------------------------------------------------------------------------------------------
// Time
// ------------------------------------------------------------------------------------------------

const time = (self: unknown): ApexTime => {
  if (self === null || self === undefined) nullPointer();
  return self as ApexTime;
};
const addMs = (t: ApexTime, ms: number) => ApexTime.of(0, 0, 0, t.msOfDay + ms);

const timeClass: NativeClass = {
  name: 'Time',
  staticMethods: {
    newinstance: (_s, args) => ApexTime.of(int(args, 0), int(args, 1), int(args, 2), int(args, 3))
  },
  instanceMethods: {
    addhours: (self, args) => addMs(time(self), (int(args, 0) % 24) * 3_600_000),
    addminutes: (self, args) => addMs(time(self), (int(args, 0) % 1440) * 60_000),
    addseconds: (self, args) => addMs(time(self), (int(args, 0) % 86400) * 1000),
    addmilliseconds: (self, args) => addMs(time(self), int(args, 0) % MS_PER_DAY),
    hour: (self) => time(self).hour,
    minute: (self) => time(self).minute,
    second: (self) => time(self).second,
    millisecond: (self) => time(self).millisecond
  },
  returnTypes: {
    newinstance: T.Time,
    addhours: T.Time,
    addminutes: T.Time,
    addseconds: T.Time,
    addmilliseconds: T.Time,
    hour: T.Integer,
    minute: T.Integer,
    second: T.Integer,
    millisecond: T.Integer
  }
};

export const dateTimeClasses: NativeClass[] = [dateClass, datetimeClass, timeClass];
