import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (NEEDS_QUOTES.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

const escapedCache = new Map<string, string>();

/** csvField of a long value that repeats a lot (message texts from a pool), escaped once. */
export function csvFieldCached(text: string): string {
  let escaped = escapedCache.get(text);
  if (escaped === undefined) {
    escaped = csvField(text);
    if (escapedCache.size < 100_000) escapedCache.set(text, escaped);
  }
  return escaped;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return line + '\r\n';
}

/**
 * A streaming buffered writer: text is UTF-8 encoded straight into a preallocated chunk
 * (no joined intermediate string, no per-flush encode of the whole chunk), pre-encoded
 * bytes are copied in, and a full chunk goes to the file stream. `append` returns a promise
 * only when the caller must wait for the disk, so memory stays flat whatever the output size.
 */
const TEXT_BATCH = 16_384;

export class BufferedWriter {
  private chunk: Buffer;
  private used = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly chunkSize = 1 << 20
  ) {
    this.chunk = Buffer.allocUnsafe(chunkSize);
    // a large stream buffer lets generation go on while earlier chunks are written
    this.stream = createWriteStream(path, { highWaterMark: 1 << 22 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Short appends gather here and are encoded together (one encode call per few KB). */
  private text = '';

  /** Appends text; returns a promise only when the caller must wait for the disk. */
  append(text: string): Promise<void> | undefined {
    this.text += text;
    if (this.text.length < TEXT_BATCH) return undefined;
    return this.encodeText();
  }

  /** Encodes the gathered text into the chunk. */
  private encodeText(): Promise<void> | undefined {
    const text = this.text;
    this.text = '';
    // a UTF-16 code unit takes at most 3 UTF-8 bytes
    if (this.used + text.length * 3 > this.chunkSize) {
      if (text.length * 3 > this.chunkSize) return this.appendLarge(Buffer.from(text, 'utf8'));
      const waiting = this.flush();
      this.used += this.chunk.write(text, this.used);
      return waiting;
    }
    this.used += this.chunk.write(text, this.used);
    return undefined;
  }

  /** Appends bytes already encoded as UTF-8 (values that repeat: encoded once). */
  appendBytes(bytes: Buffer): Promise<void> | undefined {
    const before = this.text.length > 0 ? this.encodeText() : undefined;
    const after = this.copyBytes(bytes);
    return before && after ? before.then(() => after) : (before ?? after);
  }

  private copyBytes(bytes: Buffer): Promise<void> | undefined {
    if (this.used + bytes.length > this.chunkSize) {
      if (bytes.length > this.chunkSize) return this.appendLarge(bytes);
      const waiting = this.flush();
      this.used += bytes.copy(this.chunk, this.used);
      return waiting;
    }
    this.used += bytes.copy(this.chunk, this.used);
    return undefined;
  }

  private async appendLarge(bytes: Buffer): Promise<void> {
    await this.flush();
    await this.send(bytes);
  }

  /** Hands the filled part of the chunk to the stream and starts a new chunk. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.text.length > 0) {
      const waiting = this.encodeText();
      if (waiting) return waiting.then(() => this.flush());
    }
    if (this.used === 0) return Promise.resolve();
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(this.chunkSize);
    this.used = 0;
    return this.send(full);
  }

  private async send(bytes: Buffer): Promise<void> {
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

/** A CSV file with a fixed header, written row by row (RFC 4180, CRLF line ends). */
export class CsvWriter {
  private readonly out: BufferedWriter;
  rows = 0;

  constructor(
    path: string,
    readonly header: readonly string[]
  ) {
    this.out = new BufferedWriter(path);
    this.out.append(csvRow(header));
  }

  get path(): string {
    return this.out.path;
  }

  write(
    values: readonly (string | number | boolean | null | undefined)[]
  ): Promise<void> | undefined {
    if (values.length !== this.header.length) {
      throw new Error(
        `CSV ${this.out.path}: row has ${values.length} values, header has ${this.header.length}`
      );
    }
    this.rows++;
    return this.out.append(csvRow(values));
  }

  /** Appends an already-encoded line (ends with CRLF); for hot paths with pre-escaped fields. */
  writeRaw(line: string): Promise<void> | undefined {
    this.rows++;
    return this.out.append(line);
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/**
 * Incremental RFC 4180 parser: feed text chunks, get complete records back. Handles quoted
 * fields with commas, doubled quotes and line breaks, and CRLF or LF line ends.
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  private quotePending = false;
  private fieldStarted = false;
  private lastWasCr = false;

  push(chunk: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          // fall through: ch is the character after the closing quote
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        this.lastWasCr = false;
      } else if (ch === ',') {
        this.endField();
        this.lastWasCr = false;
      } else if (ch === '\r') {
        this.endRecord(out);
        this.lastWasCr = true;
      } else if (ch === '\n') {
        if (!this.lastWasCr) this.endRecord(out);
        this.lastWasCr = false;
      } else {
        this.field += ch;
        this.fieldStarted = true;
        this.lastWasCr = false;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record when the text did not end with a line break. */
  end(): string[][] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new Error('CSV: unterminated quoted field at end of input');
    const out: string[][] = [];
    if (this.fieldStarted || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: string[][]): void {
    this.endField();
    out.push(this.record);
    this.record = [];
  }
}

export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
