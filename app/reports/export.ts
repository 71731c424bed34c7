/**
 * A report as a file: which table, what it is called, its media type and how it is written. The JSON API and
 * the pages both download through this, so a file is the same whichever way it was asked for.
 */
import type { Writable } from 'node:stream';
import { validationFailed } from '../errors';
import { writeCsv } from './export-csv';
import { writeXlsx } from './export-xlsx';
import type { Report } from './table';

export type FileFormat = 'csv' | 'xlsx';

export interface ReportFile {
  contentType: string;
  fileName: string;
  write(stream: Writable): Promise<void>;
}

/** CSV holds one table (`tableKey`, default the report's first); XLSX all of them, one sheet each. */
export function reportFile(report: Report, format: FileFormat, tableKey?: string): ReportFile {
  const base = `bao-cao-${report.report}`;
  const period = `${report.filter.from}-${report.filter.to}`;
  if (format === 'xlsx') {
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `${base}-${period}.xlsx`,
      write: (stream) => writeXlsx(stream, report),
    };
  }
  const table = tableKey ? report.tables.find((t) => t.key === tableKey) : report.tables[0];
  if (!table) {
    throw validationFailed([
      {
        path: 'query.table',
        message: `Báo cáo này có các bảng: ${report.tables.map((t) => t.key).join(', ')}`,
      },
    ]);
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName: `${base}${tableKey ? `-${table.key}` : ''}-${period}.csv`,
    write: (stream) => writeCsv(stream, table),
  };
}
