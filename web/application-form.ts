/**
 * The application form, one definition for the citizen's online form (`/nop-ho-so/:procedureId`,
 * citizen/apply.ts) and the desk's walk-in form (`/can-bo/tiep-nhan/moi/:procedureId`, officer/desk.ts): the
 * fields (partials/application-fields.hbs), what each input is called and what to say when it is missing or
 * wrong, the form's fields as the API's Application, and receiving the multipart post (CSRF before the first
 * file, limits, the schema, the files staged). Validated on the server with the API's schemas
 * (ApplicationSchema; eligibility and units in submitDossier). Two copies would drift: a field added online
 * and forgotten at the desk is a dossier the desk cannot take.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  attachmentsOf,
  discardStaged,
  stageUploads,
  type Staging,
  type UploadedFile,
} from '../app/attachments/attachments';
import { sizeText, UploadRefusedError } from '../app/attachments/limits';
import { clockOf, legalToday } from '../app/deps';
import { AppError } from '../app/errors';
import { endedProcedure } from '../app/dossiers/submission';
import { procedureInForce } from '../db/procedures';
import { listUnits } from '../db/units';
import {
  ApplicationSchema,
  checkIdNumber,
  type Application,
  type ApplicationInput,
} from '../domain/application';
import { categoryFor, isClauseOpenOn, type BeneficiaryClause } from '../domain/benefit-categories';
import { DomainError } from '../domain/domain-error';
import { isValidCalendarDate } from '../domain/iso-date';
import type { ProcedureDefinition } from '../domain/procedures';
import {
  fieldOf,
  fieldsOf,
  fieldsSentBefore,
  receiveMultipart,
  type FormFields,
  type ReceivedFile,
} from '../http/multipart';
import type { WebContext } from './app';
import type { PageFieldError } from './page';
import type { ViewEngine } from './views';

export const PROCEDURE_ID = /^[a-z0-9-]{1,80}$/;

export const FILE_FIELDS = ['toKhai', 'giayToKhac'] as const;
export const FORM_KEY = /^[A-Za-z0-9_-]{24}$/;

/** The input each part of the application is typed in, and what to do when it is missing or wrong. */
const FIELDS: Record<string, { id: string; label: string; missing: string; invalid?: string }> = {
  'applicant.fullName': {
    id: 'applicantFullName',
    label: 'Họ và tên người nộp',
    missing: 'Nhập họ và tên người nộp hồ sơ',
  },
  'applicant.gender': {
    id: 'applicantGender-female',
    label: 'Giới tính người nộp',
    missing: 'Chọn giới tính của người nộp hồ sơ',
  },
  'applicant.phone': {
    id: 'applicantPhone',
    label: 'Số điện thoại',
    missing: 'Nhập số điện thoại di động, ví dụ 0912345678',
    invalid: 'Nhập số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0912345678',
  },
  'applicant.idNumber': { id: 'applicantIdNumber', label: 'Số định danh cá nhân của người nộp', missing: '' },
  'applicant.address': {
    id: 'applicantAddress',
    label: 'Địa chỉ người nộp',
    missing: 'Nhập địa chỉ nơi ở của người nộp hồ sơ',
  },
  'applicant.relationship': {
    id: 'applicantRelationship',
    label: 'Quan hệ với người được trợ giúp',
    missing: '',
  },
  'applicant.email': {
    id: 'applicantEmail',
    label: 'Địa chỉ e-mail',
    missing: 'Nhập địa chỉ e-mail, hoặc chọn nhận thông báo qua tin nhắn SMS',
    invalid: 'Nhập địa chỉ e-mail đúng dạng, ví dụ ten@example.com',
  },
  'applicant.notifyBy': {
    id: 'applicantNotifyBy-sms',
    label: 'Cách nhận thông báo',
    missing: 'Chọn cách nhận thông báo về hồ sơ',
  },
  'beneficiary.fullName': {
    id: 'beneficiaryFullName',
    label: 'Họ và tên người được trợ giúp',
    missing: 'Nhập họ và tên người được trợ giúp',
  },
  'beneficiary.dateOfBirth': {
    id: 'dobDay',
    label: 'Ngày sinh',
    missing: 'Nhập ngày sinh của người được trợ giúp, ví dụ 15 3 1941',
  },
  'beneficiary.gender': {
    id: 'beneficiaryGender-female',
    label: 'Giới tính người được trợ giúp',
    missing: 'Chọn giới tính của người được trợ giúp',
  },
  'beneficiary.idNumber': {
    id: 'beneficiaryIdNumber',
    label: 'Số định danh cá nhân của người được trợ giúp',
    missing: '',
  },
  'beneficiary.address': {
    id: 'beneficiaryAddress',
    label: 'Địa chỉ người được trợ giúp',
    missing: 'Nhập địa chỉ nơi ở của người được trợ giúp',
  },
  'beneficiary.qualifications': {
    id: 'clauses',
    label: 'Diện đối tượng',
    missing: 'Chọn ít nhất một diện đối tượng',
  },
  'beneficiary.disabilityCertifiedOn': {
    id: 'disabilityCertifiedOn',
    label: 'Ngày cấp giấy xác nhận khuyết tật',
    missing: 'Nhập ngày cấp giấy xác nhận khuyết tật',
    invalid: 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2054',
  },
  'beneficiary.diedOn': {
    id: 'diedOn',
    label: 'Ngày mất',
    missing: 'Nhập ngày mất của người đã mất',
    invalid: 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2054',
  },
  'beneficiary.householdSize': {
    id: 'householdSize',
    label: 'Số nhân khẩu',
    missing: 'Nhập số người trong hộ',
  },
  unit: { id: 'communeCode', label: 'Nơi nộp hồ sơ', missing: 'Chọn xã, phường, thị trấn nơi nộp hồ sơ' },
  childrenRaised: {
    id: 'childrenRaised',
    label: 'Số con đang nuôi',
    missing: 'Nhập số con đang nuôi (khoản 5.4)',
  },
  severity: {
    id: 'severity-severe',
    label: 'Mức độ khuyết tật',
    missing: 'Chọn mức độ khuyết tật (khoản 5.6)',
  },
  toKhai: {
    id: 'toKhai',
    label: 'Tờ khai',
    missing: 'Chọn tệp tờ khai đề nghị trợ giúp xã hội (PDF, JPG hoặc PNG)',
  },
  giayToKhac: { id: 'giayToKhac', label: 'Giấy tờ khác', missing: '' },
};

/** The input of a path reported by a schema or a rule: the longest known prefix. */
function fieldOfPath(path: string): { id: string; label: string; missing: string; invalid?: string } {
  const clean = path.replace(/^body\.application\./, '').replace(/^body\./, '');
  const parts = clean.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const known = FIELDS[parts.slice(0, length).join('.')];
    if (known) return known;
  }
  return { id: 'applicantFullName', label: 'Hồ sơ', missing: '' };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function addError(errors: PageFieldError[], path: string, message?: string, fromSchema = true): void {
  const field = fieldOfPath(path);
  if (errors.some((error) => error.field === field.id)) return;
  const text = message
    ? ((fromSchema ? field.invalid : undefined) ?? `${field.label}: ${message}`)
    : field.missing;
  errors.push({ field: field.id, message: capitalise(text) });
}

interface ClauseChoice {
  clause: BeneficiaryClause;
  label: string;
  form: string;
}

function clausesOffered(procedure: ProcedureDefinition, today: string): ClauseChoice[] {
  const scope = procedure.categoryScope?.clauses ?? [];
  return (scope as BeneficiaryClause[])
    .filter((clause) => isClauseOpenOn(clause, today))
    .map((clause) => {
      const category = categoryFor(clause);
      return { clause, label: category.title_vi, form: category.applicationForm };
    });
}

/** 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)' for the first clause chosen (Decree 20's forms 1a–1đ). */
function applicationFormTitle(clauses: readonly string[]): string {
  const first = clauses[0] as BeneficiaryClause | undefined;
  if (!first) return 'Tờ khai đề nghị trợ giúp xã hội';
  try {
    return `Tờ khai đề nghị trợ giúp xã hội (Mẫu số ${categoryFor(first).applicationForm})`;
  } catch {
    return 'Tờ khai đề nghị trợ giúp xã hội';
  }
}

const optionalText = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** 'dd/mm/yyyy' (the way people write dates here) → 'YYYY-MM-DD'; anything else is kept for the schema to refuse. */
function isoOfVietnameseDate(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) return text;
  const [, day, month, year] = match as unknown as [string, string, string, string];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The form's fields as the application the API takes; problems the schema cannot see are added to `errors`. */
function applicationOf(
  fields: FormFields,
  units: Map<string, { parent: string | null; level: string }>,
  errors: PageFieldError[],
): ApplicationInput {
  const f = (name: string) => fieldOf(fields, name);
  const clauses = fieldsOf(fields, 'clauses').filter((clause) => clause !== '');
  const [day, month, year] = [f('dobDay'), f('dobMonth'), f('dobYear')].map((part) => part.trim());
  let dateOfBirth = '';
  if (!day && !month && !year) addError(errors, 'beneficiary.dateOfBirth');
  else if (
    !/^\d{1,2}$/.test(day ?? '') ||
    !/^\d{1,2}$/.test(month ?? '') ||
    !/^\d{4}$/.test(year ?? '') ||
    !isValidCalendarDate(Number(year), Number(month), Number(day))
  ) {
    errors.push({
      field: 'dobDay',
      message: 'Ngày sinh phải là một ngày có thật: ngày, tháng bằng số và năm đủ 4 chữ số, ví dụ 15 3 1941',
    });
  } else dateOfBirth = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;

  const qualifications = clauses.map((clause) => {
    if (clause === '5.4') {
      const children = Number(f('childrenRaised'));
      if (!Number.isInteger(children) || children < 1 || children > 20) addError(errors, 'childrenRaised');
      return { clause, childrenRaised: children };
    }
    if (clause === '5.6') {
      const severity = f('severity');
      if (severity !== 'severe' && severity !== 'particularly_severe') addError(errors, 'severity');
      return { clause, severity };
    }
    return { clause };
  });

  const communeCode = f('communeCode');
  const commune = units.get(communeCode);
  const parent = commune?.parent ? units.get(commune.parent) : undefined;
  const districtCode = parent?.level === 'district' ? (commune?.parent ?? undefined) : undefined;
  const provinceCode = districtCode ? (parent?.parent ?? '') : (commune?.parent ?? '');
  if (!commune || commune.level !== 'commune') addError(errors, 'unit');

  const householdSize = optionalText(f('householdSize'));
  // Said before the schema's own message, which names the rule rather than what to type.
  if (f('applicantNotifyBy') === 'email' && !optionalText(f('applicantEmail'))) {
    addError(errors, 'applicant.email', undefined, false);
  }
  return {
    applicant: {
      fullName: f('applicantFullName'),
      gender: f('applicantGender') as 'male',
      phone: f('applicantPhone'),
      idNumber: optionalText(f('applicantIdNumber')),
      address: f('applicantAddress'),
      relationship: optionalText(f('applicantRelationship')),
      email: optionalText(f('applicantEmail')),
      // The form always offers the choice with SMS checked; a post without it (an old page) means SMS too.
      notifyBy: (optionalText(f('applicantNotifyBy')) ?? 'sms') as 'sms',
    },
    beneficiary: {
      fullName: f('beneficiaryFullName'),
      dateOfBirth,
      gender: f('beneficiaryGender') as 'male',
      idNumber: optionalText(f('beneficiaryIdNumber')),
      address: f('beneficiaryAddress'),
      ...(clauses.includes('5.3') || clauses.includes('5.8') ? { hivStatus: true } : {}),
      qualifications: qualifications as ApplicationInput['beneficiary']['qualifications'],
      disabilityCertifiedOn: isoOfVietnameseDate(f('disabilityCertifiedOn')),
      diedOn: isoOfVietnameseDate(f('diedOn')),
      householdSize: householdSize === undefined ? undefined : Number(householdSize),
    },
    unit: { provinceCode, ...(districtCode ? { districtCode } : {}), communeCode },
    attachments: [],
  };
}

function filesOf(files: readonly ReceivedFile[], clauses: readonly string[]): UploadedFile[] {
  return files.map((file) => ({
    kind: file.field === 'toKhai' ? applicationFormTitle(clauses) : 'Giấy tờ kèm theo',
    filename: file.filename,
    mediaType: file.mediaType,
    key: file.key,
    sha256: file.sha256,
    size: file.size,
  }));
}

/** The error summary in the order of the fields on the page (FIELDS follows it), as people read it. */
const PAGE_ORDER = [...new Set(Object.values(FIELDS).map((field) => field.id))];
function inPageOrder(errors: PageFieldError[]): PageFieldError[] {
  const rank = (id: string) => (PAGE_ORDER.includes(id) ? PAGE_ORDER.indexOf(id) : PAGE_ORDER.length);
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

function dedupe(errors: PageFieldError[]): PageFieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => (seen.has(error.field) ? false : (seen.add(error.field), true)));
}

function pathValue(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * The form's fields checked as the submission checks them: parsed into the API's Application (rules the schema
 * cannot see added on the way) and validated with ApplicationSchema, each problem as the message beside its
 * input. The submission (receiveApplicationForm) and the check of one field as the person leaves it
 * (checkApplicationField) both call this, so a field is never judged by two rules.
 */
function checkApplication(
  fields: FormFields,
  data: ApplicationFormData,
  attachments: ApplicationInput['attachments'],
) {
  const errors: PageFieldError[] = [];
  const input = applicationOf(fields, data.unitsByCode, errors);
  input.attachments = attachments;
  const parsed = ApplicationSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const value = pathValue(input, issue.path);
      const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      addError(errors, path, empty ? undefined : issue.message);
    }
    // The schema checks ID numbers only once the rest parses; a person fixing one field at a time (and the
    // form sent with other gaps) still hears about a wrong ID number, by the schema's own rule.
    for (const person of ['applicant', 'beneficiary'] as const) {
      const idNumber = input[person].idNumber;
      const dateOfBirth = person === 'beneficiary' ? input.beneficiary.dateOfBirth || undefined : undefined;
      const problem = idNumber === undefined ? undefined : checkIdNumber(idNumber, dateOfBirth);
      if (problem) addError(errors, `${person}.idNumber`, problem);
    }
  }
  return { errors, parsed };
}

/** The inputs checked on their own as the person leaves them (partials/inline-check.hbs). */
export const INLINE_CHECKED_FIELDS: readonly string[] = [
  'applicantFullName',
  'applicantPhone',
  'applicantIdNumber',
  'applicantAddress',
  'beneficiaryFullName',
  'beneficiaryIdNumber',
  'beneficiaryAddress',
];

/**
 * The message for one input, given the whole form as typed so far (files aside): what the submission would
 * say beside it, or undefined when it would say nothing. Other fields' problems wait for the submission.
 */
export function checkApplicationField(
  data: ApplicationFormData,
  fields: FormFields,
  fieldId: string,
): string | undefined {
  if (!INLINE_CHECKED_FIELDS.includes(fieldId)) {
    throw new AppError(404, 'NOT_FOUND', 'Không có trường này trong biểu mẫu');
  }
  return checkApplication(fields, data, []).errors.find((error) => error.field === fieldId)?.message;
}

/**
 * The answer to an inline check (htmx posts the form's text fields and `truong`, the input's id): the field's
 * message as partials/field-message.hbs renders it, empty when there is nothing to say. Always 200: htmx swaps
 * only successful answers, and "this field is wrong" is a successful check.
 */
export function answerFieldCheck(
  req: Request,
  res: Response,
  views: ViewEngine,
  data: ApplicationFormData,
): void {
  const fields = (req.body ?? {}) as FormFields;
  const fieldId = fieldOf(fields, 'truong');
  const message = checkApplicationField(data, fields, fieldId);
  res.set('Cache-Control', 'no-store');
  res.type('html').send(views.fragment('field-message', { message }));
}

export type ApplicationFormData = Awaited<ReturnType<typeof loadApplicationForm>>;

/** The procedure in force today with its clauses, the communes to choose from, the file limits in words. */
/** The id of the message shown where the submit button was, when the procedure is no longer received. */
export const CLOSED_FIELD = 'thu-tuc-het-hieu-luc';

/** Errors that refuse the dossier as a whole rather than a field: the pages show them beside the form. */
export function refusesWholeDossier(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'NO_PROCEDURE_IN_FORCE';
}

export async function loadApplicationForm(deps: WebContext['deps'], procedureId: string) {
  if (!PROCEDURE_ID.test(procedureId)) throw new AppError(404, 'NOT_FOUND', 'Không có thủ tục này');
  const today = legalToday(clockOf(deps)());
  let procedure: ProcedureDefinition;
  // Set when every version has ended: the form is shown with the refusal a submission gets, beside it.
  let closedMessage: string | undefined;
  try {
    procedure = await procedureInForce(deps.pool, procedureId, today);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const ended = await endedProcedure(deps.pool, procedureId, today);
    if (!ended) throw new AppError(404, 'NOT_FOUND', 'Không có thủ tục này hoặc thủ tục chưa có hiệu lực');
    procedure = ended.procedure;
    closedMessage = ended.message;
  }
  // A change to an entitlement is started by an officer from the beneficiary's dossier, not applied for.
  if (procedure.entitlementChange) throw new AppError(404, 'NOT_FOUND', 'Không có thủ tục này');
  const units = await listUnits(deps.pool);
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const groups = new Map<string, { label: string; communes: Array<{ code: string; name: string }> }>();
  for (const unit of units.filter((u) => u.level === 'commune')) {
    const parent = unit.parentCode ? byCode.get(unit.parentCode) : undefined;
    const province =
      parent?.level === 'district' && parent.parentCode ? byCode.get(parent.parentCode) : parent;
    const label = [parent?.level === 'district' ? parent.name : undefined, province?.name]
      .filter(Boolean)
      .join(', ');
    const group = groups.get(label) ?? { label, communes: [] };
    group.communes.push({ code: unit.code, name: unit.name });
    groups.set(label, group);
  }
  const limits = attachmentsOf(deps).limits;
  return {
    procedure,
    ...(closedMessage ? { closedMessage } : {}),
    today,
    clauses: clausesOffered(procedure, today),
    communeGroups: [...groups.values()],
    unitsByCode: new Map(units.map((u) => [u.code, { parent: u.parentCode, level: u.level, name: u.name }])),
    maxFileText: sizeText(limits.maxFileBytes),
    maxTotalText: sizeText(limits.maxTotalBytes),
    paymentKind: procedure.payment?.kind ?? 'monthly',
  };
}

/**
 * What partials/application-fields.hbs needs: the clauses and communes with what was chosen, the values, a
 * form key (the one sent back, or a new one). `fixedCommune`: the desk's commune, shown instead of the list.
 */
export function applicationFormView(
  data: ApplicationFormData,
  values: FormFields,
  fixedCommune?: string,
): Record<string, unknown> {
  const chosen = new Set(fieldsOf(values, 'clauses'));
  return {
    procedure: { id: data.procedure.id, title: data.procedure.title },
    clauses: data.clauses.map((choice) => ({ ...choice, checked: chosen.has(choice.clause) })),
    communeGroups: data.communeGroups.map((group) => ({
      ...group,
      communes: group.communes.map((c) => ({ ...c, selected: c.code === fieldOf(values, 'communeCode') })),
    })),
    fixedCommune: fixedCommune
      ? { code: fixedCommune, name: data.unitsByCode.get(fixedCommune)?.name ?? fixedCommune }
      : undefined,
    values,
    formKey: FORM_KEY.test(fieldOf(values, 'formKey'))
      ? fieldOf(values, 'formKey')
      : randomBytes(18).toString('base64url'),
    maxFileText: data.maxFileText,
    maxTotalText: data.maxTotalText,
    askDiedOn: data.paymentKind === 'one_off',
    askHouseholdSize: data.paymentKind === 'in_kind',
    closedMessage: data.closedMessage,
  };
}

/** The messages a form opens with: the refusal beside it when the procedure is no longer received. */
export function openingErrors(data: ApplicationFormData): PageFieldError[] {
  return data.closedMessage ? [{ field: CLOSED_FIELD, message: data.closedMessage }] : [];
}

/** The form to show again: what was typed (never the files: a browser cannot keep them), the messages. */
export interface FormRefusal {
  ok: false;
  values: FormFields;
  errors: PageFieldError[];
  status: number;
}

export interface ReceivedApplication {
  ok: true;
  fields: FormFields;
  application: Application;
  formKey: string;
  /** The files, staged (committed) until the use case ties them to the dossier in its transaction. */
  staging: Staging;
  /** What was sent (fields and files' hashes), so the same form key with something else is refused. */
  fingerprint: unknown;
  /** A rule of the use case refused it (VALIDATION_FAILED): the staged files go, the form comes back. */
  refusedBy(error: AppError): Promise<FormRefusal>;
}

/**
 * Receives the multipart post of the application form: the CSRF token checked before the first file is
 * stored, each file through the limits, the fields parsed into the API's Application, the files staged as
 * `uploadedBy`. `fixedCommune` replaces whatever commune was sent (the desk's own). On any problem nothing
 * stays stored and the answer is the form to show again (422, or the limit's status).
 */
export async function receiveApplicationForm(
  req: Request,
  context: WebContext,
  data: ApplicationFormData,
  options: { uploadedBy: string; batchPrefix: string; fixedCommune?: string },
): Promise<FormRefusal | ReceivedApplication> {
  const { deps } = context;
  const { store, limits } = attachmentsOf(deps);
  // A body larger than every file allowed plus the form itself is refused before a byte is read.
  if (Number(req.get('content-length') ?? 0) > limits.maxTotalBytes + 1024 * 1024) {
    req.res?.set('Connection', 'close');
    throw new AppError(
      413,
      'PAYLOAD_TOO_LARGE',
      `Các tệp gửi kèm vượt quá ${sizeText(limits.maxTotalBytes)}. Chọn tệp nhỏ hơn rồi gửi lại.`,
    );
  }
  let body;
  try {
    body = await receiveMultipart(req, {
      store,
      limits,
      fileFields: FILE_FIELDS,
      beforeFirstFile: (fields) => context.checkCsrf(req, fields),
    });
    context.checkCsrf(req, body.fields);
  } catch (error) {
    if (error instanceof UploadRefusedError) {
      // The fields before the refused file arrived; show them back with the message beside the file input.
      return {
        ok: false,
        values: fieldsSentBefore(error) ?? {},
        errors: [{ field: error.field, message: `${error.message} Các tệp khác cũng cần chọn lại.` }],
        status: error.status,
      };
    }
    throw error;
  }
  const { files } = body;
  const fields: FormFields = options.fixedCommune
    ? { ...body.fields, communeCode: options.fixedCommune }
    : body.fields;
  const clauses = fieldsOf(fields, 'clauses').filter((clause) => clause !== '');
  const uploaded = filesOf(files, clauses);
  const { errors, parsed } = checkApplication(
    fields,
    data,
    uploaded.map((file, index) => ({
      name: files[index]?.field === 'toKhai' ? file.kind : file.filename,
      kind: file.kind,
      sha256: file.sha256,
    })),
  );
  if (!files.some((file) => file.field === 'toKhai')) addError(errors, 'toKhai');
  const stagingToken = randomBytes(18).toString('base64url');
  const refuse = async (list: PageFieldError[], status: number): Promise<FormRefusal> => {
    await Promise.allSettled(files.map((file) => store.delete(file.key)));
    await discardStaged(deps, stagingToken);
    if (files.length) {
      list.push({
        field: files.some((f) => f.field === 'toKhai') ? 'toKhai' : 'giayToKhac',
        message: 'Các tệp đã chọn chưa được lưu: sau khi sửa, vui lòng chọn lại tệp trước khi gửi',
      });
    }
    return { ok: false, values: fields, errors: inPageOrder(dedupe(list)), status };
  };
  if (errors.length || !parsed.success) return refuse(errors, 422);

  const formKey = fieldOf(fields, 'formKey');
  if (!FORM_KEY.test(formKey))
    throw new AppError(400, 'BAD_FORM', 'Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
  const staging = { token: stagingToken, batch: `${options.batchPrefix} ${formKey}` };
  await stageUploads(deps, staging, options.uploadedBy, uploaded);
  const { _csrf: _ignored, ...sent } = fields;
  return {
    ok: true,
    fields,
    application: parsed.data,
    formKey,
    staging,
    fingerprint: {
      procedureId: data.procedure.id,
      fields: sent,
      files: files.map((f) => [f.field, f.sha256]),
    },
    refusedBy: (error) => {
      const list: PageFieldError[] = [];
      for (const fieldError of error.fieldErrors ?? [])
        addError(list, fieldError.path, fieldError.message, false);
      // A refusal of the whole dossier (no procedure in force today): shown above the submit button.
      if (!error.fieldErrors?.length) list.push({ field: CLOSED_FIELD, message: error.message });
      return refuse(list, 422);
    },
  };
}
