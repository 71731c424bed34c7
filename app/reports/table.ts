/**
 * What every report is made of: tables with typed columns and Vietnamese headers. JSON, CSV and XLSX are
 * three renderings of the same tables (app/reports/export-*.ts), so a figure can never differ between them.
 */
export type ColumnType = 'text' | 'integer' | 'money' | 'decimal' | 'percent' | 'date';

export interface ReportColumn {
  key: string;
  /** Vietnamese, as printed in the header row of CSV and XLSX. */
  header: string;
  type: ColumnType;
}

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface ReportTable {
  key: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
}

export interface ReportFilter {
  from: string;
  to: string;
  unitCode?: string;
  procedureId?: string;
}

export interface Report {
  report: string;
  title: string;
  filter: ReportFilter;
  /** Legal date the report was made (its "now" for backlog ages). */
  generatedOn: string;
  /** What the figures mean where a reader could take them otherwise (definitions, missing form columns). */
  notes: string[];
  tables: ReportTable[];
}

export const col = (key: string, header: string, type: ColumnType = 'integer'): ReportColumn => ({
  key,
  header,
  type,
});
