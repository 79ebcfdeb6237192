import { ByteWriter } from './seed-bytes.js';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (NEEDS_QUOTES.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return line + '\r\n';
}

/** A CSV file with a fixed header, written row by row (RFC 4180, CRLF line ends). */
export class CsvWriter {
  /** The file's byte writer: hot paths encode their fields straight into it (see CsvSink). */
  readonly out: ByteWriter;
  rows = 0;

  constructor(
    path: string,
    readonly header: readonly string[]
  ) {
    this.out = new ByteWriter(path);
    this.out.text(csvRow(header));
  }

  get path(): string {
    return this.out.path;
  }

  /** Returns a promise only when the caller must wait for the disk. */
  write(
    values: readonly (string | number | boolean | null | undefined)[]
  ): Promise<void> | undefined {
    if (values.length !== this.header.length) {
      throw new Error(
        `CSV ${this.out.path}: row has ${values.length} values, header has ${this.header.length}`
      );
    }
    this.rows++;
    this.out.text(csvRow(values));
    return this.out.pressure();
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
