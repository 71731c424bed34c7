/**
 * `/quan-tri/su-co`: dossiers stuck on an error a retry cannot cure, oldest first, with the failing call and
 * the error; 'Thử lại ngay' asks the workflow to retry at once (after the admin cured the cause). Asking twice
 * does no harm: the workflow tries again, and the incident closes when a call succeeds.
 */
import { listIncidents, retryIncidentNow } from '../../app/admin/incidents';
import { actorOf } from '../../app/audit';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { clientAddressOf } from '../../http/client-address';
import type { Response } from 'express';
import type { PageModule } from '../app';
import { localsOf, renderPage } from '../page';
import { requireOfficer } from '../session';

/** The workflow calls as an admin reads them. */
const ACTIVITY_TEXT: Readonly<Record<string, string>> = {
  snapshotProcedure: 'Xác định phiên bản thủ tục áp dụng',
  recordEvent: 'Ghi quá trình xử lý vào cơ sở dữ liệu',
  recordEvents: 'Ghi quá trình xử lý vào cơ sở dữ liệu',
  issueDossierDocument: 'Lập văn bản của hồ sơ',
  issueDecision: 'Lập quyết định',
  addDuration: 'Tính thời hạn theo lịch làm việc',
  subtractDuration: 'Tính ngày nhắc hạn theo lịch làm việc',
  workingDaysBetween: 'Đếm ngày làm việc',
};

const NOTICES: Readonly<Record<string, string>> = {
  '1': 'Đã yêu cầu xử lý lại. Sự cố sẽ tự đóng khi lần thử thành công; tải lại trang sau ít phút để xem.',
};

export const adminIncidentPages: PageModule = (router, { deps, views }) => {
  const admins = requireOfficer(['admin']);

  const show = async (res: Response, extra: Record<string, unknown>, status = 200) => {
    const incidents = await listIncidents(deps, localsOf(res).auth!.user);
    renderPage(
      views,
      res,
      'admin/incidents',
      {
        title: 'Hồ sơ gặp sự cố',
        incidents: incidents.map((incident) => ({
          ...incident,
          activityText: ACTIVITY_TEXT[incident.activity] ?? incident.activity,
        })),
        ...extra,
      },
      status,
    );
  };

  router.get('/quan-tri/su-co', admins, async (req, res) => {
    const notice = typeof req.query.xong === 'string' ? NOTICES[req.query.xong] : undefined;
    await show(res, notice ? { notice } : {});
  });

  router.post('/quan-tri/su-co/:code/thu-lai', admins, async (req, res) => {
    const code = DossierCodeSchema.safeParse(req.params.code);
    if (!code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
    try {
      await retryIncidentNow(deps, actorOf(localsOf(res).auth!.user, clientAddressOf(req)), code.data);
    } catch (error) {
      // Closed meanwhile (a retry succeeded, the workflow ended): the list says so by no longer showing it.
      if (!(error instanceof AppError) || ![404, 409].includes(error.status)) throw error;
      await show(res, { problem: `${code.data}: ${error.message}` }, error.status);
      return;
    }
    res.redirect(303, '/quan-tri/su-co?xong=1');
  });
};
