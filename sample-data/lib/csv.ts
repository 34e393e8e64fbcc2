/**
 * A buffered CSV file writer: rows go to disk in ~1 MB chunks, so the large preset never holds a
 * file in memory. RFC 4180 quoting, LF line ends, UTF-8 without a BOM.
 */
import fs from 'node:fs';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvWriter {
  private readonly fd: number;
  private buffer = '';
  rows = 0;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    private readonly chunkChars = 1 << 20,
  ) {
    this.fd = fs.openSync(file, 'w');
    this.buffer = header.map(csvField).join(',') + '\n';
  }

  /** Writes one row; values must be in header order. */
  row(values: readonly string[]): void {
    if (values.length !== this.header.length) {
      throw new Error(`${this.file}: row has ${values.length} values, header has ${this.header.length}`);
    }
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) line += ',';
      line += csvField(values[i] as string);
    }
    this.buffer += line + '\n';
    this.rows++;
    if (this.buffer.length >= this.chunkChars) this.flush();
  }

  flush(): void {
    if (this.buffer.length > 0) fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}
