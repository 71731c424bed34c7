/**
 * `/can-bo/ho-so/:code`: the whole story of one dossier on one screen (summary, application, attachments,
 * timeline, due-date changes, form 06, decision and entitlement, documents) and only the actions allowed now:
 * claim or release the officer's open task, and complete it with an outcome the step allows. Forms POST and
 * redirect back here, so the page works without JavaScript; what the officer may see and do is decided in
 * app/ (officer-view.ts, the task inbox), never here.
 */
import { actorOf } from '../../app/audit';
import { clientAddressOf } from '../../http/client-address';
import { attachmentForOfficer, attachmentsForOfficer } from '../../app/attachments/attachments';
import { sendAttachment } from '../../http/send-attachment';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AuthenticatedUser } from '../../app/auth/session';
import { documentTitle } from '../../app/dossiers/document-title';
import {
  officerDocument,
  officerDossier,
  officerNames,
  type OfficerDossier,
} from '../../app/dossiers/officer';
import { processControlSlip } from '../../app/dossiers/process-control-slip';
import { CompleteTaskBodySchema, DossierCodeSchema, WithdrawalBodySchema } from '../../app/dossiers/schemas';
import { withdrawalRefusal } from '../../app/dossiers/withdrawable';
import { recordPaperWithdrawal } from '../../app/dossiers/withdrawal';
import { AppError } from '../../app/errors';
import {
  actionableTasksOfDossier,
  completeTask,
  OFFICER_ROLES,
  READ_ONLY_ROLES,
} from '../../app/tasks/inbox';
import type { TaskItem } from '../../app/tasks/schemas';
import { vietnameseIssueMessage } from '../../app/validation';
import { sendDocument } from '../../http/send-document';
import type { PageModule, WebContext } from '../app';
import { formErrors } from '../form-errors';
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';
import { deadlineOf } from './inbox';
import {
  clauseText,
  ENTITLEMENT_STATUSES,
  monthText,
  outcomeLabel,
  qualificationText,
  roleTitle,
  SUPPORT_KINDS,
} from './labels';
import { payeePath } from './payee';
import { timelineEntry } from './timeline';
import { changePath } from './entitlement-change';
import { changeRequestOfDossier, entitlementSummary } from '../../app/entitlements/changes';
import { CHANGE_KIND_TITLES, ENTITLEMENT_CHANGE_KINDS } from '../../domain/entitlement-changes';
import { displayDate } from '../format';
import { stopsFrom } from '../../domain/entitlement-months';
import { PAYEE_READERS } from '../../app/payments/entitlement-access';
import { payeeOf } from '../../app/payments/payees';
import { reassignTask, supervisedTasksOfDossier } from '../../app/tasks/reassign';

export const dossierPath = (code: string) => `/can-bo/ho-so/${code}`;

/** Banners after a POST/redirect/GET, keyed by the `?xong=` of the redirect. */
const NOTICES: Readonly<Record<string, string>> = {
  '1': 'Đã ghi nhận kết quả xử lý.',
  '2': 'Đã giao lại công việc.',
  '3': 'Đã thu hồi công việc; cán bộ cùng vai trò có thể nhận xử lý.',
  '4': 'Đã ghi nhận đơn rút hồ sơ: hồ sơ dừng giải quyết, Thông báo dừng giải quyết hồ sơ (mẫu 05) đã được lập.',
  '5': 'Đã tạo hồ sơ thay đổi trợ cấp; hồ sơ chuyển bước xác minh.',
};

/** The outcomes whose reason the workflow requires (it checks again: this only marks the field). */
const REASON_OUTCOMES = ['refuse', 'return', 'request_documents'];

/** Workflow rejections that concern one field of the form: shown beside it, in words that say what to do. */
const FIELD_OF_REJECTION: Readonly<Record<string, PageFieldError>> = {
  REASON_REQUIRED: { field: 'reason', message: 'Nhập lý do từ chối, trả lại hoặc yêu cầu bổ sung hồ sơ' },
  MISSING_DOCUMENTS_REQUIRED: {
    field: 'missingDocuments',
    message: 'Nhập các giấy tờ cần bổ sung, mỗi giấy tờ một dòng',
  },
  INVALID_RETURN_TARGET: { field: 'targetStep', message: 'Chọn một bước trước bước đang xử lý' },
  OUTCOME_NOT_ALLOWED: { field: 'outcome', message: 'Chọn một kết quả xử lý có trong danh sách' },
};

/** Input ids of the form, so the error summary links to each field. */
const FIELD_IDS: Record<string, string> = { outcome: 'outcome', missingDocuments: 'missingDocuments' };

interface FormState {
  taskId: string;
  values: Record<string, string>;
  errors: PageFieldError[];
  /** A workflow answer that is not about one field (someone else claimed the task, the dossier closed). */
  problem?: string;
}

/** The posted form (strings) as the API's CompleteTaskBody: empty fields left out, documents one per line. */
function completionOf(values: Record<string, string>): Record<string, unknown> {
  const text = (name: string) => values[name]?.trim() || undefined;
  const documents = (values.missingDocuments ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return Object.fromEntries(
    Object.entries({
      outcome: values.outcome ?? '',
      reason: text('reason'),
      note: text('note'),
      missingDocuments: documents.length ? documents : undefined,
      targetStep: text('targetStep'),
    }).filter(([, value]) => value !== undefined),
  );
}

function stringsOf(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** An application's person, for the summary list: masked view, words for the codes. */
function personOf(value: unknown) {
  if (typeof value !== 'object' || value === null) return null;
  const person = value as Record<string, unknown>;
  return {
    ...person,
    genderText: person.gender === 'male' ? 'Nam' : person.gender === 'female' ? 'Nữ' : '',
    qualifications: Array.isArray(person.qualifications) ? person.qualifications.map(qualificationText) : [],
  };
}

/**
 * Attachment kinds are free text: a machine code (to_khai) is no use to a reader, words are; and a kind that
 * only repeats the paper's name ("Tờ khai … (Mẫu số 1d) (Tờ khai … (Mẫu số 1d))") says nothing twice.
 */
function attachmentsOf(application: Record<string, unknown>) {
  const list = Array.isArray(application.attachments) ? application.attachments : [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, kind } = item as Record<string, unknown>;
    if (typeof name !== 'string') return [];
    const words = typeof kind === 'string' && !/^[a-z0-9_]+$/.test(kind) && kind !== name;
    return [{ name, kind: words ? kind : null }];
  });
}

/** Earlier steps a task may be returned to: the steps already worked in this dossier, in order. */
function earlierSteps(view: OfficerDossier, task: TaskItem) {
  const steps = new Map<string, string>();
  for (const other of view.tasks) {
    if (other.kind === 'step' && other.status === 'done' && other.stepKey !== task.stepKey) {
      steps.set(other.stepKey, other.title);
    }
  }
  return [...steps.entries()].map(([key, title]) => ({ key, title }));
}

function actionOf(view: OfficerDossier, task: TaskItem, user: AuthenticatedUser, form?: FormState) {
  const mine = form?.taskId === task.id ? form : undefined;
  const values = mine?.values ?? {};
  return {
    ...task,
    deadline: deadlineOf(task),
    claimedByMe: task.claimedBy?.userId === user.id,
    claimedByOther: !!task.claimedBy && task.claimedBy.userId !== user.id,
    outcomes: task.outcomes.map((outcome) => ({
      value: outcome,
      label: outcomeLabel(task.stepKey, outcome),
      checked: values.outcome === outcome,
      needsReason: REASON_OUTCOMES.includes(outcome),
    })),
    asksDocuments: task.outcomes.includes('request_documents'),
    returnSteps: task.outcomes.includes('return') ? earlierSteps(view, task) : null,
    values,
    problem: mine?.problem,
  };
}

async function showDossier(
  { deps, views }: WebContext,
  res: Response,
  code: string,
  extra: {
    notice?: string;
    form?: FormState;
    reveal?: boolean;
    reassignProblem?: { taskId: string; message: string };
    /** The desk's withdrawal form as posted, with its error. */
    withdrawal?: { reason: string; error?: string; problem?: string };
  } = {},
  status = 200,
) {
  const user = localsOf(res).auth!.user;
  // Masked unless this request asks to reveal: then app/ records the reveal before the view holds them.
  const reader = actorOf(user, clientAddressOf(res.req));
  const view = await officerDossier(deps, reader, code, { reveal: extra.reveal === true });
  const [tasks, files, supervised, monthly, changeRequest] = await Promise.all([
    actionableTasksOfDossier(deps, user, view.dossier.code),
    attachmentsForOfficer(deps, user, view.dossier.code),
    supervisedTasksOfDossier(deps, user, view.dossier.code),
    entitlementSummary(deps, user, view.dossier.code),
    changeRequestOfDossier(deps, view.dossier.code),
  ]);
  // How the entitlement is paid, for the roles that handle payments (app/payments/entitlement-access.ts).
  const payment =
    view.entitlement && (PAYEE_READERS as readonly string[]).includes(user.role)
      ? await payeeOf(deps, reader, view.dossier.code)
      : null;
  const names = await officerNames(deps, [
    ...view.timeline.map((event) => event.actor),
    ...view.tasks.map((task) => task.claimedBy),
  ]);
  const application = view.application;
  const stepTitles = new Map(view.tasks.map((task) => [task.stepKey, task.title]));
  const decision = view.decision;
  renderPage(
    views,
    res,
    'officer/dossier',
    {
      title: `Hồ sơ ${view.dossier.code}`,
      errors:
        extra.form?.errors ??
        (extra.withdrawal?.error ? [{ field: 'withdrawal-reason', message: extra.withdrawal.error }] : []),
      notice: extra.notice,
      dossier: view.dossier,
      applicant: personOf(application.applicant),
      beneficiary: personOf(application.beneficiary),
      attachments: attachmentsOf(application),
      revealed: view.sensitiveFieldsShown,
      mayReveal: view.mayRevealSensitiveFields && !view.sensitiveFieldsShown,
      files: files.map((file) => ({
        id: file.id,
        name: file.name,
        // Files of a protected dossier are not served to this reader (app/dossiers/officer-view.ts).
        url: view.protectedCategory ? null : `/can-bo/ho-so/${view.dossier.code}/tep/${file.id}`,
        typeText: FILE_TYPES[file.mediaType],
        sizeText: `${Math.max(1, Math.round(file.size / 1024)).toLocaleString('vi-VN')} KB`,
      })),
      actions: tasks.map((task) => actionOf(view, task, user, extra.form)),
      // The desk records a withdrawal handed in on paper while no decision is made (one rule: withdrawable.ts).
      deskWithdrawal:
        user.role === 'intake_clerk' &&
        !withdrawalRefusal({ status: view.dossier.status, decided: Boolean(view.decision) })
          ? {
              reason: extra.withdrawal?.reason ?? '',
              error: extra.withdrawal?.error,
              problem: extra.withdrawal?.problem,
            }
          : null,
      // A supervisor's own task is in `actions`; here the tasks others hold or may take.
      reassignments: supervised
        .filter(({ task }) => !tasks.some((mine) => mine.id === task.id))
        .map(({ task, candidates }) => ({
          id: task.id,
          title: task.title,
          roleText: roleTitle(task.role),
          holder: task.claimedByName ?? (task.claimedBy ? 'cán bộ khác' : null),
          candidates,
          problem: extra.reassignProblem?.taskId === task.id ? extra.reassignProblem.message : undefined,
        }))
        .filter((task) => task.holder || task.candidates.length > 0),
      canAct: (OFFICER_ROLES as readonly string[]).includes(user.role),
      timeline: view.timeline.map((event) => timelineEntry(event, names)).reverse(),
      dueDateChanges: view.dueDateChanges.map((change) => ({
        ...change,
        targetText: change.target === 'appointment' ? 'Ngày hẹn trả kết quả' : 'Hạn xử lý của bước',
      })),
      controlSlip: view.controlSlip.map((entry) => ({
        ...entry,
        sender: withoutUnitCode(entry.sender),
        receiver: withoutUnitCode(entry.receiver),
        stepTitle: stepTitles.get(entry.stepKey) ?? '',
      })),
      decision: decision && {
        ...decision,
        kindText: SUPPORT_KINDS[decision.kind] ?? '',
        clauses: decision.clauses.map(clauseText),
        paymentStart: monthText(decision.paymentStartMonth),
      },
      entitlement: view.entitlement && {
        ...view.entitlement,
        kindText: SUPPORT_KINDS[view.entitlement.kind] ?? '',
        startText: monthText(view.entitlement.startMonth),
        payerText: roleTitle(view.entitlement.payerRole),
        statusText: ENTITLEMENT_STATUSES[view.entitlement.status] ?? '',
        payment: payment && {
          methodText: payment.payee?.methodText ?? 'Chưa đăng ký',
          url: payeePath(view.dossier.code),
        },
      },
      // A change dossier: what it asks, for the officer who verifies and the chairman who decides.
      changeRequest: changeRequest && {
        ...changeRequest,
        entitlementUrl: dossierPath(changeRequest.entitlementCode),
        eventText: changeRequest.eventDate ? displayDate(changeRequest.eventDate) : null,
        fromText: changeRequest.fromMonth ? monthText(changeRequest.fromMonth) : null,
        stopsText: changeRequest.eventDate ? monthText(stopsFrom(changeRequest.eventDate)) : null,
      },
      // Termination, adjustment, relocation of the monthly allowance this dossier granted (issue 14).
      entitlementChanges: monthly && {
        ended: monthly.endedOn
          ? { eventText: displayDate(monthly.endedOn), stopsText: monthText(stopsFrom(monthly.endedOn)) }
          : null,
        starts: monthly.changeable
          ? ENTITLEMENT_CHANGE_KINDS.map((kind) => ({
              url: changePath(view.dossier.code, kind),
              title: CHANGE_KIND_TITLES[kind],
            }))
          : [],
        dossiers: monthly.changes.map((change) => ({ ...change, url: dossierPath(change.code) })),
      },
      documents: view.documents.map((document) => ({
        ...document,
        title: document.title ?? documentTitle(document.kind) ?? 'Văn bản của hồ sơ',
        // No link to a document this reader may not open (officer-view.ts#documentRefusal).
        previewUrl: document.downloadUrl ? `${dossierPath(view.dossier.code)}/van-ban/${document.id}` : null,
        pdfUrl:
          document.downloadUrl && document.format === 'pdf'
            ? `${dossierPath(view.dossier.code)}/van-ban/${document.id}/pdf`
            : null,
      })),
    },
    status,
  );
}

/** Form 06 names a party as "title (unit code)"; the page is about one dossier of known units. */
function withoutUnitCode(party: string): string {
  return party.replace(/\s*\(\d+\)$/, '');
}

function codeOf(req: Request): string {
  const code = DossierCodeSchema.safeParse(req.params.code);
  if (!code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
  return code.data;
}

const DocumentIdSchema = z.uuid();
const FILE_TYPES = { 'application/pdf': 'PDF', 'image/jpeg': 'ảnh JPEG', 'image/png': 'ảnh PNG' } as const;

export const dossierPage: PageModule = (router, context) => {
  const { deps } = context;
  const readers = requireOfficer([...OFFICER_ROLES, ...READ_ONLY_ROLES]);

  router.get('/can-bo/ho-so/:code', readers, async (req, res) => {
    const notice = typeof req.query.xong === 'string' ? NOTICES[req.query.xong] : undefined;
    await showDossier(context, res, codeOf(req), notice ? { notice } : {});
  });

  router.post(
    '/can-bo/ho-so/:code/cong-viec/:taskId/ket-qua',
    requireOfficer(OFFICER_ROLES),
    async (req, res) => {
      const code = codeOf(req);
      const taskId = String(req.params.taskId);
      const values = stringsOf(req.body);
      delete values._csrf;
      const parsed = CompleteTaskBodySchema.safeParse(completionOf(values), {
        error: vietnameseIssueMessage,
      });
      if (!parsed.success) {
        const errors = formErrors(parsed.error, FIELD_IDS).map((error) =>
          error.field === 'outcome' ? { ...error, message: 'Chọn kết quả xử lý' } : error,
        );
        await showDossier(context, res, code, { form: { taskId, values, errors } }, 422);
        return;
      }
      try {
        await completeTask(deps, localsOf(res).auth!.user, taskId, parsed.data);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        // A second submit of the same form: the first one counted, which is what the officer wanted.
        if (error.code === 'TASK_ALREADY_DONE') {
          await showDossier(context, res, code, {
            notice: 'Công việc này đã được xử lý xong trước đó; kết quả đã ghi nhận được giữ nguyên.',
          });
          return;
        }
        const field = FIELD_OF_REJECTION[error.code];
        const form: FormState = field
          ? { taskId, values, errors: [field] }
          : {
              taskId,
              values,
              errors: [{ field: 'outcome', message: error.message }],
              problem: error.message,
            };
        await showDossier(context, res, code, { form }, field ? 422 : error.status);
        return;
      }
      res.redirect(303, `${dossierPath(code)}?xong=1`);
    },
  );

  // A supervisor (the unit's chairman, an admin) gives a task to another officer, or releases it ('').
  router.post(
    '/can-bo/ho-so/:code/cong-viec/:taskId/giao-lai',
    requireOfficer(['commune_chairman', 'district_chairman', 'admin']),
    async (req, res) => {
      const code = codeOf(req);
      const taskId = String(req.params.taskId);
      const to = typeof req.body?.toUserId === 'string' ? req.body.toUserId.trim() : '';
      try {
        await reassignTask(deps, localsOf(res).auth!.user, taskId, to || null);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
        await showDossier(context, res, code, { reassignProblem: { taskId, message: error.message } }, 422);
        return;
      }
      res.redirect(303, `${dossierPath(code)}?xong=${to ? 2 : 3}`);
    },
  );

  // A withdrawal the applicant handed in on paper, recorded by the desk (form 05 is issued by the workflow).
  router.post('/can-bo/ho-so/:code/rut-ho-so', requireOfficer(['intake_clerk']), async (req, res) => {
    const code = codeOf(req);
    const reason = typeof req.body?.reason === 'string' ? req.body.reason : '';
    const parsed = WithdrawalBodySchema.safeParse({ reason }, { error: vietnameseIssueMessage });
    if (!parsed.success) {
      const error = 'Nhập lý do rút hồ sơ như trong đơn của người nộp';
      await showDossier(context, res, code, { withdrawal: { reason, error } }, 422);
      return;
    }
    try {
      await recordPaperWithdrawal(deps, localsOf(res).auth!.user, code, parsed.data);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      await showDossier(context, res, code, { withdrawal: { reason, problem: error.message } }, error.status);
      return;
    }
    res.redirect(303, `${dossierPath(code)}?xong=4`);
  });

  // Masked by default; the reveal is a POST (never a link a browser prefetches) and is recorded.
  router.post('/can-bo/ho-so/:code/hien-thong-tin', readers, async (req, res) => {
    const code = codeOf(req);
    await showDossier(context, res, code, {
      reveal: true,
      notice: 'Đang hiện số định danh và thông tin được bảo vệ. Lần xem này đã được ghi lại.',
    });
  });

  // A file the citizen or the desk uploaded, as a download (never shown inline: it is the citizen's content).
  router.get('/can-bo/ho-so/:code/tep/:id', readers, async (req, res) => {
    const id = DocumentIdSchema.safeParse(req.params.id);
    if (!id.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy tệp đính kèm');
    await sendAttachment(
      res,
      await attachmentForOfficer(
        deps,
        actorOf(localsOf(res).auth!.user, clientAddressOf(req)),
        codeOf(req),
        id.data,
      ),
    );
  });

  // Form 06, printed now from the hand-overs (never stored): the print view, or its PDF as a file.
  for (const [suffix, format] of [
    ['', 'html'],
    ['/pdf', 'pdf'],
  ] as const) {
    router.get(`/can-bo/ho-so/:code/phieu-kiem-soat${suffix}`, readers, async (req, res) => {
      const reader = actorOf(localsOf(res).auth!.user, clientAddressOf(req));
      sendDocument(res, await processControlSlip(deps, reader, codeOf(req), format), { download: true });
    });
  }

  // 'Xem': the HTML of a document, even when a PDF was printed; 'Tải PDF': the printed copy.
  for (const [suffix, format] of [
    ['', 'html'],
    ['/pdf', 'stored'],
  ] as const) {
    router.get(`/can-bo/ho-so/:code/van-ban/:id${suffix}`, readers, async (req, res) => {
      const id = DocumentIdSchema.safeParse(req.params.id);
      if (!id.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy văn bản');
      const user = localsOf(res).auth!.user;
      const reader = actorOf(user, clientAddressOf(req));
      sendDocument(res, await officerDocument(deps, reader, codeOf(req), id.data, format));
    });
  }
};
