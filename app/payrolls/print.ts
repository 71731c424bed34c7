/**
 * The printable list of a commune (documents/ kind 'payroll-list', A4 landscape with a column for the
 * recipient's signature): printed on demand, never stored or numbered; the province's template override
 * applies as for every document.
 */
import { listLines } from '../../db/payrolls';
import { findUnit } from '../../db/units';
import { renderOnDemand } from '../../documents/render-on-demand';
import { LINE_KIND_TITLES } from '../../domain/payroll/build';
import { monthLabel } from '../../domain/payroll/month';
import { placeOfUnit } from '../../domain/unit-place';
import type { AuthenticatedUser } from '../auth/session';
import type { DossierDocument } from '../dossiers/documents';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { AppError } from '../errors';
import { PAYROLL_STATE_TITLES, payrollInScope } from './access';

/** A printed list beyond this many lines is refused: the CSV or XLSX serves a list that large. */
export const MAX_PRINTED_LINES = 5_000;

export async function printedPayroll(
  deps: AppDeps,
  caller: AuthenticatedUser,
  id: number,
): Promise<DossierDocument> {
  const payroll = await payrollInScope(deps, caller, id);
  if (payroll.lineCount > MAX_PRINTED_LINES) {
    throw new AppError(
      422,
      'PAYROLL_TOO_LARGE_TO_PRINT',
      `Bảng kê có ${payroll.lineCount.toLocaleString('vi-VN')} dòng, quá ${MAX_PRINTED_LINES.toLocaleString('vi-VN')} ` +
        'dòng để in: tải tệp Excel (XLSX) hoặc CSV',
    );
  }
  const commune = (await findUnit(deps.pool, payroll.communeCode))!;
  const province = commune.parentCode ? await findUnit(deps.pool, commune.parentCode) : undefined;
  const lines = await listLines(deps.pool, id);
  const html = await renderOnDemand(
    deps.pool,
    province?.level === 'province' ? province.code : (province?.parentCode ?? commune.code),
    'payroll-list',
    {
      unitName: commune.name,
      month: payroll.month,
      payrollId: payroll.id,
      stateTitle: PAYROLL_STATE_TITLES[payroll.state],
      rows: lines.map((line) => ({
        lineNo: line.lineNo,
        dossierCode: line.dossierCode,
        beneficiaryName: line.beneficiaryName,
        kind: LINE_KIND_TITLES[line.kind],
        coversMonth: monthLabel(line.coversMonth),
        amount: line.amount,
      })),
      total: payroll.total,
    },
    {
      issuer: {
        superior: province ? `Ủy ban nhân dân\n${province.name}` : 'Ủy ban nhân dân',
        name: `Ủy ban nhân dân\n${commune.name}`,
        place: placeOfUnit(commune.name, commune.placeName),
      },
      issuedOn: legalToday(clockOf(deps)()),
    },
  );
  return {
    kind: 'html',
    filename: `danh-sach-chi-tra-${payroll.communeCode}-${payroll.month}.html`,
    body: html,
  };
}
