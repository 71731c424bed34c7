/**
 * The dossier read model: each workflow event is written to the timeline and applied to the tables people
 * query (dossiers, tasks, due-date changes, form 06 entries, decisions, entitlements, notifications) in ONE
 * transaction. The timeline's primary key (dossier_code, seq) is the idempotency ledger: a retried or
 * replayed activity finds its event already there and changes nothing. The messages the event causes (e-mail,
 * SMS) are written to the outbox in the same transaction (notifications/outbox.ts); sending is not done here.
 */
import type { Pool, PoolClient } from 'pg';
import { applyConfirmedBaseLevelChanges } from '../../db/entitlement-arrears';
import { applyEntitlementChange } from '../../db/entitlement-changes';
import { inTransaction } from '../../db/queryable';
import { applyToReportSummaries } from '../../db/report-summaries';
import { takeReceivedApplication } from '../../db/received-applications';
import type { Application } from '../../domain/application';
import { DomainError } from '../../domain/domain-error';
import { levelOfRole, ROLE_TITLES } from '../../domain/roles';
import type { DossierEvent } from '../../workflows/dossier/types';
import { enqueueMessagesFor, type OutboxSettings } from '../../notifications/outbox';

type Projection<T extends DossierEvent['type']> = (
  client: PoolClient,
  event: Extract<DossierEvent, { type: T }>,
) => Promise<void>;

export async function recordDossierEvent(
  pool: Pool,
  event: DossierEvent,
  outbox?: OutboxSettings,
): Promise<void> {
  await recordDossierEvents(pool, [event], outbox);
}

/**
 * The events one workflow task produced, in the order recorded, in one transaction (one commit, one WAL
 * flush): the workflow writes them together before it waits (workflows/dossier/recording.ts#flushEvents).
 * Each event is still applied once: a retried batch skips the events already in the timeline.
 */
export async function recordDossierEvents(
  pool: Pool,
  events: readonly DossierEvent[],
  outbox?: OutboxSettings,
): Promise<void> {
  if (events.length === 0) return;
  await inTransaction(pool, async (client) => {
    // A batch is in the order the workflow recorded, not always of seq (a document's event takes its seq
    // before the document is issued): the dossier's last seq is the highest applied, its time the latest.
    const latest = new Map<string, { seq: number; at: string }>();
    for (const event of events) {
      if (!(await applyEvent(client, event, outbox))) continue;
      const before = latest.get(event.code);
      latest.set(event.code, {
        seq: Math.max(before?.seq ?? 0, event.seq),
        at: before && before.at > event.at ? before.at : event.at,
      });
    }
    for (const [code, { seq, at }] of latest) {
      await client.query(
        `UPDATE dossiers SET last_seq = GREATEST(last_seq, $2), updated_at = $3 WHERE code = $1`,
        [code, seq, at],
      );
    }
  });
}

/** Applies one event unless the timeline has it already; whether it was applied. */
async function applyEvent(
  client: PoolClient,
  event: DossierEvent,
  outbox?: OutboxSettings,
): Promise<boolean> {
  // The dossier row is created by the first event; the timeline's foreign key is checked at commit.
  const inserted = await client.query(
    `INSERT INTO dossier_events (dossier_code, seq, type, at, legal_date, actor, step_key, task_id, reason, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (dossier_code, seq) DO NOTHING`,
    [
      event.code,
      event.seq,
      event.type,
      event.at,
      event.legalDate,
      event.actor ?? null,
      event.stepKey ?? null,
      event.taskId ?? null,
      event.reason ?? null,
      JSON.stringify(timelineData(event)),
    ],
  );
  if (inserted.rowCount === 0) return false;
  await (PROJECTIONS[event.type] as Projection<typeof event.type>)(client, event as never);
  // The report summaries move with the read model, in this transaction (db/report-summaries.ts).
  await applyToReportSummaries(client, event);
  // The e-mails and SMS the event causes, in the same transaction: none without it, none twice.
  await enqueueMessagesFor(client, event, outbox);
  return true;
}

/** The application (with its sensitive fields) lives only in dossiers.application, not in the timeline. */
function timelineData(event: DossierEvent): unknown {
  if (event.type !== 'dossier_received') return event.data;
  const { application: _application, ...rest } = event.data;
  return rest;
}

const setDossier = (client: PoolClient, code: string, assignments: string, values: unknown[]) =>
  client.query(`UPDATE dossiers SET ${assignments} WHERE code = $1`, [code, ...values]);

const PROJECTIONS: { [T in DossierEvent['type']]: Projection<T> } = {
  async dossier_received(client, event) {
    const { application: carried, ...procedure } = event.data;
    // Runs started before the start input lost the application carry it here; the others left it in Postgres.
    const application = carried ?? (await takeReceivedApplication<Application>(client, event.code));
    if (!application) {
      throw new DomainError(
        'APPLICATION_NOT_RECEIVED',
        `no received application for dossier ${event.code}`,
        `Không tìm thấy tờ khai đã tiếp nhận của hồ sơ ${event.code}`,
      );
    }
    const idNumber = application.applicant.idNumber ?? application.beneficiary.idNumber;
    await client.query(
      `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
         commune_code, district_code, province_code, applicant_name, applicant_phone, applicant_id_last4,
         beneficiary_name, application, received_at, received_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        event.code,
        procedure.procedureId,
        procedure.procedureVersion,
        procedure.procedureTitle,
        procedure.tier,
        procedure.channel,
        procedure.channel === 'online' ? 'awaiting_intake_check' : 'received',
        application.unit.communeCode,
        application.unit.districtCode ?? null,
        application.unit.provinceCode,
        application.applicant.fullName,
        application.applicant.phone,
        idNumber ? idNumber.slice(-4) : null,
        application.beneficiary.fullName,
        JSON.stringify(application),
        procedure.receivedAt,
        event.legalDate,
      ],
    );
  },

  async dossier_accepted(client, event) {
    await setDossier(client, event.code, `status = 'in_progress', accepted_on = $2, appointment_date = $3`, [
      event.legalDate,
      event.data.appointmentDate,
    ]);
  },

  async intake_refused(client, event) {
    await finishDossier(client, event, 'intake_refused', 'Từ chối tiếp nhận hồ sơ');
  },

  async step_entered(client, event) {
    await setDossier(
      client,
      event.code,
      `current_step_key = $2, current_step_title = $3, current_due_date = $4`,
      [event.stepKey, event.data.title, event.data.dueDate ?? null],
    );
  },

  async task_opened(client, event) {
    const { task } = event.data;
    await client.query(
      `INSERT INTO tasks (id, dossier_code, kind, step_key, title, role, unit_level, unit_code, status, outcomes,
         opened_on, due_date, created_at, bulk_allowed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12, $13)`,
      [
        task.id,
        event.code,
        task.kind,
        task.stepKey,
        task.title,
        task.role,
        task.unitLevel,
        task.unitCode,
        task.outcomes,
        task.openedOn,
        task.dueDate,
        event.at,
        task.bulkAllowed === true,
      ],
    );
  },

  async task_claimed(client, event) {
    await client.query(`UPDATE tasks SET claimed_by = $2, claimed_at = $3 WHERE id = $1`, [
      event.taskId,
      event.actor,
      event.at,
    ]);
  },

  async task_released(client, event) {
    await client.query(`UPDATE tasks SET claimed_by = NULL, claimed_at = NULL WHERE id = $1`, [event.taskId]);
  },

  async task_reassigned(client, event) {
    await client.query(`UPDATE tasks SET claimed_by = $2, claimed_at = $3 WHERE id = $1`, [
      event.taskId,
      event.data.to ?? null,
      event.data.to ? event.at : null,
    ]);
  },

  async task_completed(client, event) {
    await client.query(
      `UPDATE tasks SET status = 'done', completed_at = $2, completed_on = $3, completed_by = $4, outcome = $5,
         reason = $6, on_time_status = $7
       WHERE id = $1`,
      [
        event.taskId,
        event.at,
        event.legalDate,
        event.actor ?? null,
        event.data.outcome,
        event.reason ?? null,
        event.data.onTimeStatus,
      ],
    );
    await client.query(
      `INSERT INTO control_slip_entries (dossier_code, seq, step_key, sender, receiver, handed_over_at, due_date,
         on_time_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.code,
        event.seq,
        event.stepKey,
        event.data.handover.sender,
        event.data.handover.receiver,
        event.at,
        event.data.dueDate,
        event.data.onTimeStatus,
      ],
    );
  },

  async task_reminded(client, event) {
    await client.query(`UPDATE tasks SET reminded = true WHERE id = $1`, [event.taskId]);
    await notify(
      client,
      event,
      event.data.notify,
      'reminder',
      `Sắp đến hạn xử lý (hạn ${event.data.dueDate})`,
    );
  },

  async task_overdue(client, event) {
    const { reassignedTo } = event.data;
    const newUnit = reassignedTo
      ? event.data.notify.find((n) => n.role === reassignedTo)?.unitCode
      : undefined;
    await client.query(
      `UPDATE tasks SET overdue = true, escalations = $2,
         role = COALESCE($3, role), unit_level = COALESCE($4, unit_level), unit_code = COALESCE($5, unit_code),
         claimed_by = CASE WHEN $3::text IS NULL THEN claimed_by END
       WHERE id = $1`,
      [
        event.taskId,
        event.data.escalation,
        reassignedTo ?? null,
        reassignedTo ? levelOfRole(reassignedTo) : null,
        newUnit ?? null,
      ],
    );
    await setDossier(client, event.code, `overdue = true`, []);
    const message = `Quá hạn xử lý (hạn ${event.data.dueDate}, lần báo quá hạn thứ ${event.data.escalation})${
      reassignedTo ? `; chuyển cho ${ROLE_TITLES[reassignedTo]}` : ''
    }`;
    await notify(client, event, event.data.notify, 'escalation', message);
  },

  async due_date_changed(client, event) {
    const { target, oldDate, newDate } = event.data;
    await client.query(
      `INSERT INTO due_date_changes (dossier_code, seq, target, task_id, old_date, new_date, reason, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.code,
        event.seq,
        target,
        event.taskId ?? null,
        oldDate ?? null,
        newDate,
        event.reason ?? '',
        event.at,
      ],
    );
    if (target === 'appointment') {
      await setDossier(client, event.code, `appointment_date = $2`, [newDate]);
    } else {
      await setDossier(client, event.code, `current_due_date = $2`, [newDate]);
    }
  },

  async clock_stopped(client, event) {
    await setDossier(client, event.code, `status = 'awaiting_supplement', clock_stopped = true`, []);
  },

  async clock_resumed(client, event) {
    await setDossier(
      client,
      event.code,
      `status = CASE WHEN accepted_on IS NULL THEN 'awaiting_intake_check' ELSE 'in_progress' END,
       clock_stopped = false`,
      [],
    );
  },

  async posting_started(client, event) {
    await setDossier(client, event.code, `current_due_date = $2`, [event.data.endsOn]);
  },

  async posting_ended() {},
  async complaint_filed() {},
  async returned() {},
  async document_issued() {},
  async decision_failed() {},
  async document_failed() {},

  async decision_issued(client, event) {
    const { decision } = event.data;
    await client.query(
      `INSERT INTO decisions (dossier_code, number_label, signed_on, issuer_code, kind, monthly_amount,
         one_off_amount, in_kind, base_level, coefficient, clauses, payment_start_month, document_id, created_at,
         payment_starts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        event.code,
        decision.numberLabel,
        decision.signedOn,
        decision.issuerCode,
        decision.kind,
        decision.monthlyAmount ?? null,
        decision.oneOffAmount ?? null,
        decision.inKind ? JSON.stringify(decision.inKind) : null,
        decision.baseLevel,
        decision.coefficient ?? null,
        decision.clauses,
        decision.paymentStartMonth ?? null,
        decision.documentId ?? null,
        event.at,
        decision.paymentStarts ? JSON.stringify(decision.paymentStarts) : null,
      ],
    );
    // A termination, adjustment or relocation takes effect with its decision, in the same transaction.
    if (decision.change) {
      await applyEntitlementChange(client, event.code, decision.change, decision.signedOn, event.at);
    }
  },

  async entitlement_created(client, event) {
    await client.query(
      `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, one_off_amount, start_month,
         payer_role, commune_code, status, created_at)
       SELECT code, beneficiary_name, $2, $3, $4, $5, $6, commune_code, 'active', $7 FROM dossiers WHERE code = $1`,
      [
        event.code,
        event.data.kind,
        event.data.monthlyAmount ?? null,
        event.data.oneOffAmount ?? null,
        event.data.startMonth ?? null,
        event.data.payerRole,
        event.at,
      ],
    );
    // A base level confirmed after this decision was computed (with the old table) applies to it too.
    await applyConfirmedBaseLevelChanges(client, event.code, event.at);
  },

  async dossier_completed(client, event) {
    await finishDossier(client, event, 'completed', 'Đã giải quyết', event.data.onTimeStatus);
  },

  async dossier_refused(client, event) {
    await finishDossier(
      client,
      event,
      'refused',
      `Không giải quyết: ${event.reason ?? ''}`.trim(),
      event.data.onTimeStatus,
    );
  },

  async dossier_withdrawn(client, event) {
    // The applicant's reason stays in the timeline (and form 05): the result is read on public pages.
    await finishDossier(client, event, 'withdrawn', WITHDRAWN_RESULT);
  },
};

const WITHDRAWN_RESULT = 'Dừng giải quyết hồ sơ do người nộp rút hồ sơ';

async function finishDossier(
  client: PoolClient,
  event: DossierEvent,
  status: string,
  result: string,
  onTime?: string,
): Promise<void> {
  await setDossier(
    client,
    event.code,
    `status = $2, finished_on = $3, result = $4, current_step_key = NULL, current_step_title = NULL,
     current_due_date = NULL, on_time_status = COALESCE($5, on_time_status)`,
    [status, event.legalDate, result, onTime ?? null],
  );
  await client.query(`UPDATE tasks SET status = 'cancelled' WHERE dossier_code = $1 AND status = 'open'`, [
    event.code,
  ]);
}

async function notify(
  client: PoolClient,
  event: DossierEvent,
  addressees: Array<{ role: string; unitCode: string }>,
  kind: string,
  message: string,
): Promise<void> {
  for (const { role, unitCode } of addressees) {
    await client.query(
      `INSERT INTO notifications (dossier_code, seq, audience, role, unit_code, kind, message, created_at)
       VALUES ($1, $2, 'officer', $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [event.code, event.seq, role, unitCode, kind, `Hồ sơ ${event.code}: ${message}`, event.at],
    );
  }
}
