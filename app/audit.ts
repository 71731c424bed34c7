/**
 * The audit log's one entry point: `audit(db, deps, actor, …)` is called by a use case with the transaction of
 * the change it records (or, for a read of protected data, before the data is shown), so a failed change leaves
 * no row and a recorded row always has its change. `listAudit` serves the admin API and page: admins and
 * auditors see the rows of actors in their unit scope.
 */
import { z } from 'zod';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from '../db/audit-log';
import type { Queryable } from '../db/queryable';
import { callerScope } from './auth/caller-scope';
import type { AuthenticatedUser } from './auth/session';
import { clockOf, type AppDeps } from './deps';
import { forbidden } from './errors';

/** Who acts, and from where: the caller of a use case that is audited. */
export type Actor = AuthenticatedUser & { clientAddress: string };

export function actorOf(user: AuthenticatedUser, clientAddress: string): Actor {
  return { ...user, clientAddress };
}

/** Every audited action, with the words the admin page shows. */
export const AUDIT_ACTIONS = {
  'dossier.reveal_sensitive': 'Xem số định danh và thông tin được bảo vệ',
  'dossier.read_protected': 'Xem hồ sơ thuộc diện được bảo vệ',
  'document.read_protected': 'Xem văn bản của hồ sơ thuộc diện được bảo vệ',
  'attachment.read_protected': 'Tải tệp đính kèm của hồ sơ thuộc diện được bảo vệ',
  'incident.retry': 'Yêu cầu xử lý lại hồ sơ bị lỗi',
  'user.create': 'Tạo người dùng',
  'user.deactivate': 'Khóa người dùng',
  'user.reset_password': 'Đặt lại mật khẩu',
  'unit.create': 'Tạo đơn vị hành chính',
  'procedure.publish': 'Ban hành phiên bản thủ tục',
  'calendar.add': 'Thêm ngày vào lịch làm việc',
  'base_level.add': 'Thêm mức chuẩn trợ giúp xã hội',
  'template.save': 'Lưu mẫu văn bản của tỉnh',
  'reference.propose': 'Đề xuất dữ liệu theo văn bản mới',
  'reference.confirm': 'Xác nhận đề xuất dữ liệu theo văn bản mới',
  'reference.reject': 'Từ chối đề xuất dữ liệu theo văn bản mới',
  'payee.save': 'Lưu thông tin chi trả của người hưởng',
  'payee.reveal_id': 'Xem số định danh của người nhận thay',
  'card.issue': 'Cấp thẻ chi trả cho người hưởng',
  'card.reissue': 'Cấp lại thẻ chi trả (thẻ cũ bị mất, hỏng)',
  'suspension.lift': 'Khôi phục chi trả trợ cấp bị tạm dừng',
  'payroll.build': 'Lập bảng kê chi trả',
  'payroll.submit': 'Trình duyệt bảng kê chi trả',
  'payroll.approve': 'Phê duyệt bảng kê chi trả',
  'payroll.send': 'Gửi bảng kê cho tổ chức chi trả',
  'payroll.import': 'Nhập kết quả chi trả',
  'payroll.close': 'Khóa sổ bảng kê chi trả',
  'payroll.schedule': 'Đặt lịch lập bảng kê chi trả',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AuditActionSchema = z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]);

export async function audit(
  db: Queryable,
  deps: AppDeps,
  actor: Actor,
  entry: {
    action: AuditAction;
    target: { kind: string; id: string };
    dossierCode?: string;
    /** Codes, versions, dates: never personal data. */
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await insertAuditEntry(db, {
    at: clockOf(deps)(),
    actor: { userId: actor.id, username: actor.username, role: actor.role, unitCode: actor.unitCode },
    clientAddress: actor.clientAddress,
    ...entry,
  });
}

export const AUDIT_READERS = ['admin', 'auditor'] as const;
export const AUDIT_PAGE_SIZE = 50;

export interface AuditQuery {
  /** Legal days (YYYY-MM-DD, Asia/Ho_Chi_Minh), both included. */
  from?: string;
  to?: string;
  action?: AuditAction;
  actor?: string;
  dossierCode?: string;
  page?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight of a legal day in Vietnam (UTC+7 all year). */
function startOfLegalDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+07:00`);
}

export async function listAudit(
  deps: AppDeps,
  caller: AuthenticatedUser,
  query: AuditQuery,
): Promise<{ entries: AuditEntry[]; total: number; page: number; pageSize: number }> {
  if (!(AUDIT_READERS as readonly string[]).includes(caller.role)) {
    throw forbidden('Chỉ quản trị viên và thanh tra được xem nhật ký hệ thống');
  }
  const page = query.page ?? 1;
  const { entries, total } = await listAuditEntries(deps.pool, {
    unitCodes: (await callerScope(deps, caller)).unitCodes(),
    ...(query.from ? { from: startOfLegalDay(query.from) } : {}),
    ...(query.to ? { to: new Date(startOfLegalDay(query.to).getTime() + DAY_MS) } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.dossierCode ? { dossierCode: query.dossierCode } : {}),
    limit: AUDIT_PAGE_SIZE,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  });
  return { entries, total, page, pageSize: AUDIT_PAGE_SIZE };
}
