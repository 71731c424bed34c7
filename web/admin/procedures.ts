/**
 * `/quan-tri/thu-tuc`: procedures and their versions for the province's admin. The list shows, per
 * procedure, the version in force today, the versions scheduled to start later and the older ones; a
 * version page shows its steps, deadlines, reminders and escalations. Changing deadlines is a form → a
 * review page with the diff against the version in force → a confirmation that publishes through the same
 * use case as the JSON API (app/admin/procedures.ts) → POST/redirect/GET to the new version's page.
 *
 * Double submit of the confirmation: the review page carries a one-time key, claimed with
 * db/idempotency.ts#runIdempotent in the same transaction as the new version. A second POST with the key
 * (a double click, a reload, the back button) gets the first answer — the same new version — rather than
 * an error page about a version the admin has in fact just published.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import {
  listProcedures,
  prepareProcedureVersion,
  procedureVersion,
  procedureVersions,
  publishProcedureVersionAs,
  type ProcedurePatch,
  type ProcedureVersionRecord,
} from '../../app/admin/procedures';
import { describeProcedureChanges, durationWords, rolesWords } from '../../app/admin/procedure-diff';
import type { AuthenticatedUser } from '../../app/auth/session';
import { clockOf } from '../../app/deps';
import { AppError, type FieldError } from '../../app/errors';
import { reusedKeyAsConflict } from '../../app/idempotency';
import { requestHash, runIdempotent } from '../../db/idempotency';
import { isIsoDate } from '../../domain/iso-date';
import {
  ROLES,
  TIME_UNITS,
  type Escalation,
  type ProcedureDefinition,
  type Role,
  type Step,
  type TimeUnit,
} from '../../domain/procedures';
import { ROLE_TITLES, levelOfRole } from '../../domain/roles';
import { expiryWarnings } from '../../app/admin/warnings';
import type { PageModule } from '../app';
import { displayDateTime } from '../format';
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const ADMIN_ONLY = requireOfficer(['admin']);
const LIST = '/quan-tri/thu-tuc';
const PROCEDURE_ID = /^[a-z][a-z0-9-]{0,63}$/;
const VERSION = /^[1-9]\d{0,5}$/;
const KEY = /^[0-9a-f-]{36}$/;
const UNIT_WORDS: Record<TimeUnit, string> = { working_days: 'ngày làm việc', calendar_days: 'ngày' };

type VersionState = 'in-force' | 'scheduled' | 'older';
const STATE_WORDS: Record<VersionState, string> = {
  'in-force': 'Đang có hiệu lực',
  scheduled: 'Sắp có hiệu lực',
  older: 'Không còn áp dụng cho hồ sơ mới',
};

function stateOf(record: ProcedureVersionRecord, inForce: number | null, today: string): VersionState {
  if (record.definition.version === inForce) return 'in-force';
  return record.definition.effectiveFrom > today ? 'scheduled' : 'older';
}

function versionRow(record: ProcedureVersionRecord, state: VersionState) {
  const { definition } = record;
  return {
    version: definition.version,
    title: definition.title,
    effectiveFrom: definition.effectiveFrom,
    effectiveTo: definition.effectiveTo,
    state,
    stateText: STATE_WORDS[state],
    origin:
      record.source === 'seed'
        ? 'Có sẵn trong hệ thống'
        : `Công bố bởi ${record.publishedBy ?? 'không rõ'} lúc ${displayDateTime(record.publishedAt)}`,
  };
}

function pathOf(id: string, version: number): string {
  return `${LIST}/${id}/phien-ban/${version}`;
}

// ---------------------------------------------------------------------------------------------------------
// The edit form: one fieldset per step, values as typed (strings) so a re-rendered form keeps them.

interface StepValues {
  amount: string;
  unit: string;
  remind: string;
  notify: string[];
  reassign: string;
  repeat: string;
}

interface FormValues {
  effectiveFrom: string;
  note: string;
  steps: StepValues[];
}

function escalationOf(step: Step): Escalation | undefined {
  return step.kind === 'task' ? step.escalation : undefined;
}

function valuesOf(base: ProcedureDefinition): FormValues {
  return {
    effectiveFrom: '',
    note: '',
    steps: base.steps.map((step) => {
      const deadline = step.kind === 'task' ? step.deadline : step.duration;
      const escalation = escalationOf(step);
      return {
        amount: String(deadline.amount),
        unit: deadline.unit,
        remind: escalation?.remindBefore ? String(escalation.remindBefore.amount) : '',
        notify: [...(escalation?.whenOverdue.notifyRoles ?? [])],
        reassign: escalation?.whenOverdue.reassignToRole ?? '',
        repeat: escalation?.whenOverdue.repeatEvery ? String(escalation.whenOverdue.repeatEvery.amount) : '',
      };
    }),
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim().normalize('NFC') : '');
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item): item is string => typeof item === 'string',
  );

function valuesFromBody(base: ProcedureDefinition, body: Record<string, unknown>): FormValues {
  return {
    effectiveFrom: text(body.effectiveFrom),
    note: text(body.note).slice(0, 500),
    steps: base.steps.map((_step, index) => ({
      amount: text(body[`s${index}_amount`]),
      unit: text(body[`s${index}_unit`]),
      remind: text(body[`s${index}_remind`]),
      notify: list(body[`s${index}_notify`]),
      reassign: text(body[`s${index}_reassign`]),
      repeat: text(body[`s${index}_repeat`]),
    })),
  };
}

/** dd/mm/yyyy (as people write it here) or yyyy-mm-dd (a date input) → yyyy-mm-dd, else undefined. */
export function parseFormDate(value: string): string | undefined {
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : value;
  return isIsoDate(iso) ? iso : undefined;
}

const stepLabel = (step: Step) => `bước “${step.title}”`;

/**
 * The form's values as a patch of the base version, or the errors a person can fix before the rules run
 * (a missing number, letters in a number, a date that is not a date). Whether 0 days or a past date is
 * allowed is the use case's business: those come back from prepareProcedureVersion.
 */
function patchOf(
  base: ProcedureDefinition,
  values: FormValues,
): { patch: ProcedurePatch; errors: PageFieldError[] } {
  const errors: PageFieldError[] = [];
  const whole = (value: string, field: string, what: string, required: boolean): number | undefined => {
    if (value === '') {
      if (required) errors.push({ field, message: `Nhập ${what}` });
      return undefined;
    }
    if (!/^\d{1,4}$/.test(value)) {
      errors.push({
        field,
        message: `${what[0]!.toUpperCase()}${what.slice(1)}: nhập số ngày bằng chữ số, ví dụ 7`,
      });
      return undefined;
    }
    return Number(value);
  };
  const steps: ProcedurePatch['steps'] = [];
  base.steps.forEach((step, index) => {
    const form = values.steps[index] as StepValues;
    const label = stepLabel(step);
    const unit = (TIME_UNITS as readonly string[]).includes(form.unit) ? (form.unit as TimeUnit) : undefined;
    if (!unit) errors.push({ field: `s${index}_unit`, message: `Chọn đơn vị thời hạn của ${label}` });
    const amount = whole(form.amount, `s${index}_amount`, `thời hạn của ${label}`, true);
    if (amount === undefined || !unit) return;
    if (step.kind !== 'task') {
      steps.push({ key: step.key, deadline: { amount, unit } });
      return;
    }
    const remind = whole(form.remind, `s${index}_remind`, `số ngày nhắc trước hạn của ${label}`, false);
    const repeat = whole(form.repeat, `s${index}_repeat`, `số ngày báo lại của ${label}`, false);
    const roles = form.notify.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    const reassign = (ROLES as readonly string[]).includes(form.reassign)
      ? (form.reassign as Role)
      : undefined;
    // Reminders and repeats count in the step's own unit, as the seeded definitions do.
    steps.push({
      key: step.key,
      deadline: { amount, unit },
      escalation: {
        ...(remind !== undefined ? { remindBefore: { amount: remind, unit } } : {}),
        whenOverdue: {
          notifyRoles: roles,
          ...(reassign ? { reassignToRole: reassign } : {}),
          ...(repeat !== undefined ? { repeatEvery: { amount: repeat, unit } } : {}),
        },
      },
    });
  });
  const effectiveFrom = parseFormDate(values.effectiveFrom);
  if (!effectiveFrom) {
    errors.push({
      field: 'effectiveFrom',
      message:
        values.effectiveFrom === ''
          ? 'Nhập ngày bắt đầu hiệu lực, ví dụ 15/01/2055'
          : 'Ngày bắt đầu hiệu lực phải là ngày có thật, viết dạng ngày/tháng/năm, ví dụ 15/01/2055',
    });
  }
  return {
    patch: {
      kind: 'patch',
      basedOnVersion: base.version,
      effectiveFrom: effectiveFrom ?? '',
      ...(values.note ? { legalBasis: [...base.legalBasis, values.note] } : {}),
      steps,
    },
    errors,
  };
}

const ISO_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/** The use case's field errors (paths under body.) beside the form's fields, dates as dd/mm/yyyy. */
function pageErrorsOf(base: ProcedureDefinition, errors: readonly FieldError[]): PageFieldError[] {
  return errors.map((error) => {
    const message = error.message.replace(ISO_IN_TEXT, '$3/$2/$1');
    const path = error.path.replace(/^body\.(definition\.)?/, '');
    const step = /^steps\.(\d+)\.(.*)$/.exec(path);
    if (path.startsWith('effectiveFrom')) return { field: 'effectiveFrom', message };
    if (path.startsWith('legalBasis')) return { field: 'note', message: `Văn bản căn cứ ${message}` };
    if (!step) return { field: 's0_amount', message };
    const index = Number(step[1]);
    const rest = step[2] as string;
    const definitionStep = base.steps[index];
    const label = definitionStep ? stepLabel(definitionStep) : `bước số ${index + 1}`;
    const [field, what] = rest.includes('remindBefore')
      ? [`s${index}_remind`, `Số ngày nhắc trước hạn của ${label}`]
      : rest.includes('notifyRoles')
        ? [`s${index}_notify_0`, `Người được báo khi quá hạn của ${label}`]
        : rest.includes('repeatEvery')
          ? [`s${index}_repeat`, `Số ngày báo lại của ${label}`]
          : rest.endsWith('unit')
            ? [`s${index}_unit`, `Đơn vị thời hạn của ${label}`]
            : [`s${index}_amount`, `Thời hạn của ${label}`];
    // The domain's messages are fragments ("phải là số nguyên dương"); a full sentence stands alone.
    return { field, message: /^\p{Ll}/u.test(message) ? `${what} ${message}` : message };
  });
}

/** The steps as the form shows them: values, options and each field's error. */
function formSteps(base: ProcedureDefinition, values: FormValues, errors: PageFieldError[]) {
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message;
  const roles = ROLES.filter((role) => base.tier === 'three-tier' || levelOfRole(role) !== 'district');
  return base.steps.map((step, index) => {
    const form = values.steps[index] as StepValues;
    const id = (name: string) => `s${index}_${name}`;
    return {
      index,
      title: step.title,
      isTask: step.kind === 'task',
      office: ROLE_TITLES[step.actor.role],
      amount: { id: id('amount'), value: form.amount, error: errorOf(id('amount')) },
      unit: {
        id: id('unit'),
        error: errorOf(id('unit')),
        options: TIME_UNITS.map((unit) => ({
          value: unit,
          text: UNIT_WORDS[unit],
          selected: unit === form.unit,
        })),
      },
      remind: { id: id('remind'), value: form.remind, error: errorOf(id('remind')) },
      repeat: { id: id('repeat'), value: form.repeat, error: errorOf(id('repeat')) },
      notify: {
        name: id('notify'),
        error: errorOf(`${id('notify')}_0`),
        options: roles.map((role, roleIndex) => ({
          id: `${id('notify')}_${roleIndex}`,
          value: role,
          text: ROLE_TITLES[role],
          checked: form.notify.includes(role),
        })),
      },
      reassign: {
        id: id('reassign'),
        options: [
          { value: '', text: 'Không chuyển', selected: form.reassign === '' },
          ...roles.map((role) => ({
            value: role,
            text: ROLE_TITLES[role],
            selected: role === form.reassign,
          })),
        ],
      },
      unitWords: UNIT_WORDS[form.unit as TimeUnit] ?? 'ngày',
    };
  });
}

/** Every form field as hidden inputs, so the review page can go back or on without losing anything. */
function hiddenFields(values: FormValues): Array<{ name: string; value: string }> {
  const fields = [
    { name: 'effectiveFrom', value: values.effectiveFrom },
    { name: 'note', value: values.note },
  ];
  values.steps.forEach((step, index) => {
    fields.push(
      { name: `s${index}_amount`, value: step.amount },
      { name: `s${index}_unit`, value: step.unit },
      { name: `s${index}_remind`, value: step.remind },
      { name: `s${index}_reassign`, value: step.reassign },
      { name: `s${index}_repeat`, value: step.repeat },
      ...step.notify.map((role) => ({ name: `s${index}_notify`, value: role })),
    );
  });
  return fields;
}

function stepView(step: Step) {
  const deadline = step.kind === 'task' ? step.deadline : step.duration;
  const escalation = step.kind === 'task' ? step.escalation : step.complaints.escalation;
  return {
    title: step.title,
    kind: step.kind === 'task' ? 'Xử lý' : 'Niêm yết công khai',
    isPosting: step.kind === 'public_posting',
    optional: step.optional === true,
    office: ROLE_TITLES[step.actor.role],
    deadline: durationWords(deadline),
    remind: durationWords(escalation?.remindBefore, 'Không nhắc'),
    notify: rolesWords(escalation?.whenOverdue.notifyRoles, 'Không báo'),
    reassign: escalation?.whenOverdue.reassignToRole
      ? ROLE_TITLES[escalation.whenOverdue.reassignToRole]
      : undefined,
    repeat: escalation?.whenOverdue.repeatEvery
      ? durationWords(escalation.whenOverdue.repeatEvery)
      : undefined,
    complaints:
      step.kind === 'public_posting'
        ? `${ROLE_TITLES[step.complaints.resolverRole]} giải quyết trong ${durationWords(step.complaints.resolutionDeadline)}`
        : undefined,
  };
}

export const adminProcedurePages: PageModule = (router, { deps, views }) => {
  const userOf = (res: Response): AuthenticatedUser => localsOf(res).auth!.user;
  const idOf = (value: unknown): string => {
    if (typeof value !== 'string' || !PROCEDURE_ID.test(value)) {
      throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy thủ tục');
    }
    return value;
  };

  router.get(LIST, ADMIN_ONLY, async (_req, res) => {
    const [{ today, procedures }, { warnings }] = await Promise.all([
      listProcedures(deps, userOf(res)),
      expiryWarnings(deps),
    ]);
    renderPage(views, res, 'admin/procedures', {
      title: 'Thủ tục và phiên bản',
      today,
      expiryWarnings: warnings.filter((warning) => warning.kind !== 'base_level_ending'),
      procedures: procedures
        .map((procedure) => {
          const rows = procedure.versions.map((record) =>
            versionRow(record, stateOf(record, procedure.inForceToday, today)),
          );
          return {
            id: procedure.id,
            title: procedure.title,
            inForce: rows.find((row) => row.state === 'in-force'),
            scheduled: rows.filter((row) => row.state === 'scheduled'),
            older: rows.filter((row) => row.state === 'older').reverse(),
          };
        })
        .sort((a, b) => a.title.localeCompare(b.title, 'vi')),
    });
  });

  router.get(`${LIST}/:id/phien-ban/:version`, ADMIN_ONLY, async (req, res) => {
    const id = idOf(req.params.id);
    const versionText = String(req.params.version);
    if (!VERSION.test(versionText)) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy phiên bản');
    const user = userOf(res);
    const [record, all] = await Promise.all([
      procedureVersion(deps, user, id, Number(versionText)),
      procedureVersions(deps, user, id),
    ]);
    const state = stateOf(record, all.inForceToday?.definition.version ?? null, all.today);
    const { definition } = record;
    renderPage(views, res, 'admin/procedure-version', {
      title: `${definition.title} – phiên bản ${definition.version}`,
      id,
      version: versionRow(record, state),
      published: req.query['da-cong-bo'] === '1',
      tierText:
        definition.tier === 'two-tier'
          ? 'Hai cấp: Ủy ban nhân dân cấp xã giải quyết'
          : 'Ba cấp: cấp xã xét duyệt, cấp huyện thẩm định và quyết định',
      intakeCheck: durationWords(definition.intake.onlineCompletenessCheck.deadline),
      steps: definition.steps.map(stepView),
      legalBasis: definition.legalBasis,
      editable: state === 'in-force',
    });
  });

  /** The version the form starts from: the one in force today (the diff is against it). */
  async function baseOf(user: AuthenticatedUser, id: string) {
    const all = await procedureVersions(deps, user, id);
    if (!all.inForceToday) {
      throw new AppError(
        409,
        'NO_PROCEDURE_IN_FORCE',
        'Thủ tục này không có phiên bản nào đang có hiệu lực để sửa.',
      );
    }
    return { ...all, base: all.inForceToday.definition };
  }

  function showForm(
    res: Response,
    context: Awaited<ReturnType<typeof baseOf>>,
    values: FormValues,
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const { base, today } = context;
    renderPage(
      views,
      res,
      'admin/procedure-edit',
      {
        title: `Sửa thời hạn: ${base.title}`,
        procedureTitle: base.title,
        id: base.id,
        base: {
          version: base.version,
          effectiveFrom: base.effectiveFrom,
          path: pathOf(base.id, base.version),
        },
        today,
        values,
        steps: formSteps(base, values, errors),
        errors,
      },
      status,
    );
  }

  router.get(`${LIST}/:id/sua`, ADMIN_ONLY, async (req, res) => {
    const context = await baseOf(userOf(res), idOf(req.params.id));
    showForm(res, context, valuesOf(context.base));
  });

  router.post(`${LIST}/:id/sua`, ADMIN_ONLY, async (req, res) => {
    const user = userOf(res);
    const id = idOf(req.params.id);
    const context = await baseOf(user, id);
    const { base } = context;
    const values = valuesFromBody(base, (req.body ?? {}) as Record<string, unknown>);
    // "Sửa lại" on the review page comes back here with the values, to change them, not to check them.
    if ((req.body as Record<string, unknown>)?.action === 'sua-lai') {
      showForm(res, context, values);
      return;
    }
    const { patch, errors } = patchOf(base, values);
    if (errors.length > 0) {
      showForm(res, context, values, errors, 422);
      return;
    }
    let prepared;
    try {
      prepared = await prepareProcedureVersion(deps, user, id, patch);
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.fieldErrors) {
        showForm(res, context, values, pageErrorsOf(base, error.fieldErrors), 422);
        return;
      }
      throw error;
    }
    const changes = describeProcedureChanges(base, prepared.definition);
    if (changes.length === 0) {
      showForm(
        res,
        context,
        values,
        [
          {
            field: 's0_amount',
            message:
              'Chưa có thay đổi nào so với phiên bản đang có hiệu lực. Sửa ít nhất một thời hạn, nhắc hạn hoặc chuyển xử lý.',
          },
        ],
        422,
      );
      return;
    }
    renderPage(views, res, 'admin/procedure-review', {
      title: `Kiểm tra trước khi công bố: ${base.title}`,
      procedureTitle: base.title,
      id,
      base: { version: base.version, effectiveFrom: base.effectiveFrom },
      effectiveFrom: prepared.definition.effectiveFrom,
      changes,
      scheduled: context.versions
        .filter((record) => record.definition.effectiveFrom > context.today)
        .map((record) => ({
          version: record.definition.version,
          effectiveFrom: record.definition.effectiveFrom,
        })),
      hidden: hiddenFields(values),
      key: randomUUID(),
    });
  });

  router.post(`${LIST}/:id/cong-bo`, ADMIN_ONLY, async (req, res) => {
    const user = userOf(res);
    const id = idOf(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = text(body.key);
    if (!KEY.test(key)) {
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        'Biểu mẫu xác nhận không hợp lệ. Vui lòng sửa và kiểm tra lại.',
      );
    }
    const context = await baseOf(user, id);
    const values = valuesFromBody(context.base, body);
    const { patch, errors } = patchOf(context.base, values);
    if (errors.length > 0) {
      showForm(res, context, values, errors, 422);
      return;
    }
    let published: { version: number };
    try {
      const answer = await runIdempotent<{ version: number }>(
        deps.pool,
        {
          scope: `web:procedure-publish:${user.id}`,
          key,
          requestSha256: requestHash({ id, patch }),
          now: clockOf(deps)(),
        },
        async (client) => {
          const record = await publishProcedureVersionAs(
            deps,
            actorOf(user, clientAddressOf(req)),
            id,
            patch,
            client,
          );
          return { status: 201, body: { version: record.definition.version } };
        },
      );
      published = answer.body;
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.fieldErrors) {
        showForm(res, context, values, pageErrorsOf(context.base, error.fieldErrors), 422);
        return;
      }
      throw reusedKeyAsConflict(
        error,
        'Biểu mẫu xác nhận này đã được dùng cho một thay đổi khác. Vui lòng sửa và kiểm tra lại.',
      );
    }
    res.redirect(303, `${pathOf(id, published.version)}?da-cong-bo=1`);
  });
};
