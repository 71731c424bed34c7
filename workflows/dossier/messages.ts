/**
 * The dossier workflow's messages, defined once and imported by both the workflow and the API.
 * Updates are validated by the workflow before they are accepted (a rejected update leaves no trace in the
 * history); signals carry what citizens send (complaints, supplements), which must never be lost.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OutcomeKind, Role } from '../../domain/procedures';
import type { DossierState } from './types';

/** Who acts: the API has already checked the officer's unit and role; the workflow re-checks the role. */
export interface Officer {
  userId: string;
  role: Role;
  fullName?: string;
}

export interface CompleteTaskInput {
  taskId: string;
  outcome: OutcomeKind;
  actor: Officer;
  reason?: string;
  note?: string;
  missingDocuments?: string[];
  /** For 'return': the earlier step to go back to (defaults to the outcome's target). */
  targetStep?: string;
}

export interface TaskActionResult {
  taskId: string;
  status: string;
  dossierStatus: string;
}

export const completeTaskUpdate = defineUpdate<TaskActionResult, [CompleteTaskInput]>('completeTask');
export const claimTaskUpdate = defineUpdate<TaskActionResult, [{ taskId: string; actor: Officer }]>(
  'claimTask',
);
export const releaseTaskUpdate = defineUpdate<TaskActionResult, [{ taskId: string; actor: Officer }]>(
  'releaseTask',
);

/**
 * A supervisor takes an open task from whoever claimed it and gives it to `toUserId`, or releases it (none).
 * Who may do so, and to whom, is checked by the API (the chairman of the task's unit or an admin; an active
 * officer of the task's role and unit), as deactivating a user does for that user's claims.
 */
export interface ReassignTaskInput {
  taskId: string;
  toUserId?: string;
  /** The supervisor's user id (or the admin who deactivated the holder). */
  by: string;
}
export const reassignTaskUpdate = defineUpdate<TaskActionResult, [ReassignTaskInput]>('reassignTask');

export interface ComplaintInput {
  complainant: string;
  content: string;
  /** Client-side id so a resent complaint is not filed twice. */
  complaintId: string;
}
export interface SupplementInput {
  documents: Array<{ name: string; kind: string }>;
  note?: string;
  supplementId: string;
}

/**
 * A complaint during the public posting. An update, so the citizen is told the truth: the workflow checks in
 * its validator that the posting takes complaints (NOT_IN_POSTING otherwise) and answers once the complaint
 * is recorded. Resending the same complaintId is answered the same and filed once.
 */
export const fileComplaintUpdate = defineUpdate<ComplaintFiled, [ComplaintInput]>(
  'fileComplaintDuringPosting',
);
export interface ComplaintFiled {
  complaintId: string;
  status: 'filed';
}
/**
 * The complaint as a signal, as the API sent it before the update existed: still handled for signals already
 * in flight, but a signal cannot be refused, so one that comes after the posting closed is silently dropped.
 * @deprecated use fileComplaintUpdate.
 */
export const fileComplaintSignal = defineSignal<[ComplaintInput]>('fileComplaint');
/**
 * The citizen's answer to a supplement request (yêu cầu bổ sung, form 02): the legal clock resumes. The wire
 * name 'supplementDocuments' is kept (recorded in running dossiers' histories).
 */
export const supplementSignal = defineSignal<[SupplementInput]>('supplementDocuments');

/** Someone cured the cause of the dossier's incident (published the procedure, fixed the data): try now. */
export const retryIncidentSignal = defineSignal('retryIncident');

/**
 * The applicant withdraws the dossier (rút hồ sơ): online from the tracking page (the API checked the second
 * factor), or on paper at the one-stop desk, recorded by the desk officer. Accepted while no decision is made
 * and the dossier has not finished: open tasks and timers end, the notice that processing stopped (form 05) is
 * issued, and the dossier ends 'withdrawn'. Answered once that is in the read model; a second request while
 * the first is under way gets the same answer.
 */
export interface WithdrawInput {
  by: 'citizen' | 'desk';
  reason: string;
  /** The desk officer's user id, when the desk records a request handed in on paper. */
  actor?: string;
}
export interface DossierWithdrawn {
  status: 'withdrawn';
  withdrawnOn: string;
  /** Form 05; absent when the document rules refused it (recorded as document_failed). */
  documentId?: string;
}
export const withdrawDossierUpdate = defineUpdate<DossierWithdrawn, [WithdrawInput]>('withdrawDossier');

export const dossierStateQuery = defineQuery<DossierState>('dossierState');

/** Why an update was rejected: a stable code and a Vietnamese message the API passes on as a 409/400. */
export const UPDATE_REJECTIONS = {
  TASK_NOT_FOUND: 'Không tìm thấy công việc này trong hồ sơ',
  TASK_ALREADY_DONE: 'Công việc đã được xử lý',
  OUTCOME_NOT_ALLOWED: 'Kết quả xử lý này không được phép ở bước hiện tại',
  REASON_REQUIRED: 'Cần nêu rõ lý do',
  MISSING_DOCUMENTS_REQUIRED: 'Cần liệt kê giấy tờ còn thiếu',
  INVALID_RETURN_TARGET: 'Bước trả lại không hợp lệ',
  RETURN_PAST_DECISION:
    'Hồ sơ đã có quyết định: không trả lại bước trước khi quyết định; thay đổi quyết định bằng thủ tục điều chỉnh',
  WRONG_ROLE: 'Vai trò của cán bộ không được giao công việc này',
  TASK_CLAIMED_BY_OTHER: 'Công việc đang do cán bộ khác xử lý',
  TASK_NOT_CLAIMED: 'Công việc chưa được nhận xử lý',
  TEXT_INVALID: 'Nội dung chứa ký tự không hợp lệ (ký tự điều khiển hoặc mã Unicode hỏng)',
  NOT_IN_POSTING: 'Hồ sơ hiện không trong thời gian niêm yết công khai, không thể gửi khiếu nại',
  TOO_MANY_CLAIMS: 'Công việc đã được nhận, trả quá nhiều lần; đề nghị lãnh đạo giao việc',
  TOO_MANY_SUPPLEMENT_REQUESTS:
    'Đã yêu cầu bổ sung hồ sơ quá số lần cho phép ở bước này; yêu cầu bổ sung phải nêu đủ giấy tờ trong một lần',
  DECISION_MADE: 'Hồ sơ đã có quyết định giải quyết, không thể rút hồ sơ',
  DOSSIER_FINISHED: 'Hồ sơ đã kết thúc xử lý, không thể rút hồ sơ',
  DOSSIER_WITHDRAWN: 'Hồ sơ đang được dừng giải quyết do người nộp rút hồ sơ',
} as const;
export type UpdateRejectionCode = keyof typeof UPDATE_REJECTIONS;

/** Error message format of a rejected update: `CODE: Vietnamese message`, parsed back by the API. */
export function rejection(code: UpdateRejectionCode, detail?: string): Error {
  return new Error(`${code}: ${UPDATE_REJECTIONS[code]}${detail ? ` (${detail})` : ''}`);
}
