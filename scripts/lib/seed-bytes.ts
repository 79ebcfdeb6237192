import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * The seed's output writer: values are encoded as UTF-8 straight into a preallocated chunk
 * (no row strings, no joined batches, no native call per short value), and a full chunk
 * goes to the file stream. Fixed-layout values (zero-padded numbers, ISO times) are written
 * as digits; short strings are encoded by a JS loop that also checks whether CSV or JSON
 * needs to escape them; long values that repeat (pooled message texts) are encoded once.
 *
 * Back-pressure: `pressure()` returns a promise only while the file stream holds more than
 * its buffer limit, so memory stays flat whatever the output size. A stream error (disk full,
 * a removed folder) rejects the next `pressure()` or `close()`.
 */

const CHUNK_SIZE = 1 << 18;
/** Bytes the file stream may hold before the generator waits for the disk. */
const STREAM_BUFFER = 1 << 20;
/** Strings shorter than this are encoded by the JS loop; longer ones by Buffer#write. */
const NATIVE_FROM = 64;

const DAY_MS = 86_400_000;
/** `YYYY-MM-DDT` of the days 1970-01-01 to 2079-12-31 (ASCII, 11 bytes each), filled on first use. */
const FIRST_CACHED_DAY = 0;
const CACHED_DAYS = 40_177;
const DAY_PREFIXES = new Uint8Array(CACHED_DAYS * 11);
const DAY_KNOWN = new Uint8Array(CACHED_DAYS);

function cacheDay(day: number, slot: number): void {
  const prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  for (let i = 0; i < 11; i++) DAY_PREFIXES[slot * 11 + i] = prefix.charCodeAt(i);
  DAY_KNOWN[slot] = 1;
}

export class ByteWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  /** A chunk went to the stream since the stream was last seen below its limit. */
  private mayBlock = false;
  private drainWait: Promise<void> | null = null;
  /** Chunks the stream has written, ready for reuse. */
  private readonly free: Buffer[] = [];

  constructor(
    readonly path: string,
    private readonly chunkSize = CHUNK_SIZE
  ) {
    this.buf = Buffer.allocUnsafeSlow(chunkSize);
    // a large stream buffer lets generation go on while earlier chunks are written
    this.stream = createWriteStream(path, { highWaterMark: STREAM_BUFFER });
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  /** Makes room for n more bytes in the current chunk. */
  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.spill(n);
  }

  /** Hands the filled part of the chunk to the stream and starts a new chunk. */
  private spill(atLeast: number): void {
    if (this.pos > 0) {
      const chunk = this.buf;
      // a written chunk is reused (no garbage chunks waiting for a GC to free their memory)
      this.stream.write(chunk.subarray(0, this.pos), () => {
        if (chunk.length === this.chunkSize && this.free.length < 3) this.free.push(chunk);
      });
      this.mayBlock = true;
    }
    this.buf =
      atLeast <= this.chunkSize
        ? (this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkSize))
        : Buffer.allocUnsafeSlow(atLeast);
    this.pos = 0;
  }

  /**
   * A promise when the caller must wait for the disk (the stream is over its limit) or the
   * stream failed; undefined otherwise (almost always).
   */
  pressure(): Promise<void> | undefined {
    if (!this.mayBlock) return undefined;
    if (this.failure) return Promise.reject(this.failure);
    if (this.drainWait) return this.drainWait;
    if (!this.stream.writableNeedDrain) {
      this.mayBlock = false;
      return undefined;
    }
    // once() rejects when the stream emits 'error' instead of 'drain'
    this.drainWait = once(this.stream, 'drain').then(
      () => {
        this.drainWait = null;
        if (this.failure) throw this.failure;
      },
      (error: unknown) => {
        this.drainWait = null;
        throw this.failure ?? error;
      }
    );
    return this.drainWait;
  }

  /** One byte (an ASCII character code). */
  byte(code: number): void {
    if (this.pos >= this.buf.length) this.spill(1);
    this.buf[this.pos++] = code;
  }

  /** Bytes already encoded (constants, cached values). */
  bytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    const buf = this.buf;
    let pos = this.pos;
    // a JS loop beats the native copy only for a few bytes
    if (n < 12) {
      for (let i = 0; i < n; i++) buf[pos++] = bytes[i] as number;
    } else {
      buf.set(bytes, pos);
      pos += n;
    }
    this.pos = pos;
  }

  /** Text known to be ASCII (generated ids, digits, constant names): one byte per character. */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Any text, as UTF-8 (a lone surrogate becomes U+FFFD, as Buffer#write does). */
  text(text: string): void {
    const n = text.length;
    this.room(n * 3);
    if (n >= NATIVE_FROM) {
      this.pos += this.buf.write(text, this.pos, 'utf8');
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[pos++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          buf[pos++] = 0xef;
          buf[pos++] = 0xbf;
          buf[pos++] = 0xbd;
        }
      }
    }
    this.pos = pos;
  }

  /** An RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
  csv(value: string): void {
    const n = value.length;
    this.room(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      // anything but plain ASCII (or a character that needs quoting): the general path
      if (c >= 0x80 || c === 0x22 || c === 0x2c || c === 0x0d || c === 0x0a) {
        this.text(csvEscape(value));
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** A JSON string, quotes included, exactly as JSON.stringify writes it. */
  json(value: string): void {
    const n = value.length;
    this.room(n + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) {
        this.text(JSON.stringify(value));
        return;
      }
      buf[pos++] = c;
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /** A non-negative integer, zero-padded to `width` digits (more digits when it needs them). */
  digits(value: number, width: number): void {
    if (!(value >= 0 && value <= 0x7fffffff && Number.isInteger(value))) {
      this.ascii(String(value).padStart(width, '0'));
      return;
    }
    let count = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) count++;
    const n = count > width ? count : width;
    this.room(n);
    const buf = this.buf;
    const start = this.pos;
    let rest = value;
    for (let i = start + n - 1; i >= start; i--) {
      const next = (rest / 10) | 0;
      buf[i] = 0x30 + rest - next * 10;
      rest = next;
    }
    this.pos = start + n;
  }

  /** ISO 8601 UTC of a time, to the second (`2021-02-14T17:30:22.000Z`), as new Date(ms) prints it. */
  isoSeconds(ms: number): void {
    const day = Math.floor(ms / DAY_MS);
    const slot = day - FIRST_CACHED_DAY;
    if (!(slot >= 0 && slot < CACHED_DAYS)) {
      // outside the cached years: through Date (years beyond 9999 print as +YYYYYY)
      const iso = new Date(day * DAY_MS).toISOString();
      this.ascii(iso.slice(0, iso.indexOf('T') + 1));
    } else {
      if (DAY_KNOWN[slot] === 0) cacheDay(day, slot);
      this.room(11);
      const buf = this.buf;
      let pos = this.pos;
      for (let i = slot * 11, end = i + 11; i < end; i++) buf[pos++] = DAY_PREFIXES[i] as number;
      this.pos = pos;
    }
    // seconds of the day: small integers from here on
    const seconds = ((ms - day * DAY_MS) / 1000) | 0;
    const hours = (seconds / 3600) | 0;
    const minutes = ((seconds / 60) | 0) % 60;
    const second = seconds % 60;
    this.room(13);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x30 + ((hours / 10) | 0);
    buf[pos++] = 0x30 + (hours % 10);
    buf[pos++] = 0x3a; // :
    buf[pos++] = 0x30 + ((minutes / 10) | 0);
    buf[pos++] = 0x30 + (minutes % 10);
    buf[pos++] = 0x3a;
    buf[pos++] = 0x30 + ((second / 10) | 0);
    buf[pos++] = 0x30 + (second % 10);
    buf[pos++] = 0x2e; // .000Z
    buf[pos++] = 0x30;
    buf[pos++] = 0x30;
    buf[pos++] = 0x30;
    buf[pos++] = 0x5a;
    this.pos = pos;
  }

  /** Sends what is buffered to the stream; resolves when the stream is below its limit. */
  async flush(): Promise<void> {
    if (this.pos > 0) this.spill(0);
    await this.pressure();
  }

  /** Stops writing (the run failed): the file stays incomplete. */
  abort(): void {
    this.stream.destroy();
  }

  /** Writes the rest and closes the file; rejects with the stream's error, if any. */
  async close(): Promise<void> {
    if (this.pos > 0) this.spill(0);
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

/** RFC 4180 quoting of a value that needs it (and the value itself when it does not). */
export function csvEscape(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 || c === 0x2c || c === 0x0d || c === 0x0a) {
      return `"${value.replace(/"/g, '""')}"`;
    }
  }
  return value;
}

/** Encoded bytes of values that repeat (pooled message texts), each encoded once. */
export class EncodedCache {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(
    private readonly encode: (value: string) => string,
    private readonly limit = 100_000
  ) {}

  get(value: string): Uint8Array {
    let bytes = this.entries.get(value);
    if (bytes === undefined) {
      bytes = Buffer.from(this.encode(value), 'utf8');
      if (this.entries.size < this.limit) this.entries.set(value, bytes);
    }
    return bytes;
  }
}
