import type { z } from 'zod';
import {
  allowanceChangeSchema,
  emergencyFoodSchema,
  funeralSupportSchema,
  grantMonthlyAllowanceSchema,
} from './schemas/decisions';
import { refusalLetterSchema } from './schemas/letters';
import {
  apologyNewAppointmentSchema,
  dossierRegisterSchema,
  intakeRefusalSchema,
  processControlSlipSchema,
  processingStoppedSchema,
  receiptAppointmentSchema,
  supplementRequestSchema,
} from './schemas/one-stop-forms';
import { beneficiaryCardSchema } from './schemas/payments';
import { payrollListSchema } from './schemas/payroll';
import { publicPostingSchema } from './schemas/public-posting';
import { UnknownDocumentKindError } from './errors';

/**
 * How a kind is numbered: decisions take the register with a type code ('QĐ' → 'Số: 05/QĐ-UBND'),
 * letters take the register without one ('Số: 12/UBND-VHXH'), one-stop forms and postings carry the
 * dossier code instead and take no number.
 */
export type Numbering = { kind: 'register'; typeCode: string | null } | { kind: 'none' };

export interface DocumentKindDefinition {
  /** Data schema; also the template id and the file name under templates/documents/. */
  schema: z.ZodType;
  title: string;
  numbering: Numbering;
}

const decision: Numbering = { kind: 'register', typeCode: 'QĐ' };
const letter: Numbering = { kind: 'register', typeCode: null };
const unnumbered: Numbering = { kind: 'none' };

export const DOCUMENT_KINDS = {
  'grant-monthly-allowance': {
    schema: grantMonthlyAllowanceSchema,
    title: 'Quyết định trợ cấp xã hội hằng tháng',
    numbering: decision,
  },
  'funeral-support': {
    schema: funeralSupportSchema,
    title: 'Quyết định hỗ trợ chi phí mai táng',
    numbering: decision,
  },
  'emergency-food': {
    schema: emergencyFoodSchema,
    title: 'Quyết định hỗ trợ lương thực',
    numbering: decision,
  },
  'allowance-change': {
    schema: allowanceChangeSchema,
    title: 'Quyết định thôi hưởng hoặc điều chỉnh trợ cấp xã hội',
    numbering: decision,
  },
  'refusal-letter': {
    schema: refusalLetterSchema,
    title: 'Văn bản trả lời không giải quyết',
    numbering: letter,
  },
  'receipt-appointment': {
    schema: receiptAppointmentSchema,
    title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)',
    numbering: unnumbered,
  },
  'supplement-request': {
    schema: supplementRequestSchema,
    title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)',
    numbering: unnumbered,
  },
  'intake-refusal': {
    schema: intakeRefusalSchema,
    title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)',
    numbering: unnumbered,
  },
  'apology-new-appointment': {
    schema: apologyNewAppointmentSchema,
    title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04)',
    numbering: unnumbered,
  },
  // Form 04 as Circular 01/2018 had it, for dossiers received before 01/07/2025 (domain/one-stop-forms.ts).
  'apology-new-appointment-2018': {
    schema: apologyNewAppointmentSchema,
    title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)',
    numbering: unnumbered,
  },
  'processing-stopped': {
    schema: processingStoppedSchema,
    title: 'Thông báo dừng giải quyết hồ sơ (mẫu 05)',
    numbering: unnumbered,
  },
  'process-control-slip': {
    schema: processControlSlipSchema,
    title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06)',
    numbering: unnumbered,
  },
  'dossier-register': {
    schema: dossierRegisterSchema,
    title: 'Sổ theo dõi hồ sơ (mẫu 07)',
    numbering: unnumbered,
  },
  'public-posting-list': {
    schema: publicPostingSchema,
    title: 'Danh sách niêm yết công khai',
    numbering: unnumbered,
  },
  'payroll-list': {
    schema: payrollListSchema,
    title: 'Danh sách chi trả trợ cấp xã hội',
    numbering: unnumbered,
  },
  // Printed on demand for the person (app/payments/cards.ts), never stored: the number is the record.
  'beneficiary-card': {
    schema: beneficiaryCardSchema,
    title: 'Thẻ chi trả trợ cấp xã hội',
    numbering: unnumbered,
  },
} as const satisfies Record<string, DocumentKindDefinition>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
/** What a caller passes as `data` for a kind (before defaults and normalisation). */
export type DocumentDataInput<K extends DocumentKind> = z.input<(typeof DOCUMENT_KINDS)[K]['schema']>;

export const DOCUMENT_KIND_IDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

export function isDocumentKind(value: string): value is DocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, value);
}

export function documentKind(kind: string): DocumentKindDefinition & { id: DocumentKind } {
  if (!isDocumentKind(kind)) throw new UnknownDocumentKindError(kind);
  return { id: kind, ...DOCUMENT_KINDS[kind] };
}
