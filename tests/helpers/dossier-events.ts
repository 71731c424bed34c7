/**
 * Writes a dossier's story into the read model the way the workflow does: one event at a time through
 * recordDossierEvent (activities/dossier/record-event.ts), so tests of what reads the read model (reports)
 * see exactly the rows the projection makes, without running a workflow. Dates are legal dates; each event
 * happens at 10:00 in Vietnam on its date.
 */
import type { Pool } from 'pg';
import { recordDossierEvent } from '../../activities/dossier/record-event';
import type { OnTimeStatus } from '../../domain/legal-time';
import type { Role } from '../../domain/procedures';
import type { DecisionSummary, DossierEvent, DossierEventBody } from '../../workflows/dossier/types';

export interface StoryDossier {
  code: string;
  procedureId: string;
  procedureTitle?: string;
  tier: 'two-tier' | 'three-tier';
  provinceCode: string;
  districtCode?: string;
  communeCode: string;
  receivedOn: string;
  channel?: 'walk_in' | 'online';
  beneficiaryIdNumber: string;
}

type Extra = Pick<DossierEvent, 'actor' | 'stepKey' | 'taskId' | 'reason'>;

export class DossierStory {
  private seq = 0;
  constructor(
    private readonly pool: Pool,
    readonly dossier: StoryDossier,
  ) {}

  async record(on: string, body: DossierEventBody, extra: Extra = {}): Promise<this> {
    this.seq += 1;
    await recordDossierEvent(this.pool, {
      ...body,
      ...extra,
      code: this.dossier.code,
      seq: this.seq,
      at: `${on}T03:00:00.000Z`,
      legalDate: on,
    } as DossierEvent);
    return this;
  }

  received(): Promise<this> {
    const d = this.dossier;
    return this.record(d.receivedOn, {
      type: 'dossier_received',
      data: {
        procedureId: d.procedureId,
        procedureVersion: 1,
        procedureTitle: d.procedureTitle ?? 'Thực hiện trợ cấp xã hội hằng tháng',
        tier: d.tier,
        channel: d.channel ?? 'walk_in',
        receivedAt: `${d.receivedOn}T03:00:00.000Z`,
        application: {
          applicant: { fullName: 'Người Nộp Hồ Sơ', phone: '0912345678', idNumber: d.beneficiaryIdNumber },
          beneficiary: { fullName: 'Người Hưởng', idNumber: d.beneficiaryIdNumber },
          unit: {
            provinceCode: d.provinceCode,
            communeCode: d.communeCode,
            ...(d.districtCode ? { districtCode: d.districtCode } : {}),
          },
        } as never,
      },
    });
  }

  accepted(on: string, appointmentDate: string): Promise<this> {
    return this.record(on, { type: 'dossier_accepted', data: { appointmentDate } });
  }

  async openTask(
    on: string,
    task: { id: string; stepKey: string; title: string; dueDate: string; role?: Role; unitCode?: string },
  ): Promise<this> {
    await this.record(
      on,
      { type: 'step_entered', data: { title: task.title, dueDate: task.dueDate } },
      {
        stepKey: task.stepKey,
      },
    );
    return this.record(
      on,
      {
        type: 'task_opened',
        data: {
          task: {
            id: task.id,
            kind: 'step',
            stepKey: task.stepKey,
            title: task.title,
            role: task.role ?? 'commune_officer',
            unitLevel: 'commune',
            unitCode: task.unitCode ?? this.dossier.communeCode,
            outcomes: ['approve', 'refuse', 'return', 'request_documents'] as never,
            openedOn: on,
            dueDate: task.dueDate,
            overdue: false,
            status: 'open',
          },
        },
      },
      { stepKey: task.stepKey, taskId: task.id },
    );
  }

  completeTask(
    on: string,
    task: { id: string; stepKey: string; dueDate: string; outcome?: string; onTimeStatus: OnTimeStatus },
  ): Promise<this> {
    return this.record(
      on,
      {
        type: 'task_completed',
        data: {
          outcome: (task.outcome ?? 'approve') as never,
          onTimeStatus: task.onTimeStatus,
          dueDate: task.dueDate,
          handover: { sender: 'Người giao', receiver: 'Người nhận' },
        },
      },
      { stepKey: task.stepKey, taskId: task.id, actor: 'can-bo' },
    );
  }

  stopClock(on: string, task: { id: string; stepKey: string }): Promise<this> {
    return this.record(
      on,
      { type: 'clock_stopped', data: { missingDocuments: ['Giấy xác nhận khuyết tật'] } },
      {
        stepKey: task.stepKey,
        taskId: task.id,
        reason: 'Thiếu giấy tờ',
      },
    );
  }

  resumeClock(on: string, stepKey: string, pausedWorkingDays: number): Promise<this> {
    return this.record(
      on,
      { type: 'clock_resumed', data: { pausedWorkingDays, documents: [] } },
      { stepKey },
    );
  }

  changeDueDate(
    on: string,
    change: { target: 'task' | 'appointment'; taskId?: string; oldDate: string; newDate: string },
  ): Promise<this> {
    return this.record(
      on,
      {
        type: 'due_date_changed',
        data: { target: change.target, oldDate: change.oldDate, newDate: change.newDate },
      },
      { ...(change.taskId ? { taskId: change.taskId } : {}), reason: 'Tạm dừng chờ bổ sung hồ sơ' },
    );
  }

  escalate(
    on: string,
    task: { id: string; stepKey: string; dueDate: string; to: Role; unitCode: string },
  ): Promise<this> {
    return this.record(
      on,
      {
        type: 'task_overdue',
        data: {
          dueDate: task.dueDate,
          escalation: 1,
          notify: [{ role: task.to, unitCode: task.unitCode }],
          reassignedTo: task.to,
        },
      },
      { stepKey: task.stepKey, taskId: task.id },
    );
  }

  returned(on: string, fromStep: string, toStep: string): Promise<this> {
    return this.record(on, { type: 'returned', data: { toStep } }, { stepKey: fromStep });
  }

  decided(
    on: string,
    decision: Partial<DecisionSummary> & Pick<DecisionSummary, 'kind' | 'clauses'>,
  ): Promise<this> {
    return this.record(on, {
      type: 'decision_issued',
      data: {
        decision: {
          numberLabel: `${this.dossier.code}/QĐ-UBND`,
          signedOn: on,
          issuerCode: this.dossier.communeCode,
          baseLevel: 500_000,
          ...decision,
        },
      },
    });
  }

  entitled(
    on: string,
    entitlement: { kind: DecisionSummary['kind']; monthlyAmount?: number; oneOffAmount?: number },
  ): Promise<this> {
    return this.record(on, {
      type: 'entitlement_created',
      data: { ...entitlement, startMonth: on.slice(0, 7), payerRole: 'payment_officer' },
    });
  }

  completed(on: string, onTimeStatus: OnTimeStatus): Promise<this> {
    return this.record(on, { type: 'dossier_completed', data: { onTimeStatus } });
  }

  refused(on: string, stepKey: string, onTimeStatus: OnTimeStatus): Promise<this> {
    return this.record(
      on,
      { type: 'dossier_refused', data: { onTimeStatus } },
      { stepKey, reason: 'Không đủ điều kiện' },
    );
  }

  intakeRefused(on: string): Promise<this> {
    return this.record(on, { type: 'intake_refused', data: {} }, { reason: 'Hồ sơ không thuộc thẩm quyền' });
  }
}
