/**
 * The write side of the outbox: which messages a dossier event causes, to whom, in which words. Called by
 * activities/dossier/record-event.ts inside the transaction that applies the event to the read model, so a
 * message exists exactly when its cause does; the key (dossier, seq, channel, recipient) makes a replayed
 * event add nothing. Nothing here sends: the dispatcher does, later, in another process or loop, so a slow or
 * failing provider never reaches the workflow.
 */
import type { PoolClient } from 'pg';
import { legalDateAt, legalDateOf } from '../domain/legal-time';
import { oneStopForm } from '../domain/one-stop-forms';
import { ROLE_TITLES } from '../domain/roles';
import { DEFAULT_CONTACT_PREFERENCE, type Application } from '../domain/application';
import { toE164 } from '../domain/phone';
import {
  hasProtectedCategory,
  PROTECTED_MISSING_DOCUMENTS,
  PROTECTED_REASON,
} from '../domain/protected-category';
import type { Role } from '../domain/procedures';
import type { DossierEvent } from '../workflows/dossier/types';
import { alertAdmins } from '../db/outbox';
import { officerDossierLink, trackingLink } from './links';
import {
  messageLabel,
  renderMessage,
  type MessageChannel,
  type MessageKind,
  type RenderedMessage,
} from './messages';

export interface OutboxSettings {
  /** Where citizens and officers open links: `PUBLIC_BASE_URL`. */
  publicBaseUrl: string;
  /** Hour (Vietnam time, 0–23) at which an officer's daily digest leaves. */
  digestHour: number;
  /** Where the message templates are (tests use a copy). Default: templates/messages. */
  templatesDir?: string;
  /**
   * The delivery clock: when a message is due, and when a digest leaves. The wall clock by default — not the
   * workflow's, which a test server may have moved years on; tests pass their own so nothing depends on the
   * hour they run at.
   */
  now?: () => Date;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  publicBaseUrl: 'http://localhost:3000',
  digestHour: 7,
};

type Addressee = { role: Role; unitCode: string };

/** What an event says to whom: the applicant, officers (a role at a unit), or nobody. */
type Plan =
  | { to: 'citizen'; kind: MessageKind; data: Record<string, unknown> }
  | { to: 'officers'; addressees: Addressee[]; kind: MessageKind; data: Record<string, unknown> };

function plansFor(event: DossierEvent, links: { tracking: string; dossier: string }): Plan[] {
  const code = event.code;
  const citizen = (kind: MessageKind, data: Record<string, unknown>): Plan[] => [
    { to: 'citizen', kind, data: { code, trackingUrl: links.tracking, ...data } },
  ];
  const officers = (addressees: Addressee[], kind: MessageKind, data: Record<string, unknown>): Plan[] => [
    { to: 'officers', addressees, kind, data: { code, dossierUrl: links.dossier, ...data } },
  ];
  switch (event.type) {
    case 'dossier_accepted':
      return citizen('receipt', { appointmentDate: event.data.appointmentDate });
    case 'clock_stopped':
      return citizen('supplement-request', { missingDocuments: event.data.missingDocuments });
    case 'posting_started':
      return citizen('posting-opened', { endsOn: event.data.endsOn });
    case 'decision_issued':
      return citizen('decision-issued', {
        // The register writes 'Số: 05/QĐ-UBND'; the message says "quyết định số 05/QĐ-UBND" itself.
        numberLabel: event.data.decision.numberLabel.replace(/^Số:\s*/u, ''),
        signedOn: event.data.decision.signedOn,
      });
    case 'intake_refused':
      // Form 03: the dossier is not taken in — a different answer from a refused decision.
      return citizen('intake-refusal', { reason: event.reason ?? 'xem phiếu từ chối tiếp nhận' });
    case 'dossier_refused':
      return citizen('refusal', { reason: event.reason ?? 'xem văn bản trả lời' });
    case 'dossier_withdrawn':
      // Form 05: the citizen asked for it, and learns it is done (their own reason is not repeated).
      return citizen('withdrawn', { withdrawnOn: event.legalDate });
    case 'due_date_changed':
      if (event.data.target !== 'appointment') return [];
      // The apology (form 04) moves the appointment without a step. A supplement's shift is recorded with
      // the step that waited, right after clock_resumed: the citizen learns the documents arrived and the
      // new appointment (the paused working days added).
      if (event.stepKey) return citizen('supplement-received', { newDate: event.data.newDate });
      return event.data.oldDate
        ? citizen('apology', { oldDate: event.data.oldDate, newDate: event.data.newDate })
        : [];
    case 'entitlement_created':
      // A monthly allowance starts in a month; a one-off payment has none and is told by its decision.
      return event.data.startMonth ? citizen('payment-started', { startMonth: event.data.startMonth }) : [];
    case 'task_opened': {
      const { task } = event.data;
      return officers([{ role: task.role, unitCode: task.unitCode }], 'task-opened', {
        taskTitle: task.title,
        dueDate: task.dueDate,
        roleTitle: ROLE_TITLES[task.role],
      });
    }
    case 'task_reminded':
      return officers(event.data.notify, 'task-reminder', { dueDate: event.data.dueDate });
    case 'task_overdue':
      return officers(event.data.notify, 'task-overdue', {
        dueDate: event.data.dueDate,
        escalation: event.data.escalation,
        reassignedTo: event.data.reassignedTo ? ROLE_TITLES[event.data.reassignedTo] : null,
      });
    default:
      return [];
  }
}

interface Recipient {
  channel: MessageChannel;
  address: string;
  audience: 'citizen' | 'officer';
  userId?: string;
  digest: boolean;
}

interface Applicant {
  recipient?: Recipient;
  /** Clause 5.3 or 5.8 (HIV): nothing officers typed goes to a phone or mailbox others may read. */
  isProtected: boolean;
}

async function applicantOf(client: PoolClient, code: string): Promise<Applicant> {
  const { rows } = await client.query<{ application: Application & Record<string, unknown> }>(
    'SELECT application FROM dossiers WHERE code = $1',
    [code],
  );
  const application = rows[0]?.application;
  if (!application) return { isProtected: false };
  const isProtected = hasProtectedCategory({ application });
  const { applicant } = application;
  const preference = applicant.notifyBy ?? DEFAULT_CONTACT_PREFERENCE;
  if (preference === 'email' && applicant.email) {
    return {
      recipient: { channel: 'email', address: applicant.email, audience: 'citizen', digest: false },
      isProtected,
    };
  }
  const phone = preference === 'sms' ? toE164(applicant.phone) : undefined;
  if (!phone) return { isProtected };
  return { recipient: { channel: 'sms', address: phone, audience: 'citizen', digest: false }, isProtected };
}

/**
 * A protected dossier's messages carry the tracking page's neutral wording in place of the typed list of
 * missing documents and the refusal's reason (domain/protected-category.ts says why).
 */
function withoutTypedText(kind: MessageKind, data: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'supplement-request') {
    return { ...data, missingDocuments: [], protectedNote: PROTECTED_MISSING_DOCUMENTS };
  }
  if (kind === 'refusal' || kind === 'intake-refusal') {
    return { ...data, reason: null, protectedNote: PROTECTED_REASON };
  }
  return data;
}

/** The active officers with an e-mail address holding `role` at `unitCode`; officers are written to by e-mail. */
async function officerRecipients(client: PoolClient, addressees: Addressee[]): Promise<Recipient[]> {
  if (addressees.length === 0) return [];
  const { rows } = await client.query<{ id: string; email: string; notification_mode: string }>(
    `SELECT DISTINCT u.id, u.email, u.notification_mode
       FROM users u
       JOIN unnest($1::text[], $2::text[]) AS a (role, unit_code) ON a.role = u.role AND a.unit_code = u.unit_code
      WHERE u.active AND u.email IS NOT NULL
      ORDER BY u.email`,
    [addressees.map((a) => a.role), addressees.map((a) => a.unitCode)],
  );
  return rows.map((row) => ({
    channel: 'email',
    address: row.email,
    audience: 'officer',
    userId: row.id,
    digest: row.notification_mode === 'digest',
  }));
}

/** The first digest hour (Vietnam time) strictly after `at`. */
export function nextDigestAt(at: Date, digestHour: number): Date {
  const today = legalDateOf(at.getTime());
  const sameDay = legalDateAt(today, digestHour);
  if (sameDay > at.getTime()) return new Date(sameDay);
  const tomorrow = legalDateOf(sameDay + 24 * 3600 * 1000);
  return new Date(legalDateAt(tomorrow, digestHour));
}

export async function enqueueMessagesFor(
  client: PoolClient,
  event: DossierEvent,
  settings: OutboxSettings = DEFAULT_OUTBOX_SETTINGS,
): Promise<void> {
  const plans = plansFor(event, {
    tracking: trackingLink(settings.publicBaseUrl, event.code),
    dossier: officerDossierLink(settings.publicBaseUrl, event.code),
  });
  for (const plan of plans) {
    let recipients: Recipient[];
    let data = plan.data;
    if (plan.to === 'citizen') {
      const applicant = await applicantOf(client, event.code);
      recipients = applicant.recipient ? [applicant.recipient] : [];
      if (applicant.isProtected) data = withoutTypedText(plan.kind, data);
      if (plan.kind === 'receipt')
        data = { ...data, procedureTitle: await procedureTitle(client, event.code) };
      // Form 04 is named as the dossier's one-stop edition names it (by receipt date).
      if (plan.kind === 'apology') data = { ...data, formTitle: await apologyTitle(client, event.code) };
    } else {
      recipients = await officerRecipients(client, plan.addressees);
    }
    for (const recipient of recipients) {
      const now = settings.now ? settings.now() : new Date();
      let message: RenderedMessage;
      try {
        message = renderMessage(plan.kind, recipient.channel, data, settings.templatesDir);
      } catch (error) {
        // A broken template must never hold up the dossier: the event commits, the message is kept as failed
        // and the admins are told.
        await recordUnrenderable(client, event, plan.kind, recipient, error, now);
        continue;
      }
      await insertMessage(client, event, plan.kind, recipient, {
        status: 'pending',
        subject: message.subject ?? null,
        body: message.body,
        smsEncoding: message.sms?.encoding ?? null,
        smsSegments: message.sms?.segments ?? null,
        nextAttemptAt: recipient.digest ? nextDigestAt(now, settings.digestHour) : now,
        lastError: null,
      });
    }
  }
}

/**
 * One message row of the event for the recipient; a row already there (the event recorded again by a retried
 * activity) is kept and undefined comes back, so nothing is sent or alerted twice.
 */
async function insertMessage(
  client: PoolClient,
  event: DossierEvent,
  kind: MessageKind,
  recipient: Recipient,
  content: {
    status: 'pending' | 'failed';
    subject: string | null;
    body: string;
    smsEncoding: string | null;
    smsSegments: number | null;
    nextAttemptAt: Date;
    lastError: string | null;
  },
): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, user_id, kind, subject, body,
       sms_encoding, sms_segments, digest, status, next_attempt_at, created_at, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (dossier_code, seq, channel, recipient) DO NOTHING
     RETURNING id`,
    [
      event.code,
      event.seq,
      recipient.channel,
      recipient.address,
      recipient.audience,
      recipient.userId ?? null,
      kind,
      content.subject,
      content.body,
      content.smsEncoding,
      content.smsSegments,
      recipient.digest,
      content.status,
      content.nextAttemptAt,
      event.at,
      content.lastError,
    ],
  );
  return rows[0]?.id;
}

async function recordUnrenderable(
  client: PoolClient,
  event: DossierEvent,
  kind: MessageKind,
  recipient: Recipient,
  error: unknown,
  now: Date,
): Promise<void> {
  const id = await insertMessage(client, event, kind, recipient, {
    status: 'failed',
    subject: null,
    body: '',
    smsEncoding: null,
    smsSegments: null,
    nextAttemptAt: now,
    lastError: `Mẫu tin nhắn ${kind}.${recipient.channel} lỗi: ${error instanceof Error ? error.message : String(error)}`,
  });
  if (id === undefined) return;
  await alertAdmins(
    client,
    String(id),
    `Hồ sơ ${event.code}: không soạn được tin ${messageLabel(kind)} (tin số ${id}) vì mẫu tin nhắn lỗi. ` +
      'Xem chi tiết tại Hộp thư đi.',
    now,
  );
}

async function apologyTitle(client: PoolClient, code: string): Promise<string> {
  const { rows } = await client.query<{ received_on: string }>(
    'SELECT received_on FROM dossiers WHERE code = $1',
    [code],
  );
  // The row exists (the event's dossier); without it, the edition in force now.
  return oneStopForm('apology', rows[0]?.received_on ?? '9999-12-31').title;
}

async function procedureTitle(client: PoolClient, code: string): Promise<string> {
  const { rows } = await client.query<{ procedure_title: string }>(
    'SELECT procedure_title FROM dossiers WHERE code = $1',
    [code],
  );
  return rows[0]?.procedure_title ?? '';
}
