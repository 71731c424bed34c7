/**
 * The list for the payer as CSV and XLSX: the report writers (app/reports/export-*.ts: UTF-8 with BOM, a bold
 * frozen header row, money as whole đồng) over one table whose last three columns the payer fills in and sends
 * back as the confirmation (domain/payroll/confirmation.ts reads them by their headers).
 */
import type { Writable } from 'node:stream';
import { payeesOfPayroll, type PayeeForPayer } from '../../db/payees';
import { listLines, type Payroll } from '../../db/payrolls';
import { payeeDestination, payeeRecipient, PAYMENT_METHOD_TITLES } from '../../domain/payee';
import { LINE_KIND_TITLES } from '../../domain/payroll/build';
import { CONFIRMATION_COLUMNS, OUTCOME_WORDS } from '../../domain/payroll/confirmation';
import { monthLabel } from '../../domain/payroll/month';
import type { Actor } from '../audit';
import { legalToday, clockOf, type AppDeps } from '../deps';
import type { AuthenticatedUser } from '../auth/session';
import { writeCsv } from '../reports/export-csv';
import { writeXlsx } from '../reports/export-xlsx';
import { col, type Report } from '../reports/table';
import { payrollInScope } from './access';

export interface PayrollFile {
  contentType: string;
  fileName: string;
  write(stream: Writable): Promise<void>;
}

const STATE_WORDS = {
  issued: '',
  paid: OUTCOME_WORDS.paid,
  failed: OUTCOME_WORDS.failed,
  reissued: OUTCOME_WORDS.failed,
};

/** The list as the report table both writers take. */
export async function payrollReport(deps: AppDeps, payroll: Payroll): Promise<Report> {
  const [lines, payees] = await Promise.all([
    listLines(deps.pool, payroll.id),
    payeesOfPayroll(deps.pool, payroll.id),
  ]);
  return {
    report: 'payroll',
    title: `Danh sách chi trả trợ cấp xã hội tháng ${monthLabel(payroll.month)} — xã ${payroll.communeCode}`,
    filter: { from: `${payroll.month}-01`, to: `${payroll.month}-01`, unitCode: payroll.communeCode },
    generatedOn: legalToday(clockOf(deps)()),
    notes: [
      `Bảng kê số ${payroll.id}: ${payroll.lineCount} dòng, tổng ${payroll.total} đồng.`,
      `Tổ chức chi trả ghi cột "${CONFIRMATION_COLUMNS.outcome}" ("${OUTCOME_WORDS.paid}" hoặc "${OUTCOME_WORDS.failed}"), ` +
        `"${CONFIRMATION_COLUMNS.paidOn}" (ngày/tháng/năm) và "${CONFIRMATION_COLUMNS.reference}", rồi gửi lại tệp CSV.`,
    ],
    tables: [
      {
        key: 'lines',
        title: 'Danh sách chi trả',
        columns: [
          col('payrollId', CONFIRMATION_COLUMNS.payrollId, 'integer'),
          col('lineNo', CONFIRMATION_COLUMNS.lineNo, 'integer'),
          col('dossierCode', CONFIRMATION_COLUMNS.dossierCode, 'text'),
          col('beneficiaryName', 'Họ và tên người hưởng', 'text'),
          col('kind', 'Nội dung chi trả', 'text'),
          col('month', 'Tháng', 'text'),
          col('amount', CONFIRMATION_COLUMNS.amount, 'money'),
          // How each person is paid (app/payments): the card the payer scans, the account or wallet, who may
          // collect for the beneficiary. The recipient's ID number is not sent: the payer sees the ID card.
          col('cardNumber', 'Số thẻ chi trả', 'text'),
          col('method', 'Hình thức chi trả', 'text'),
          col('destination', 'Tài khoản, ví nhận tiền', 'text'),
          col('recipient', 'Người nhận thay', 'text'),
          col('outcome', CONFIRMATION_COLUMNS.outcome, 'text'),
          col('paidOn', CONFIRMATION_COLUMNS.paidOn, 'text'),
          col('reference', CONFIRMATION_COLUMNS.reference, 'text'),
        ],
        rows: lines.map((line) => ({
          payrollId: payroll.id,
          lineNo: line.lineNo,
          dossierCode: line.dossierCode,
          beneficiaryName: line.beneficiaryName,
          kind: LINE_KIND_TITLES[line.kind],
          month: monthLabel(line.coversMonth),
          amount: line.amount,
          ...payeeColumns(payees.get(line.dossierCode)),
          outcome: STATE_WORDS[line.state] || null,
          paidOn: line.paidOn
            ? `${line.paidOn.slice(8, 10)}/${line.paidOn.slice(5, 7)}/${line.paidOn.slice(0, 4)}`
            : null,
          reference: line.payerReference,
        })),
      },
    ],
  };
}

function payeeColumns(entry: PayeeForPayer | undefined) {
  const payee = entry?.payee;
  return {
    cardNumber: entry?.cardNumber ?? null,
    method: payee ? PAYMENT_METHOD_TITLES[payee.method] : 'Chưa đăng ký',
    destination: payee ? payeeDestination(payee) : null,
    recipient: payee ? payeeRecipient(payee) : null,
  };
}

export async function payrollFile(
  deps: AppDeps,
  caller: AuthenticatedUser | Actor,
  id: number,
  format: 'csv' | 'xlsx',
): Promise<PayrollFile> {
  const payroll = await payrollInScope(deps, caller, id);
  const report = await payrollReport(deps, payroll);
  const base = `bang-ke-chi-tra-${payroll.communeCode}-${payroll.month}-so-${payroll.id}`;
  if (format === 'xlsx') {
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `${base}.xlsx`,
      write: (stream) => writeXlsx(stream, report),
    };
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName: `${base}.csv`,
    write: (stream) => writeCsv(stream, report.tables[0]!),
  };
}
