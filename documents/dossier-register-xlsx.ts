/**
 * Form 07 (sổ theo dõi hồ sơ) as an XLSX workbook, for the officers who keep or sum the register in a
 * spreadsheet: the same columns as the printed register, Vietnamese headers, the header rows frozen, dates as
 * real dates (dd/mm/yyyy) and the ordinal as a number. Written with exceljs' streaming WorkbookWriter: each
 * row is committed to the zip stream as it comes, so a year of a province is never held in memory.
 */
import type { Writable } from 'node:stream';
import type { Borders, Style } from 'exceljs';
import type { DocumentDataInput } from './document-kinds';
import { vietnameseDate, shortDate } from './vietnamese-text';

type RegisterRow = DocumentDataInput<'dossier-register'>['rows'][number];

/** The column headers, in the printed register's order (templates/documents/dossier-register.hbs). */
export const DOSSIER_REGISTER_HEADERS = [
  'STT',
  'Mã hồ sơ',
  'Tên thủ tục hành chính',
  'Tên cá nhân, tổ chức',
  'Địa chỉ',
  'Ngày nhận hồ sơ',
  'Ngày hẹn trả kết quả',
  'Chuyển hồ sơ đến bộ phận, cơ quan giải quyết',
  'Ngày có kết quả',
  'Tình trạng (Trước hạn / Đúng hạn / Quá hạn)',
  'Ngày trả kết quả',
  'Ghi chú',
] as const;

const WIDTHS = [6, 20, 28, 24, 32, 12, 12, 48, 12, 14, 12, 30];
/** Rows above the data: title, period, headers (frozen). */
export const DOSSIER_REGISTER_HEADER_ROW = 3;

const DATE_FORMAT = 'dd/mm/yyyy';
const thin = { style: 'thin' as const };
const border: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: 'Times New Roman', size: 12 };

/** A legal date as the spreadsheet's date (midnight UTC: Excel dates have no zone). */
const excelDate = (date: string | undefined) => (date ? new Date(`${date}T00:00:00Z`) : null);

export interface RegisterTitle {
  unitName: string;
  from: string;
  to: string;
}

export async function writeDossierRegisterXlsx(
  out: Writable,
  title: RegisterTitle,
  rows: AsyncIterable<RegisterRow>,
): Promise<void> {
  // Loaded when first used: exceljs takes about a second to load, which every process importing documents/
  // (the worker among them) would otherwise pay at start.
  const { stream } = await import('exceljs');
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'tgxh-engine';
  const sheet = workbook.addWorksheet('Sổ theo dõi hồ sơ', {
    views: [{ state: 'frozen', ySplit: DOSSIER_REGISTER_HEADER_ROW, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));

  const titleRow = sheet.addRow([`SỔ THEO DÕI HỒ SƠ - ${title.unitName}`]);
  titleRow.font = { ...FONT, size: 14, bold: true };
  titleRow.commit();
  const periodRow = sheet.addRow([
    `Từ ${vietnameseDate(title.from)} đến ${vietnameseDate(title.to)} (${shortDate(title.from)} - ${shortDate(title.to)})`,
  ]);
  periodRow.font = { ...FONT, italic: true };
  periodRow.commit();

  const header = sheet.addRow([...DOSSIER_REGISTER_HEADERS]);
  header.eachCell((cell) => {
    cell.style = {
      font: { ...FONT, bold: true },
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      border,
    } satisfies Partial<Style>;
  });
  header.commit();

  let ordinal = 0;
  for await (const row of rows) {
    ordinal += 1;
    const line = sheet.addRow([
      ordinal,
      row.dossierCode,
      row.procedure,
      row.applicant.fullName,
      row.applicant.address ?? '',
      excelDate(row.receivedOn),
      excelDate(row.appointmentOn),
      row.processingUnits.join('\n'),
      excelDate(row.resultOn),
      row.status ?? '',
      excelDate(row.returnedOn),
      row.note ?? '',
    ]);
    line.eachCell({ includeEmpty: true }, (cell, column) => {
      const isDate = [6, 7, 9, 11].includes(column);
      cell.style = {
        font: FONT,
        alignment: {
          vertical: 'top',
          wrapText: true,
          ...(isDate || column === 1 ? { horizontal: 'center' } : {}),
        },
        border,
        ...(isDate ? { numFmt: DATE_FORMAT } : column === 1 ? { numFmt: '0' } : {}),
      };
    });
    line.commit();
  }
  sheet.commit();
  await workbook.commit();
}
