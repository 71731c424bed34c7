/**
 * The words a procedure definition is written in: who acts (level and role), in what time unit, with which
 * outcomes, producing which documents. Shared by the schema, the seeds and the workflow that interprets them.
 */
export const ADMINISTRATIVE_LEVELS = ['commune', 'district', 'province'] as const;
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

export const ROLES = [
  'intake_clerk',
  'commune_officer',
  'commune_chairman',
  'district_officer',
  'district_chairman',
  'payment_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const TIME_UNITS = ['working_days', 'calendar_days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const TIERS = ['three-tier', 'two-tier'] as const;
export type Tier = (typeof TIERS)[number];

export const OUTCOME_KINDS = ['approve', 'refuse', 'request_documents', 'return'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Fields an officer must fill in when choosing an outcome. */
export const OUTCOME_FIELDS = ['reason', 'missingDocuments', 'note'] as const;
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];

/**
 * Documents a route produces. Forms 01–07 are the one-stop-shop forms (DOMAIN.md §5); the rest are the
 * procedure's own papers. Templates are looked up by this kind (and the procedure id where they differ).
 */
export const DOCUMENT_KINDS = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)',
  completion_request: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)',
  intake_refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)',
  // Forms 04 and 05 change title with the one-stop edition (domain/one-stop-forms.ts); these are today's.
  apology: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04)',
  processing_stopped: 'Thông báo dừng giải quyết hồ sơ (mẫu 05)',
  control_slip: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06)',
  verification_minutes: 'Biên bản xét duyệt hồ sơ',
  posting_notice: 'Thông báo niêm yết công khai',
  posting_minutes: 'Biên bản kết thúc niêm yết công khai',
  complaint_resolution: 'Văn bản giải quyết khiếu nại',
  proposal: 'Văn bản đề nghị',
  appraisal_report: 'Tờ trình kết quả thẩm định',
  decision_grant: 'Quyết định trợ giúp xã hội',
  refusal_letter: 'Văn bản trả lời không đủ điều kiện (nêu rõ lý do)',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_KEYS = Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]];

/** Fields that must never be shown on a public posting (DESIGN.md: sensitive fields). */
export const ALWAYS_HIDDEN_ON_POSTING = ['hivStatus', 'idNumber'] as const;

/** How payments are made once the decision is signed. */
export const PAYMENT_KINDS = ['monthly', 'one_off', 'in_kind'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/**
 * When payment starts. 'decision_month': the month the decision is signed. 'beneficiary_category_rules':
 * the decision month except the Decree 20 exceptions by category (domain/payment-start.ts).
 */
export const PAYMENT_START_RULES = ['decision_month', 'beneficiary_category_rules'] as const;
export type PaymentStartRule = (typeof PAYMENT_START_RULES)[number];
