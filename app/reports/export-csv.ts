/**
 * One report table as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as
 * mojibake), CRLF line ends, RFC 4180 quoting, numbers as plain digits, dates as YYYY-MM-DD. Written row by
 * row to the stream.
 */
import type { Writable } from 'node:stream';
import type { Cell, ReportTable } from './table';

const BOM = '\uFEFF';

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  // A cell that starts like a formula is quoted with a leading apostrophe so Excel does not evaluate it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

export async function writeCsv(stream: Writable, table: ReportTable): Promise<void> {
  await write(stream, BOM + table.columns.map((column) => csvCell(column.header)).join(',') + '\r\n');
  for (const row of table.rows) {
    await write(stream, table.columns.map((column) => csvCell(row[column.key] ?? null)).join(',') + '\r\n');
  }
  stream.end();
}
