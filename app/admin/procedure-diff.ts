/**
 * What a new procedure version changes, in the words an admin checks before publishing: one line per changed
 * field, old → new ("Xét duyệt hồ sơ: thời hạn 5 ngày làm việc → 7 ngày làm việc"). Pure; both the review
 * page and anything else that explains a version (a future API field, an audit line) read the same words.
 */
import {
  paperworkOf,
  type Duration,
  type Escalation,
  type Paperwork,
  type ProcedureDefinition,
  type Role,
  type Step,
} from '../../domain/procedures';
import { ROLE_TITLES } from '../../domain/roles';

const UNIT_WORDS = { working_days: 'ngày làm việc', calendar_days: 'ngày' } as const;

/** '7 ngày làm việc', '2 ngày'. */
export function durationWords(duration: Duration | undefined, none = 'không có'): string {
  return duration ? `${duration.amount} ${UNIT_WORDS[duration.unit]}` : none;
}

export function rolesWords(roles: readonly Role[] | undefined, none = 'không ai'): string {
  return roles && roles.length > 0 ? roles.map((role) => ROLE_TITLES[role]).join(', ') : none;
}

export interface ProcedureChangeLine {
  /** The step's title, or what the line is about ('Căn cứ pháp lý'). */
  subject: string;
  /** 'thời hạn', 'nhắc trước hạn', … */
  field: string;
  before: string;
  after: string;
}

function sameDuration(a: Duration | undefined, b: Duration | undefined): boolean {
  return a?.amount === b?.amount && a?.unit === b?.unit;
}

function escalationLines(
  subject: string,
  before: Escalation | undefined,
  after: Escalation | undefined,
): ProcedureChangeLine[] {
  const lines: ProcedureChangeLine[] = [];
  if (!sameDuration(before?.remindBefore, after?.remindBefore)) {
    lines.push({
      subject,
      field: 'nhắc trước hạn',
      before: durationWords(before?.remindBefore, 'không nhắc'),
      after: durationWords(after?.remindBefore, 'không nhắc'),
    });
  }
  const notifyBefore = rolesWords(before?.whenOverdue.notifyRoles);
  const notifyAfter = rolesWords(after?.whenOverdue.notifyRoles);
  if (notifyBefore !== notifyAfter) {
    lines.push({ subject, field: 'khi quá hạn báo cho', before: notifyBefore, after: notifyAfter });
  }
  const reassign = (escalation?: Escalation) => {
    const role = escalation?.whenOverdue.reassignToRole;
    return role ? ROLE_TITLES[role] : 'không chuyển';
  };
  if (reassign(before) !== reassign(after)) {
    lines.push({
      subject,
      field: 'khi quá hạn chuyển xử lý cho',
      before: reassign(before),
      after: reassign(after),
    });
  }
  if (!sameDuration(before?.whenOverdue.repeatEvery, after?.whenOverdue.repeatEvery)) {
    lines.push({
      subject,
      field: 'báo lại sau mỗi',
      before: durationWords(before?.whenOverdue.repeatEvery, 'không báo lại'),
      after: durationWords(after?.whenOverdue.repeatEvery, 'không báo lại'),
    });
  }
  return lines;
}

function stepLines(before: Step, after: Step): ProcedureChangeLine[] {
  const subject = after.title;
  if (before.kind === 'task' && after.kind === 'task') {
    const lines: ProcedureChangeLine[] = [];
    if (!sameDuration(before.deadline, after.deadline)) {
      lines.push({
        subject,
        field: 'thời hạn',
        before: durationWords(before.deadline),
        after: durationWords(after.deadline),
      });
    }
    return [...lines, ...escalationLines(subject, before.escalation, after.escalation)];
  }
  if (before.kind === 'public_posting' && after.kind === 'public_posting') {
    const lines: ProcedureChangeLine[] = [];
    if (!sameDuration(before.duration, after.duration)) {
      lines.push({
        subject,
        field: 'thời gian niêm yết',
        before: durationWords(before.duration),
        after: durationWords(after.duration),
      });
    }
    if (!sameDuration(before.complaints.resolutionDeadline, after.complaints.resolutionDeadline)) {
      lines.push({
        subject,
        field: 'thời hạn giải quyết khiếu nại',
        before: durationWords(before.complaints.resolutionDeadline),
        after: durationWords(after.complaints.resolutionDeadline),
      });
    }
    return [...lines, ...escalationLines(subject, before.complaints.escalation, after.complaints.escalation)];
  }
  return [{ subject, field: 'loại bước', before: before.kind, after: after.kind }];
}

/**
 * The changes from `before` to `after` that the admin pages can make (deadlines, reminders, escalations,
 * posting duration, legal basis, paperwork wording), in step order. Effective dates are left out: the review shows them apart.
 */
export function describeProcedureChanges(
  before: ProcedureDefinition,
  after: ProcedureDefinition,
): ProcedureChangeLine[] {
  const lines: ProcedureChangeLine[] = [];
  const beforeByKey = new Map(before.steps.map((step) => [step.key, step]));
  for (const step of after.steps) {
    const previous = beforeByKey.get(step.key);
    if (!previous) {
      lines.push({ subject: step.title, field: 'bước', before: 'chưa có', after: 'thêm mới' });
      continue;
    }
    lines.push(...stepLines(previous, step));
  }
  for (const step of before.steps) {
    if (!after.steps.some((candidate) => candidate.key === step.key)) {
      lines.push({ subject: step.title, field: 'bước', before: 'có', after: 'bỏ' });
    }
  }
  const beforeCheck = before.intake.onlineCompletenessCheck;
  const afterCheck = after.intake.onlineCompletenessCheck;
  if (!sameDuration(beforeCheck.deadline, afterCheck.deadline)) {
    lines.push({
      subject: 'Kiểm tra hồ sơ nộp trực tuyến',
      field: 'thời hạn',
      before: durationWords(beforeCheck.deadline),
      after: durationWords(afterCheck.deadline),
    });
  }
  for (const basis of after.legalBasis.filter((item) => !before.legalBasis.includes(item))) {
    lines.push({ subject: 'Căn cứ pháp lý', field: 'thêm', before: 'chưa có', after: basis });
  }
  for (const basis of before.legalBasis.filter((item) => !after.legalBasis.includes(item))) {
    lines.push({ subject: 'Căn cứ pháp lý', field: 'bỏ', before: basis, after: 'không còn' });
  }
  lines.push(...paperworkLines(paperworkOf(before), paperworkOf(after)));
  return lines;
}

/** How the decision names who proposes, who carries it out and who receives it (the route's paperwork). */
function paperworkLines(before: Paperwork, after: Paperwork): ProcedureChangeLine[] {
  const subject = 'Chức danh, nơi nhận trên văn bản';
  const fields: Array<[string, (p: Paperwork) => string]> = [
    ['người đề nghị', (p) => p.proposedBy],
    ['người thi hành', (p) => p.implementers.join(', ')],
    ['nơi nhận', (p) => p.recipients.join('; ')],
    ['lưu', (p) => `VT, ${p.archiveUnit}`],
    [
      'chức danh',
      (p) =>
        Object.entries(p.roleTitles ?? {})
          .map(([role, title]) => `${ROLE_TITLES[role as Role]} → ${title}`)
          .join('; ') || 'như mặc định',
    ],
  ];
  return fields
    .filter(([, read]) => read(before) !== read(after))
    .map(([field, read]) => ({ subject, field, before: read(before), after: read(after) }));
}
