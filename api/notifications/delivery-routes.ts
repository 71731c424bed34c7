/**
 * Messages that reach people: the admin's outbox (the development mailbox when no provider is configured),
 * the SMS gateway's inbound messages (STOP / START), and each officer's own message settings.
 */
import { z } from 'zod';
import { ATTEMPT_OUTCOMES, OUTBOX_STATUSES, readOutbox } from '../../app/notifications/outbox';
import { checkInboundSecret, receiveInboundSms } from '../../app/notifications/sms-inbound';
import { changeNotificationSettings, readNotificationSettings } from '../../app/notifications/settings';
import { USER_ROLES } from '../../app/auth/roles';
import { NotificationSettingsSchema } from '../../domain/notification-settings';
import type { RouteModule } from '../route-registry';

const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    outcome: z.enum(ATTEMPT_OUTCOMES),
    provider: z.string().meta({ description: 'smtp, sms-gateway, dev-mailbox or unknown (a lost claim)' }),
    providerId: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'OutboxAttempt' });

const OutboxMessageSchema = z
  .object({
    id: z.string(),
    dossierCode: z.string(),
    seq: z.number().int().meta({ description: 'The dossier event that caused it' }),
    channel: z.enum(['email', 'sms']),
    recipient: z.string().meta({ description: 'E-mail address or +84… number' }),
    audience: z.enum(['citizen', 'officer']),
    kind: z.string().meta({ description: 'Template, e.g. receipt, supplement-request, task-opened' }),
    subject: z.string().nullable(),
    body: z.string(),
    sms: z
      .object({ encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int() })
      .nullable()
      .meta({ description: 'How the gateway counts the SMS: UCS-2 (with diacritics) 70/67 per part' }),
    digest: z.boolean().meta({ description: 'Waits for the officer’s daily digest' }),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
    provider: z.string().nullable(),
    providerId: z.string().nullable(),
    lastError: z.string().nullable(),
    attemptLog: z.array(AttemptSchema),
  })
  .meta({ id: 'OutboxMessage' });

const OutboxQuerySchema = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).optional(),
  channel: z.enum(['email', 'sms']).optional(),
  dossierCode: z
    .string()
    .regex(/^\d{5}-\d{6}-\d{4}$/, { error: 'Mã hồ sơ không hợp lệ' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, { error: 'Con trỏ trang không hợp lệ' })
    .optional()
    .meta({ description: 'nextBefore of the previous page' }),
});

const InboundSchema = z
  .object({
    from: z.string().max(30).meta({ description: 'Sender number, any of 0…, 84…, +84…' }),
    text: z.string().max(1000),
  })
  .meta({ id: 'InboundSms' });

const SettingsSchema = NotificationSettingsSchema.meta({
  id: 'NotificationSettings',
  description:
    'mode immediate: each message at once; digest: one e-mail a day (NOTIFY_DIGEST_HOUR), which needs email',
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const deliveryRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/outbox',
    summary: 'Messages to people (e-mail, SMS) of the dossiers in the caller’s scope, newest first',
    description:
      'Every message the outbox holds, with its status and attempts. Without SMTP_URL or SMS_GATEWAY_URL ' +
      'this is the development mailbox: messages are marked sent with provider dev-mailbox.',
    tags: ['notifications'],
    auth: ['admin'],
    query: OutboxQuerySchema,
    response: {
      status: 200,
      description: 'One page of messages',
      schema: z.object({ messages: z.array(OutboxMessageSchema), nextBefore: z.string().nullable() }),
    },
    handler: async ({ query, auth }) => {
      const page = await readOutbox(deps, auth.user, {
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.dossierCode ? { dossierCode: query.dossierCode } : {}),
        ...(query.before ? { beforeId: query.before } : {}),
      });
      return {
        messages: page.messages.map((m) => ({
          ...m,
          sms:
            m.smsEncoding && m.smsSegments !== null
              ? { encoding: m.smsEncoding, segments: m.smsSegments }
              : null,
          nextAttemptAt: m.nextAttemptAt.toISOString(),
          createdAt: m.createdAt.toISOString(),
          sentAt: iso(m.sentAt),
          attemptLog: m.attemptLog.map((a) => ({
            ...a,
            startedAt: a.startedAt.toISOString(),
            finishedAt: a.finishedAt.toISOString(),
          })),
        })),
        nextBefore: page.nextBeforeId ?? null,
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/notifications/sms-inbound',
    summary: 'Inbound SMS from the gateway: STOP / HUY / TC opt a number out, START / BAT DAU back in',
    description:
      'Called by the SMS gateway with header X-Inbound-Secret = SMS_INBOUND_SECRET (401 otherwise; 404 when ' +
      'no secret is configured). Keywords are read without case or diacritics; other texts are ignored.',
    tags: ['notifications'],
    auth: 'public',
    body: InboundSchema,
    response: {
      status: 200,
      description: 'What was done',
      schema: z.object({ phone: z.string(), action: z.enum(['opted_out', 'opted_in', 'ignored']) }),
    },
    errors: [404],
    handler: async ({ body, req }) => {
      checkInboundSecret(deps, req.get('x-inbound-secret'));
      return receiveInboundSms(deps, body);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/me/notification-settings',
    summary: 'The caller’s message settings (e-mail, phone, immediate or daily digest)',
    tags: ['notifications'],
    auth: USER_ROLES,
    response: { status: 200, description: 'Settings', schema: SettingsSchema },
    handler: async ({ auth }) => readNotificationSettings(deps, auth.user),
  });

  routes.add({
    method: 'put',
    path: '/api/me/notification-settings',
    summary: 'Change the caller’s message settings',
    description: 'Officers get e-mail only when `email` is set; `digest` gathers a day’s messages in one.',
    tags: ['notifications'],
    auth: USER_ROLES,
    body: SettingsSchema,
    response: { status: 200, description: 'Settings as stored', schema: SettingsSchema },
    handler: async ({ auth, body }) => changeNotificationSettings(deps, auth.user, body),
  });
};
