/**
 * `/quan-tri/hop-thu`: the messages to people (e-mail, SMS) of the admin's province, newest first, with their
 * status, SMS counting and attempts — the development mailbox when no SMTP server or SMS gateway is configured,
 * and otherwise the place to see what failed. Filters by status and channel; `?truoc=<id>` pages on.
 */
import { OUTBOX_STATUSES, readOutbox, type OutboxStatus } from '../../app/notifications/outbox';
import type { PageModule } from '../app';
import { localsOf, renderPage } from '../page';
import { requireOfficer } from '../session';

const STATUS_TEXT: Record<OutboxStatus, string> = {
  pending: 'Chờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  failed: 'Gửi không được',
  suppressed: 'Người nhận từ chối (STOP)',
};
const STATUSES = OUTBOX_STATUSES;
const PAGE_SIZE = 50;

export const adminOutboxPages: PageModule = (router, { deps, views }) => {
  router.get('/quan-tri/hop-thu', requireOfficer(['admin']), async (req, res) => {
    const auth = localsOf(res).auth!;
    const status = STATUSES.find((s) => s === req.query.trang_thai);
    const channel = req.query.kenh === 'email' || req.query.kenh === 'sms' ? req.query.kenh : undefined;
    const before =
      typeof req.query.truoc === 'string' && /^[1-9]\d{0,17}$/.test(req.query.truoc)
        ? req.query.truoc
        : undefined;
    const page = await readOutbox(deps, auth.user, {
      limit: PAGE_SIZE,
      ...(status ? { status } : {}),
      ...(channel ? { channel } : {}),
      ...(before ? { beforeId: before } : {}),
    });
    const filters = new URLSearchParams({
      ...(status ? { trang_thai: status } : {}),
      ...(channel ? { kenh: channel } : {}),
    });
    renderPage(views, res, 'admin/outbox', {
      title: 'Hộp thư đi',
      statuses: STATUSES.map((value) => ({ value, text: STATUS_TEXT[value], selected: value === status })),
      channel: channel ?? '',
      messages: page.messages.map((message) => ({
        ...message,
        statusText: STATUS_TEXT[message.status],
        failed: message.status === 'failed',
        devMailbox: message.provider === 'dev-mailbox',
        channelText: message.channel === 'sms' ? 'SMS' : 'E-mail',
      })),
      nextHref: page.nextBeforeId
        ? `/quan-tri/hop-thu?${new URLSearchParams([...filters, ['truoc', page.nextBeforeId]])}`
        : undefined,
    });
  });
};
