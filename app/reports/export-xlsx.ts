/**
 * A report as an XLSX workbook (exceljs): one sheet per table, Vietnamese headers in a bold, frozen first row,
 * number formats per column type, and the report's title and notes on a last sheet. Uses exceljs's streaming
 * writer, so each row goes to the response as it is added instead of the whole workbook being built first.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnType, Report } from './table';

const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  money: '#,##0" đ"',
  decimal: '#,##0.0',
  percent: '0.0"%"',
  date: 'dd/mm/yyyy',
};

const WIDTHS: Record<ColumnType, number> = {
  text: 24,
  integer: 14,
  money: 20,
  decimal: 14,
  percent: 12,
  date: 12,
};

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string, index: number): string {
  return `${index + 1}. ${title}`.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
}

export async function writeXlsx(stream: Writable, report: Report): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'tgxh-engine';
  for (const [index, table] of report.tables.entries()) {
    const sheet = workbook.addWorksheet(sheetName(table.title, index), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((column) => ({
      header: column.header,
      key: column.key,
      width: Math.max(WIDTHS[column.type], Math.min(40, column.header.length + 2)),
      ...(NUMBER_FORMATS[column.type] ? { style: { numFmt: NUMBER_FORMATS[column.type]! } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of table.rows) {
      const values = Object.fromEntries(
        table.columns.map((column) => {
          const value = row[column.key] ?? null;
          // Dates go in as dates (at UTC midnight, as Excel has no time zone) so they sort and filter as dates.
          return [
            column.key,
            column.type === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value,
          ];
        }),
      );
      sheet.addRow(values).commit();
    }
    sheet.commit();
  }
  const about = workbook.addWorksheet('Ghi chú');
  about.addRow([report.title]).commit();
  about.addRow([`Kỳ báo cáo: ${report.filter.from} – ${report.filter.to}`]).commit();
  if (report.filter.unitCode) about.addRow([`Đơn vị: ${report.filter.unitCode}`]).commit();
  if (report.filter.procedureId) about.addRow([`Thủ tục: ${report.filter.procedureId}`]).commit();
  about.addRow([`Ngày lập: ${report.generatedOn}`]).commit();
  for (const note of report.notes) about.addRow([note]).commit();
  about.commit();
  await workbook.commit();
}
