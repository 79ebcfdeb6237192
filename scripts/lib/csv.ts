import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;
const escapedCache = new Map<string, string>();

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (NEEDS_QUOTES.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** csvField for values that repeat a lot (message texts from a pool): escaped once. */
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
 * A streaming buffered text writer: appends go to an in-memory buffer flushed in large
 * chunks; `write` awaits the stream's drain when the OS buffer is full, so memory stays
 * flat whatever the output size.
 */
export class BufferedWriter {
  /** Pending text as pieces: joined once per flush (cheaper than flattening a long rope). */
  private pieces: string[] = [];
  private pendingLength = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly flushAt = 1 << 17
  ) {
    // a large stream buffer lets generation go on while earlier chunks are written
    this.stream = createWriteStream(path, { highWaterMark: 1 << 18 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Appends text; returns a promise only when the caller must wait for the disk. */
  append(text: string): Promise<void> | undefined {
    this.pieces.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.flushAt) return this.flush();
    return undefined;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pendingLength === 0) return;
    const chunk = Buffer.from(this.pieces.join(''), 'utf8');
    this.pieces = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
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
