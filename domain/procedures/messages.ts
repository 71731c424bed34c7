/**
 * Bilingual messages for procedure definitions. Schema fields name one of these keys as their zod error, so a
 * validation error can be shown to an admin in Vietnamese and logged in English.
 */
export interface BilingualMessage {
  readonly vi: string;
  readonly en: string;
}

export const FIELD_MESSAGES = {
  positive_integer: { vi: 'phải là số nguyên dương', en: 'must be a positive integer' },
  iso_date: {
    vi: 'phải là ngày có thật, viết dạng YYYY-MM-DD',
    en: 'must be a real date written YYYY-MM-DD',
  },
  acceptable_text: {
    vi: 'chứa ký tự không hợp lệ (ký tự điều khiển hoặc mã Unicode hỏng)',
    en: 'contains a character that is not allowed (a control character or broken Unicode)',
  },
  non_empty_text: { vi: 'không được để trống', en: 'must not be empty' },
  procedure_id: {
    vi: 'phải gồm chữ thường không dấu, chữ số và dấu gạch ngang, bắt đầu bằng chữ (ví dụ monthly-allowance)',
    en: 'must be lowercase letters, digits and hyphens, starting with a letter (e.g. monthly-allowance)',
  },
  step_key: {
    vi: 'phải gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ (ví dụ district_appraisal)',
    en: 'must be lowercase letters, digits and underscores, starting with a letter (e.g. district_appraisal)',
  },
  field_name: {
    vi: 'phải là tên trường dạng camelCase (ví dụ hivStatus)',
    en: 'must be a camelCase field name (e.g. hivStatus)',
  },
  at_least_one: { vi: 'phải có ít nhất một phần tử', en: 'must have at least one item' },
  true_or_absent: { vi: 'chỉ được là true hoặc bỏ trống', en: 'must be true or left out' },
} as const satisfies Record<string, BilingualMessage>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

export function isFieldMessageKey(text: string): text is FieldMessageKey {
  return Object.prototype.hasOwnProperty.call(FIELD_MESSAGES, text);
}
