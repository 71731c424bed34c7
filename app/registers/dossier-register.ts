/**
 * Form 07, the dossier register (sổ theo dõi hồ sơ) of a unit for a period of at most a year: the dossiers
 * its communes received, one row each, printable (HTML, PDF: landscape A4) and as XLSX. Read by officers,
 * admins and auditors whose scope covers the unit. Generated on demand and never stored: like form 06 it is the
 * read model at the moment of printing, and a register period is chosen freely.
 *
 * What a row shows of a person is the same for every reader: the applicant's name and address (as on every
 * officer's page), never an ID number, an HIV status or a qualifying clause. For a protected dossier (HIV),
 * a reader who may not know the category gets the result line without its typed reason
 * (officer-view.ts#resultFor's rule), as everywhere else.
 */
import type { Writable } from 'node:stream';
import { countRegisterRows, registerRows, type RegisterRecord } from '../../db/dossier-register';
import { listUnits, type AdministrativeUnit } from '../../db/units';
import { renderOnDemand, renderPdf, writeDossierRegisterXlsx, type DocumentDataInput } from '../../documents';
import { sameDayNextYear } from '../../domain/iso-date';
import { isOnTimeStatus, onTimeStatus, type OnTimeStatus } from '../../domain/legal-time';
import { roleTitleForTier, ROLES, type Role } from '../../domain/procedures';

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);
import type { AuthenticatedUser } from '../auth/session';
import { callerScope } from '../auth/caller-scope';
import { ancestorsOf, unitsInScope } from '../auth/unit-scope';
import { clockOf, legalToday, type AppDeps } from '../deps';
import type { DossierDocument } from '../dossiers/documents';
import { hidesProtectedCategory } from '../dossiers/officer-view';
import { oneStopHeader } from '../dossiers/one-stop-header';
import { resultWithoutTypedReason } from '../dossiers/protected-category';
import { statusText } from '../dossiers/status-text';
import { AppError } from '../errors';

export type RegisterRow = DocumentDataInput<'dossier-register'>['rows'][number];

export interface RegisterRequest {
  unitCode: string;
  /** First and last day of receipt, 'YYYY-MM-DD', at most a year apart. */
  from: string;
  to: string;
}

/**
 * A printed register beyond this many rows is refused (its XLSX is not): a year of a large commune is a few
 * thousand dossiers, a province's far more, and a PDF of tens of thousands of rows helps no one.
 */
export const MAX_PRINTED_ROWS = 5000;

const invalidPeriod = (message: string) => new AppError(400, 'INVALID_PERIOD', message);

/** The period's own rule (dates already well-formed): 'to' not before 'from', at most one year. */
export function assertRegisterPeriod(from: string, to: string): void {
  if (to < from) throw invalidPeriod('Ngày cuối kỳ phải cùng ngày hoặc sau ngày đầu kỳ');
  if (to >= sameDayNextYear(from))
    throw invalidPeriod('Mỗi lần lập sổ theo dõi hồ sơ cho tối đa một năm: chọn khoảng thời gian ngắn hơn');
}

export interface OpenRegister {
  unit: AdministrativeUnit;
  provinceCode: string;
  from: string;
  to: string;
  /** How many dossiers the register holds (counted when it was opened). */
  count: number;
  /** The rows in order, read from the database a page at a time. */
  rows(): AsyncGenerator<RegisterRow>;
}

/** Checks the period and the caller's scope over the unit, and opens the register for reading. */
export async function openDossierRegister(
  deps: AppDeps,
  user: AuthenticatedUser,
  request: RegisterRequest,
): Promise<OpenRegister> {
  assertRegisterPeriod(request.from, request.to);
  const scope = await callerScope(deps, user);
  scope.assertAccess(request.unitCode, 'Đơn vị này nằm ngoài phạm vi quản lý của bạn');
  const units = new Map((await listUnits(deps.pool)).map((unit) => [unit.code, unit]));
  const unit = units.get(request.unitCode)!;
  // The unit and every unit under it (for a former district, the communes that were under it): dossiers are
  // kept by commune.
  const communeCodes = unitsInScope(
    { role: user.role, unitCode: request.unitCode },
    scope.parents,
    scope.formerParents,
  );
  const provinceCode = ancestorsOf(request.unitCode, scope.parents).at(-1) ?? request.unitCode.slice(0, 2);
  const query = { communeCodes, from: request.from, to: request.to };
  const today = legalToday(clockOf(deps)());
  return {
    unit,
    provinceCode,
    from: request.from,
    to: request.to,
    count: await countRegisterRows(deps.pool, query),
    async *rows() {
      for await (const record of registerRows(deps.pool, query))
        yield registerRow(user, record, units, today);
    },
  };
}

/**
 * Early, on time or late: a finished dossier as the workflow recorded it (domain/legal-time#onTimeStatus
 * against the appointment date), or — a refusal, which records none — the same rule on the day it finished;
 * one still open is late once its appointment date has passed, and has no status before.
 */
export function registerStatus(record: RegisterRecord, today: string): OnTimeStatus | undefined {
  if (record.finishedOn) {
    if (isOnTimeStatus(record.onTimeStatus)) return record.onTimeStatus;
    return record.appointmentDate ? onTimeStatus(record.finishedOn, record.appointmentDate) : undefined;
  }
  if (record.appointmentDate && onTimeStatus(today, record.appointmentDate) === 'Quá hạn') return 'Quá hạn';
  return undefined;
}

/** One row as this reader may see it (exported for its unit test). */
export function registerRow(
  user: AuthenticatedUser,
  record: RegisterRecord,
  units: ReadonlyMap<string, AdministrativeUnit>,
  today: string,
): RegisterRow {
  const handlers = record.handlers.map(
    ({ role, unitCode }) =>
      `${isRole(role) ? roleTitleForTier(record.tier, role) : role} (${units.get(unitCode)?.name ?? `mã ${unitCode}`})`,
  );
  const status = registerStatus(record, today);
  const result = hidesProtectedCategory(user, record) ? resultWithoutTypedReason(record) : record.result;
  const note = record.finishedOn ? result : statusText(record.status);
  return {
    dossierCode: record.code,
    procedure: record.procedureTitle,
    applicant: {
      fullName: record.applicantName,
      ...(record.applicantAddress?.trim() ? { address: record.applicantAddress } : {}),
    },
    receivedOn: record.receivedOn,
    ...(record.appointmentDate ? { appointmentOn: record.appointmentDate } : {}),
    processingUnits: [...new Set(handlers)],
    ...(record.finishedOn ? { resultOn: record.finishedOn } : {}),
    ...(status ? { status } : {}),
    ...(note?.trim() ? { note } : {}),
  };
}

const filenameOf = (register: OpenRegister, extension: string) =>
  `so-theo-doi-ho-so-${register.unit.code}-${register.from}-${register.to}.${extension}`;

/** The register printed: its HTML (the print view) or a PDF of it. */
export async function printedDossierRegister(
  deps: AppDeps,
  register: OpenRegister,
  format: 'html' | 'pdf',
): Promise<DossierDocument> {
  if (register.count > MAX_PRINTED_ROWS)
    throw new AppError(
      422,
      'REGISTER_TOO_LARGE',
      `Sổ có ${register.count.toLocaleString('vi-VN')} hồ sơ, quá ${MAX_PRINTED_ROWS.toLocaleString('vi-VN')} ` +
        'hồ sơ để in: chọn khoảng thời gian ngắn hơn hoặc tải tệp Excel (XLSX)',
    );
  const rows: RegisterRow[] = [];
  for await (const row of register.rows()) rows.push(row);
  const html = await renderOnDemand(
    deps.pool,
    register.provinceCode,
    'dossier-register',
    { unitName: register.unit.name, from: register.from, to: register.to, rows },
    oneStopHeader(register.unit, legalToday(clockOf(deps)())),
  );
  if (format === 'html') return { kind: 'html', filename: filenameOf(register, 'html'), body: html };
  return { kind: 'pdf', filename: filenameOf(register, 'pdf'), body: await renderPdf(html) };
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The register as an XLSX workbook written to `out` row by row; the caller sends the headers first. */
export async function writeDossierRegisterWorkbook(register: OpenRegister, out: Writable): Promise<void> {
  await writeDossierRegisterXlsx(
    out,
    { unitName: register.unit.name, from: register.from, to: register.to },
    register.rows(),
  );
}

export const registerXlsxFilename = (register: OpenRegister) => filenameOf(register, 'xlsx');

const LEVEL_ORDER = { province: 0, district: 1, commune: 2 } as const;

/** The units whose register the caller may print: their own and those under it, largest first. */
export async function registerUnits(deps: AppDeps, user: AuthenticatedUser): Promise<AdministrativeUnit[]> {
  const scope = await callerScope(deps, user);
  return (await listUnits(deps.pool))
    .filter((unit) => scope.canAccess(unit.code))
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name, 'vi'));
}
