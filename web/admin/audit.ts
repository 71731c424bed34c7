/**
 * `/quan-tri/nhat-ky`: the audit log for admins and auditors — who did what, when, from where — newest first,
 * rows of actors in their scope (app/audit.ts#listAudit, the same as GET /api/admin/audit). Filters are a GET
 * form: days from/to (dd/mm/yyyy or yyyy-mm-dd), action, username, dossier code; `?trang=` pages on. A filter
 * that does not parse is shown beside its field and ignored.
 */
import { AUDIT_ACTIONS, AUDIT_READERS, AuditActionSchema, listAudit } from '../../app/audit';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { IsoDateSchema, UsernameSchema } from '../../app/schemas';
import type { PageModule } from '../app';
import { isoFromDisplayDate } from '../format';
import { localsOf, renderPage } from '../page';
import { requireOfficer } from '../session';

const PATH = '/quan-tri/nhat-ky';

function textParam(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

/** A day typed as dd/mm/yyyy (as the page shows dates) or yyyy-mm-dd; undefined when empty or not a day. */
function dayOf(text: string): string | undefined {
  const parsed = IsoDateSchema.safeParse(isoFromDisplayDate(text));
  return parsed.success ? parsed.data : undefined;
}

export const adminAuditPages: PageModule = (router, { deps, views }) => {
  router.get(PATH, requireOfficer([...AUDIT_READERS]), async (req, res) => {
    const user = localsOf(res).auth!.user;
    const values = {
      tu: textParam(req.query.tu),
      den: textParam(req.query.den),
      thao_tac: textParam(req.query.thao_tac),
      nguoi: textParam(req.query.nguoi),
      ho_so: textParam(req.query.ho_so),
    };
    const errors: Record<string, string> = {};
    const from = values.tu ? dayOf(values.tu) : undefined;
    if (values.tu && !from) errors.tu = 'Ngày không hợp lệ, viết dạng dd/mm/yyyy';
    const to = values.den ? dayOf(values.den) : undefined;
    if (values.den && !to) errors.den = 'Ngày không hợp lệ, viết dạng dd/mm/yyyy';
    const action = AuditActionSchema.safeParse(values.thao_tac).data;
    const actor = values.nguoi ? UsernameSchema.safeParse(values.nguoi).data : undefined;
    if (values.nguoi && !actor) errors.nguoi = 'Tên đăng nhập không hợp lệ';
    const dossierCode = values.ho_so ? DossierCodeSchema.safeParse(values.ho_so).data : undefined;
    if (values.ho_so && !dossierCode) errors.ho_so = 'Mã hồ sơ không hợp lệ';
    const pageNumber = /^[1-9]\d{0,4}$/.test(textParam(req.query.trang)) ? Number(req.query.trang) : 1;

    const result = await listAudit(deps, user, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(action ? { action } : {}),
      ...(actor ? { actor } : {}),
      ...(dossierCode ? { dossierCode } : {}),
      page: pageNumber,
    });
    const filters = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
    const pageHref = (page: number) =>
      `${PATH}?${new URLSearchParams([...filters, ['trang', String(page)]])}`;
    renderPage(views, res, 'admin/audit', {
      title: 'Nhật ký hệ thống',
      values,
      errors: Object.entries(errors).map(([field, message]) => ({ field, message })),
      actions: Object.entries(AUDIT_ACTIONS).map(([value, text]) => ({
        value,
        text,
        selected: value === action,
      })),
      total: result.total,
      entries: result.entries.map((entry) => ({
        ...entry,
        actionText: AUDIT_ACTIONS[entry.action as keyof typeof AUDIT_ACTIONS] ?? entry.action,
        target: entry.target.kind === 'dossier' ? undefined : `${entry.target.kind} ${entry.target.id}`,
      })),
      previousHref: pageNumber > 1 ? pageHref(pageNumber - 1) : undefined,
      nextHref: pageNumber * result.pageSize < result.total ? pageHref(pageNumber + 1) : undefined,
    });
  });
};
