/**
 * GET /api/notifications and POST /api/notifications/:id/read: the notifications the workflow writes for
 * officers (reminders before a due date, escalations when a task is overdue), addressed to a role at a unit.
 * An officer reads those of their role at their own unit; admins and auditors read every officer
 * notification of their province. Read state is per user (several officers may share a role at a unit).
 */
import { z } from 'zod';
import {
  findNotification,
  listNotifications,
  markNotificationRead,
  type NotificationCursor,
  type NotificationRecord,
} from '../../db/notifications';
import type { AuthenticatedUser } from '../../app/auth/session';
import { callerScope } from '../../app/auth/caller-scope';
import { USER_ROLES } from '../../app/auth/roles';
import { clockOf, type AppDeps } from '../../app/deps';
import { forbidden, notFound, validationFailed } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { QueryBooleanSchema } from '../../app/schemas';

const PROVINCE_READERS: readonly string[] = ['admin', 'auditor'];

const NotificationSchema = z
  .object({
    id: z.string(),
    dossierCode: z.string(),
    kind: z
      .string()
      .meta({ description: 'reminder (due date near), escalation (overdue), delivery_failed (admins only)' }),
    message: z.string(),
    role: z.string().nullable().meta({ description: 'The role it is addressed to' }),
    unitCode: z.string().nullable().meta({ description: 'The unit it is addressed to' }),
    createdAt: z.iso.datetime(),
    read: z.boolean(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Notification' });

const NotificationListSchema = z
  .object({
    notifications: z.array(NotificationSchema),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().meta({ description: 'Unread notifications of the caller, all pages' }),
  })
  .meta({ id: 'NotificationList' });

const ListQuerySchema = z.strictObject({
  unread: QueryBooleanSchema.optional().meta({ description: 'true: only unread; false: only read' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
});

const IdParams = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,17}$/, { error: 'Mã thông báo không hợp lệ' }),
});

function encodeCursor(cursor: NotificationCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdUs, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor is client input: [microseconds since the epoch, id], both digit strings, or 400. */
function decodeCursor(text: string): NotificationCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [createdUs, id] = decoded as unknown[];
    if (
      typeof createdUs === 'string' &&
      /^\d{1,17}$/.test(createdUs) &&
      typeof id === 'string' &&
      /^[1-9]\d{0,17}$/.test(id)
    ) {
      return { createdUs, id };
    }
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Con trỏ trang không hợp lệ' }]);
}

interface Addressees {
  unitCodes: string[];
  role?: string;
  audiences: string[];
}

/**
 * Whose notifications the caller reads: their role at their unit, or (admins, auditors) the province. Alerts
 * about undelivered messages (audience 'admin') are for admins only: auditors read the officers' ones.
 */
async function addresseesOf(deps: AppDeps, user: AuthenticatedUser): Promise<Addressees> {
  if (PROVINCE_READERS.includes(user.role)) {
    return {
      unitCodes: (await callerScope(deps, user)).unitCodes(),
      audiences: user.role === 'admin' ? ['officer', 'admin'] : ['officer'],
    };
  }
  return { unitCodes: [user.unitCode], role: user.role, audiences: ['officer'] };
}

function isAddressedTo(notification: NotificationRecord, addressees: Addressees) {
  return (
    notification.unitCode !== null &&
    addressees.unitCodes.includes(notification.unitCode) &&
    addressees.audiences.includes(notification.audience) &&
    (addressees.role === undefined || notification.role === addressees.role)
  );
}

const toResponse = (notification: NotificationRecord) => ({
  id: notification.id,
  dossierCode: notification.dossierCode,
  kind: notification.kind,
  message: notification.message,
  role: notification.role,
  unitCode: notification.unitCode,
  createdAt: notification.createdAt,
  read: notification.readAt !== null,
  readAt: notification.readAt,
});

export const notificationRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/notifications',
    summary: 'Notifications for the caller (reminders, escalations), newest first',
    description:
      'Officers: those addressed to their role at their unit. Admins and auditors: every officer notification ' +
      'of their province; admins also the alerts about messages that could not be delivered (delivery_failed). Pages of `limit` (≤ 100); pass `nextCursor` back as `cursor`. `read` is the ' +
      'caller’s own read state.',
    tags: ['notifications'],
    auth: USER_ROLES,
    query: ListQuerySchema,
    response: { status: 200, description: 'One page of notifications', schema: NotificationListSchema },
    handler: async ({ query, auth }) => {
      const addressees = await addresseesOf(deps, auth.user);
      const page = await listNotifications(deps.pool, {
        userId: auth.user.id,
        ...addressees,
        ...(query.unread !== undefined ? { unread: query.unread } : {}),
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
        limit: query.limit,
      });
      return {
        notifications: page.notifications.map(toResponse),
        nextCursor: page.next ? encodeCursor(page.next) : null,
        unreadCount: page.unread,
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/notifications/:id/read',
    summary: 'Mark a notification read (for the caller)',
    description:
      'Only a notification the caller can list (403 otherwise, 404 when there is none). Marking it again ' +
      'keeps the first time.',
    tags: ['notifications'],
    auth: USER_ROLES,
    params: IdParams,
    response: { status: 200, description: 'The notification, read', schema: NotificationSchema },
    errors: [404],
    handler: async ({ params, auth }) => {
      const notification = await findNotification(deps.pool, params.id, auth.user.id);
      if (!notification) throw notFound('Không tìm thấy thông báo');
      if (!isAddressedTo(notification, await addresseesOf(deps, auth.user))) {
        throw forbidden('Thông báo này không gửi cho bạn');
      }
      await markNotificationRead(deps.pool, notification.id, auth.user.id, clockOf(deps)());
      const read = await findNotification(deps.pool, notification.id, auth.user.id);
      return toResponse(read ?? notification);
    },
  });
};
