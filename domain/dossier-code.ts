/**
 * Dossier codes (mã hồ sơ): one per dossier, unique nationally, written `<unit code>-<YYMMDD>-<sequence>`
 * (DOMAIN.md §5, [U]: the shape used in practice by the public service portals), e.g. `26734-260105-0007`.
 *
 * Unit code: either an official administrative unit code (2 digits for a province, 3 for a district,
 * 5 for a commune; 4 digits accepted too, so any 2–5 digit code passes), or an agency identifier of the
 * national electronic identifier scheme (Decision 20/2020/QĐ-TTg) as seen on portal dossier codes, four
 * dot-separated parts ending with the province/ministry part, e.g. `000.00.17.H56`.
 * YYMMDD is the receipt date, always read as 20YY. The sequence is 0001–9999 per unit and day.
 */
import { DomainError } from './domain-error';
import { isValidCalendarDate, parseIsoDate } from './iso-date';

export interface DossierCodeParts {
  readonly unitCode: string;
  /** 'YYYY-MM-DD' */
  readonly receivedOn: string;
  /** 1–9999 */
  readonly sequence: number;
}

const ADMINISTRATIVE_UNIT_CODE = /^\d{2,5}$/;
const AGENCY_IDENTIFIER = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const DOSSIER_CODE = /^(.+)-(\d{6})-(\d{4})$/;
export const MAX_DOSSIER_SEQUENCE = 9999;

function invalid(what: string, messageEn: string, messageVi: string): DomainError {
  return new DomainError('INVALID_DOSSIER_CODE', `${what}: ${messageEn}`, `${what}: ${messageVi}`);
}

export function isValidUnitCode(unitCode: string): boolean {
  return ADMINISTRATIVE_UNIT_CODE.test(unitCode) || AGENCY_IDENTIFIER.test(unitCode);
}

function assertUnitCode(unitCode: string, what: string): void {
  if (!isValidUnitCode(unitCode)) {
    throw invalid(
      what,
      `unit code "${unitCode}" must be 2–5 digits (administrative unit code) or an agency identifier like 000.00.17.H56`,
      `mã đơn vị "${unitCode}" phải gồm 2–5 chữ số (mã đơn vị hành chính) hoặc là mã định danh cơ quan dạng 000.00.17.H56`,
    );
  }
}

function assertSequence(sequence: number, what: string): void {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DOSSIER_SEQUENCE) {
    throw invalid(
      what,
      `sequence must be a whole number from 1 to ${MAX_DOSSIER_SEQUENCE}, got ${sequence}`,
      `số thứ tự phải là số nguyên từ 1 đến ${MAX_DOSSIER_SEQUENCE}, nhận được ${sequence}`,
    );
  }
}

export function formatDossierCode(parts: DossierCodeParts): string {
  const what = 'dossier code';
  assertUnitCode(parts.unitCode, what);
  const date = parseIsoDate(parts.receivedOn, 'receivedOn');
  if (date.year < 2000 || date.year > 2099) {
    throw invalid(
      what,
      `receipt date ${parts.receivedOn} must be in 2000–2099 (the code keeps two year digits)`,
      `ngày tiếp nhận ${parts.receivedOn} phải trong các năm 2000–2099 (mã chỉ ghi hai chữ số năm)`,
    );
  }
  assertSequence(parts.sequence, what);
  const yymmdd = parts.receivedOn.slice(2, 4) + parts.receivedOn.slice(5, 7) + parts.receivedOn.slice(8, 10);
  return `${parts.unitCode}-${yymmdd}-${String(parts.sequence).padStart(4, '0')}`;
}

export function parseDossierCode(code: string): DossierCodeParts {
  const what = `dossier code "${code}"`;
  const match = DOSSIER_CODE.exec(code.trim());
  if (!match) {
    throw invalid(
      what,
      'expected <unit code>-<YYMMDD>-<4-digit sequence>, e.g. 26734-260105-0007',
      'phải có dạng <mã đơn vị>-<YYMMDD>-<số thứ tự 4 chữ số>, ví dụ 26734-260105-0007',
    );
  }
  const [, unitCode = '', yymmdd = '', sequenceText = ''] = match;
  assertUnitCode(unitCode, what);
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (!isValidCalendarDate(year, month, day)) {
    throw invalid(
      what,
      `"${yymmdd}" is not a real date (YYMMDD)`,
      `"${yymmdd}" không phải là ngày có thật (YYMMDD)`,
    );
  }
  const sequence = Number(sequenceText);
  assertSequence(sequence, what);
  const receivedOn = `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  return { unitCode, receivedOn, sequence };
}

export function isDossierCode(code: string): boolean {
  // Most strings asked about are not codes (every path segment of every request: runtime/http-observability):
  // refused by the pattern alone, without building an error and its stack (a CPU profile's top frame, issue 17).
  const match = DOSSIER_CODE.exec(code.trim());
  if (!match || !isValidUnitCode(match[1]!)) return false;
  try {
    parseDossierCode(code);
    return true;
  } catch {
    return false;
  }
}
