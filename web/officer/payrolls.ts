/**
 * The payment officer's pages over app/payrolls (the same use cases as /api/payrolls): `/can-bo/chi-tra`, the
 * lists of the communes in scope by month, and `/can-bo/chi-tra/:id`, one list — its lines with their totals
 * in whole đồng, the step allowed now (approve by someone other than the preparer, send, close), the files for
 * the payer (CSV, XLSX, the printable list) and the upload of the payer's confirmation, whose problems are
 * listed line by line when the file is refused (nothing applied). Auditors read.
 */
import type { Request, Response } from 'express';
import { actorOf } from '../../app/audit';
import { registerUnits } from '../../app/registers/dossier-register';
import { AppError } from '../../app/errors';
import {
  approvePayroll,
  submitPayroll,
  closePayroll,
  importConfirmation,
  listPayrollsInScope,
  PAYROLL_ACTORS,
  PAYROLL_READERS,
  PAYROLL_STATE_TITLES,
  payrollFile,
  payrollWithLines,
  sendPayroll,
} from '../../app/payrolls';
import { printedPayroll } from '../../app/payrolls/print';
import { LINE_KIND_TITLES } from '../../domain/payroll/build';
import { monthLabel } from '../../domain/payroll/month';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import { sendReportFile } from '../../http/send-report-file';
import { receiveTextFile } from '../../http/text-file-upload';
import type { PageModule, WebContext } from '../app';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const LIST = '/can-bo/chi-tra';
export const payrollPath = (id: number) => `${LIST}/${id}`;

const STATE_TAGS = {
  draft: { className: 'tag-soon', icon: '✎' },
  approved: { className: 'tag-ok', icon: '✓' },
  sent: { className: 'tag-ok', icon: '➜' },
  reconciled: { className: 'tag-done', icon: '✓' },
  closed: { className: 'tag-done', icon: '■' },
} as const;

const LINE_STATES = {
  issued: 'Chờ kết quả',
  paid: 'Đã chi trả',
  failed: 'Chưa chi trả',
  reissued: 'Chuyển kỳ sau',
};

const stateOf = (state: keyof typeof STATE_TAGS) => ({
  text: PAYROLL_STATE_TITLES[state],
  ...STATE_TAGS[state],
});

/** mm/yyyy as typed → YYYY-MM, or undefined. */
function monthOfInput(value: string): string | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[1]);
  return month >= 1 && month <= 12 ? `${match[2]}-${String(month).padStart(2, '0')}` : undefined;
}

function idOf(req: Request): number {
  const id = /^\d{1,10}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 31) {
    throw new AppError(404, 'PAYROLL_NOT_FOUND', 'Không tìm thấy bảng kê chi trả');
  }
  return id;
}

const NOTICES: Readonly<Record<string, string>> = {
  submit: 'Đã trình duyệt bảng kê. Một cán bộ chi trả khác phê duyệt.',
  approve: 'Đã phê duyệt bảng kê.',
  send: 'Đã ghi nhận gửi bảng kê cho tổ chức dịch vụ chi trả. Khi có kết quả, tải tệp kết quả lên ở mục dưới.',
  close: 'Đã khóa sổ bảng kê.',
};

interface ImportReport {
  kind: 'applied' | 'refused';
  title: string;
  lines: string[];
}

/** The redirect after an import carries what it did, so a reload shows the same report (and imports nothing). */
function importReportOf(query: Request['query']): ImportReport | undefined {
  if (query.nhap !== '1') return undefined;
  const count = (name: string) => Math.max(0, Number.parseInt(String(query[name] ?? '0'), 10) || 0);
  const again = query.lai === '1';
  return {
    kind: 'applied',
    title: again ? 'Tệp này đã được nhập trước đây: không có gì thay đổi.' : 'Đã nhập kết quả chi trả.',
    lines: [
      `${count('tra').toLocaleString('vi-VN')} dòng đã chi trả, ${count('khong').toLocaleString('vi-VN')} dòng chưa chi trả (chuyển sang kỳ sau).`,
      ...(count('tamdung') > 0
        ? [`${count('tamdung')} người hưởng bị tạm dừng vì không nhận trợ cấp 03 tháng liên tục.`]
        : []),
    ],
  };
}

async function showPayroll(
  { deps, views }: WebContext,
  req: Request,
  res: Response,
  id: number,
  extra: { problem?: string; importReport?: ImportReport; errors?: PageFieldError[] } = {},
  status = 200,
) {
  const user = userOf(res);
  const page = Math.max(1, Number.parseInt(String(req.query.trang ?? '1'), 10) || 1);
  const { payroll, lines, pageSize } = await payrollWithLines(deps, user, id, page);
  const units = await registerUnits(deps, user);
  const commune = units.find((unit) => unit.code === payroll.communeCode);
  const actor = (PAYROLL_ACTORS as readonly string[]).includes(user.role);
  const pageTotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const pages = Math.max(1, Math.ceil(payroll.lineCount / pageSize));
  const notice = typeof req.query.xong === 'string' ? NOTICES[req.query.xong] : undefined;
  const ownDraft = payroll.state === 'draft' && payroll.preparedByUserId === user.id;
  renderPage(
    views,
    res,
    'officer/payroll',
    {
      title: `Bảng kê chi trả tháng ${monthLabel(payroll.month)} – ${commune?.name ?? payroll.communeCode}`,
      errors: extra.errors ?? [],
      notice,
      problem: extra.problem,
      importReport: extra.importReport ?? importReportOf(req.query),
      payroll,
      monthText: monthLabel(payroll.month),
      communeName: commune?.name ?? `Xã (mã ${payroll.communeCode})`,
      state: stateOf(payroll.state),
      unconfirmedTotal: payroll.total - payroll.paidTotal - payroll.failedTotal,
      lines: lines.map((line) => ({
        ...line,
        kindText: LINE_KIND_TITLES[line.kind],
        monthText: monthLabel(line.coversMonth),
        stateText: LINE_STATES[line.state],
      })),
      pageTotal,
      paging:
        pages > 1
          ? {
              page,
              pages,
              previous: page > 1 ? `${payrollPath(id)}?trang=${page - 1}` : null,
              next: page < pages ? `${payrollPath(id)}?trang=${page + 1}` : null,
            }
          : null,
      // Only the step the list's state allows, for the officers who act (auditors read).
      mayApprove:
        actor &&
        payroll.state === 'draft' &&
        payroll.builtAt !== null &&
        payroll.preparedByUserId !== null &&
        !ownDraft,
      // A list without a preparer (built by the schedule, or rebuilt by it) is submitted before approval.
      maySubmit:
        actor && payroll.state === 'draft' && payroll.builtAt !== null && payroll.preparedByUserId === null,
      ownDraft: actor && ownDraft,
      maySend: actor && payroll.state === 'approved',
      mayImport: actor && payroll.state === 'sent',
      mayClose: actor && payroll.state === 'reconciled',
      downloads: {
        csv: `${payrollPath(id)}/tai-ve.csv`,
        xlsx: `${payrollPath(id)}/tai-ve.xlsx`,
        print: `${payrollPath(id)}/in`,
      },
    },
    status,
  );
}

export const payrollPages: PageModule = (router, context) => {
  const { deps, views } = context;
  const readers = requireOfficer([...PAYROLL_READERS]);
  const actors = requireOfficer([...PAYROLL_ACTORS]);

  router.get(LIST, readers, async (req, res) => {
    const user = userOf(res);
    const values = {
      thang: typeof req.query.thang === 'string' ? req.query.thang : '',
      xa: typeof req.query.xa === 'string' ? req.query.xa : '',
    };
    const errors: PageFieldError[] = [];
    const month = values.thang.trim() ? monthOfInput(values.thang) : undefined;
    if (values.thang.trim() && !month) {
      errors.push({ field: 'thang', message: 'Nhập tháng dạng tháng/năm, ví dụ 01/2026' });
    }
    const units = (await registerUnits(deps, user)).filter((unit) => unit.level === 'commune');
    const names = new Map(units.map((unit) => [unit.code, unit.name]));
    const payrolls = (await listPayrollsInScope(deps, user, month ? { month } : {})).filter(
      (payroll) => !values.xa || payroll.communeCode === values.xa,
    );
    renderPage(
      views,
      res,
      'officer/payrolls',
      {
        title: 'Chi trả trợ cấp',
        errors,
        values,
        communes: units.map((unit) => ({
          code: unit.code,
          name: unit.name,
          selected: unit.code === values.xa,
        })),
        payrolls: payrolls.map((payroll) => ({
          ...payroll,
          url: payrollPath(payroll.id),
          communeName: names.get(payroll.communeCode) ?? payroll.communeCode,
          monthText: monthLabel(payroll.month),
          state: stateOf(payroll.state),
        })),
        sums: {
          lines: payrolls.reduce((sum, payroll) => sum + payroll.lineCount, 0),
          total: payrolls.reduce((sum, payroll) => sum + payroll.total, 0),
        },
      },
      errors.length ? 422 : 200,
    );
  });

  router.get(`${LIST}/:id`, readers, async (req, res) => {
    await showPayroll(context, req, res, idOf(req));
  });

  for (const [step, run] of [
    ['trinh-duyet', submitPayroll],
    ['phe-duyet', approvePayroll],
    ['gui', sendPayroll],
    ['khoa-so', closePayroll],
  ] as const) {
    router.post(`${LIST}/:id/${step}`, actors, async (req, res) => {
      const id = idOf(req);
      try {
        await run(deps, actorOf(userOf(res), clientAddressOf(req)), id);
      } catch (error) {
        // The two-person rule (403 PAYROLL_SAME_PREPARER) and a list in another state are said on the page.
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
        await showPayroll(context, req, res, id, { problem: error.message }, error.status);
        return;
      }
      const key = (
        { 'trinh-duyet': 'submit', 'phe-duyet': 'approve', gui: 'send', 'khoa-so': 'close' } as const
      )[step];
      res.redirect(303, `${payrollPath(id)}?xong=${key}`);
    });
  }

  // The payer's confirmation: CSRF checked from the form's fields before the file is read (web/app.ts).
  router.post(`${LIST}/:id/ket-qua`, actors, async (req, res) => {
    const id = idOf(req);
    const upload = await receiveTextFile(req, {
      field: 'file',
      maxBytes: 50_000_000,
      tooLarge: 'Tệp kết quả lớn hơn 50 MB: chia theo bảng kê của từng xã',
      beforeFile: (fields) => context.checkCsrf(req, fields),
    });
    context.checkCsrf(req, upload.fields);
    if (upload.text === undefined || upload.text.trim() === '') {
      const message = 'Chọn tệp CSV kết quả chi trả do tổ chức chi trả gửi lại';
      await showPayroll(context, req, res, id, { errors: [{ field: 'file', message }] }, 422);
      return;
    }
    try {
      const result = await importConfirmation(
        deps,
        actorOf(userOf(res), clientAddressOf(req)),
        id,
        upload.text,
      );
      const query = new URLSearchParams({
        nhap: '1',
        tra: String(result.linesPaid),
        khong: String(result.linesFailed),
        tamdung: String(result.suspended.length),
        lai: result.alreadyImported ? '1' : '0',
      });
      res.redirect(303, `${payrollPath(id)}?${query.toString()}#ket-qua-nhap`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
      const importReport: ImportReport = {
        kind: 'refused',
        title: `${error.message}.`.replace(/\.\.$/, '.'),
        // Each problem names its line of the file already ("Dòng 5: …").
        lines: (error.fieldErrors ?? []).map((problem) => problem.message),
      };
      await showPayroll(
        context,
        req,
        res,
        id,
        { importReport, errors: [{ field: 'file', message: error.message }] },
        error.status,
      );
    }
  });

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`${LIST}/:id/tai-ve.${format}`, readers, async (req, res) => {
      await sendReportFile(res, await payrollFile(deps, userOf(res), idOf(req), format));
    });
  }
  router.get(`${LIST}/:id/in`, readers, async (req, res) => {
    sendDocument(res, await printedPayroll(deps, userOf(res), idOf(req)));
  });
};
