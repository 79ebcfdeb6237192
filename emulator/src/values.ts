/**
 * Runtime representation of Apex primitive values, shared by every emulator area
 * (schema defaults, record store, SOQL, DML, interpreter, system library).
 *
 *   Apex type      JS representation
 *   ---------      -----------------
 *   null           null          (never undefined)
 *   Boolean        boolean
 *   Integer        number        (always an int32; arithmetic wraps as Java int does)
 *   Long           bigint        (int64; arithmetic wraps as Java long does)
 *   Double         ApexDouble    (boxed, so `instanceof Double` and `Integer` can be told apart)
 *   Decimal        Decimal       (decimal.js, keeps its scale: see decimalScale())
 *   String, Id     string        (an Id is a string whose static type is Id; 18 chars in storage)
 *   Date           ApexDate
 *   Datetime       ApexDatetime  (an instant, milliseconds since the epoch, GMT)
 *   Time           ApexTime
 *   Blob           ApexBlob
 *
 * Record field values use the same representation: Number/Currency/Percent fields hold
 * Decimal, Checkbox boolean, Date ApexDate, Datetime ApexDatetime, Time ApexTime, every
 * text-like field (Text, TextArea, Picklist, Phone, Email, Url, Id, Lookup) string.
 */
import Decimal from 'decimal.js';

export { Decimal };

/** Apex Decimal arithmetic uses at most 32 significant digits; we keep more and round on output. */
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export class ApexDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return formatDouble(this.value);
  }
}

/** Java's Double.toString shape, which Apex's String.valueOf(Double) follows: 1.0, 1.5E10. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
    return `${m}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

const MS_PER_DAY = 86_400_000;

/** A calendar date with no time zone. Stored as days since 1970-01-01 (proleptic Gregorian). */
export class ApexDate {
  private constructor(readonly epochDay: number) {}

  static fromEpochDay(epochDay: number): ApexDate {
    return new ApexDate(epochDay);
  }

  /** month is 1-12; out-of-range day/month roll over as Date.newInstance does. */
  static of(year: number, month: number, day: number): ApexDate {
    return new ApexDate(Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY));
  }

  /** Parses `yyyy-MM-dd` (Date.valueOf / JSON / SOQL literal form). Returns null if malformed. */
  static parseIso(text: string): ApexDate | null {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text.trim());
    if (!match) return null;
    return ApexDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  private utc(): Date {
    return new Date(this.epochDay * MS_PER_DAY);
  }
  get year(): number {
    return this.utc().getUTCFullYear();
  }
  get month(): number {
    return this.utc().getUTCMonth() + 1;
  }
  get day(): number {
    return this.utc().getUTCDate();
  }
  addDays(days: number): ApexDate {
    return new ApexDate(this.epochDay + days);
  }
  equals(other: unknown): boolean {
    return other instanceof ApexDate && other.epochDay === this.epochDay;
  }
  compareTo(other: ApexDate): number {
    return this.epochDay - other.epochDay;
  }
  /** `yyyy-MM-dd`, the form String.valueOf(Date) and JSON use. */
  toIsoString(): string {
    return this.utc().toISOString().slice(0, 10);
  }
  toString(): string {
    return this.toIsoString();
  }
}

/** An instant. Local-time views take an IANA time zone id (the running user's). */
export class ApexDatetime {
  private constructor(readonly epochMs: number) {}

  static fromEpochMs(epochMs: number): ApexDatetime {
    return new ApexDatetime(epochMs);
  }

  static ofGmt(
    year: number,
    month: number,
    day: number,
    hour = 0,
    minute = 0,
    second = 0,
    ms = 0
  ): ApexDatetime {
    return new ApexDatetime(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  }

  /** Parses ISO 8601 (`2024-01-31T10:00:00.000Z`, `+0000` offsets, SOQL literal form). Null if malformed. */
  static parseIso(text: string): ApexDatetime | null {
    const normalized = text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(normalized);
    return Number.isNaN(ms) ? null : new ApexDatetime(ms);
  }

  equals(other: unknown): boolean {
    return other instanceof ApexDatetime && other.epochMs === this.epochMs;
  }
  compareTo(other: ApexDatetime): number {
    return this.epochMs - other.epochMs;
  }
  /** `2024-01-31T10:00:00.000Z`, the JSON form. */
  toIsoString(): string {
    return new Date(this.epochMs).toISOString();
  }
  /** The GMT date part. */
  dateGmt(): ApexDate {
    return ApexDate.fromEpochDay(Math.floor(this.epochMs / MS_PER_DAY));
  }
  toString(): string {
    // String.valueOf(Datetime) is `yyyy-MM-dd HH:mm:ss` in GMT.
    return this.toIsoString().slice(0, 19).replace('T', ' ');
  }
}

/** A time of day, milliseconds since midnight. */
export class ApexTime {
  private constructor(readonly msOfDay: number) {}
  static of(hour: number, minute: number, second: number, ms: number): ApexTime {
    const total = (((hour * 60 + minute) * 60 + second) * 1000 + ms) % MS_PER_DAY;
    return new ApexTime(total < 0 ? total + MS_PER_DAY : total);
  }
  get hour(): number {
    return Math.floor(this.msOfDay / 3_600_000);
  }
  get minute(): number {
    return Math.floor(this.msOfDay / 60_000) % 60;
  }
  get second(): number {
    return Math.floor(this.msOfDay / 1000) % 60;
  }
  get millisecond(): number {
    return this.msOfDay % 1000;
  }
  equals(other: unknown): boolean {
    return other instanceof ApexTime && other.msOfDay === this.msOfDay;
  }
  toString(): string {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}.${pad(this.millisecond, 3)}Z`;
  }
}

export class ApexBlob {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    return `Blob[${this.bytes.length}]`;
  }
}

export type ApexPrimitive =
  | null
  | boolean
  | number
  | bigint
  | string
  | ApexDouble
  | Decimal
  | ApexDate
  | ApexDatetime
  | ApexTime
  | ApexBlob;

/**
 * The number of digits after the decimal point of a Decimal. decimal.js drops trailing zeros
 * (1.50 becomes 1.5), where Apex keeps the scale: the system library (lib/decimal.ts) owns
 * every place where that difference shows, and SEMANTICS.md lists it.
 */
export function decimalScale(value: Decimal): number {
  return Math.max(0, value.decimalPlaces());
}
