/**
 * Validation at the edge: request parts are parsed with zod, and every issue becomes a Vietnamese field error.
 * The Vietnamese wording is supplied per parse (not through zod's global config) so schemas with their own
 * messages keep them, and code elsewhere that reads zod's English messages is not affected.
 */
import { z } from 'zod';
import { FIELD_MESSAGES, isFieldMessageKey } from '../domain/procedures';
import { textProblemsIn } from '../domain/text';
import { validationFailed, type FieldError } from './errors';

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'đối tượng',
  array: 'danh sách',
  date: 'ngày',
  bigint: 'số nguyên',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'địa chỉ email',
  url: 'địa chỉ URL',
  uuid: 'mã UUID',
  datetime: 'thời điểm ISO 8601',
  date: 'ngày dạng YYYY-MM-DD',
};

function sizeUnit(origin: string): string {
  if (origin === 'string') return ' ký tự';
  if (origin === 'array' || origin === 'set') return ' phần tử';
  return '';
}

function listValues(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** Vietnamese message for a zod issue the schema gave no message of its own. */
export function vietnameseIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Bắt buộc phải có';
      return `Phải là ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Phải là ${listValues(issue.values)}`
        : `Phải là một trong: ${listValues(issue.values)}`;
    case 'too_small': {
      const unit = sizeUnit(issue.origin);
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'Không được để trống';
      return unit
        ? `Phải có ít nhất ${String(issue.minimum)}${unit}`
        : `Phải ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = sizeUnit(issue.origin);
      return unit
        ? `Chỉ được có tối đa ${String(issue.maximum)}${unit}`
        : `Phải ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'Không đúng định dạng'
        : `Phải là ${FORMAT_NAMES[issue.format] ?? issue.format} hợp lệ`;
    case 'not_multiple_of':
      return `Phải là bội số của ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'Trường không được phép';
    case 'invalid_union':
      return 'Không khớp với dạng nào được phép';
    default:
      return 'Giá trị không hợp lệ';
  }
}

/** Field errors for a zod error; an unknown field gets its own entry naming it. */
export function fieldErrorsOf(error: z.ZodError, location: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].filter((part) => part !== '');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Trường không được phép' }));
    }
    // Procedure schemas name a bilingual message key as their zod error (domain/procedures/messages.ts).
    if (isFieldMessageKey(issue.message)) {
      const { vi, en } = FIELD_MESSAGES[issue.message];
      return [{ path: base.join('.'), message: vi, messageEn: en }];
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

/**
 * Text that is not acceptable (domain/text: a NUL byte, a lone surrogate, a control character) anywhere in a
 * request part, as field errors. Checked before the part's schema, so every field of every route refuses it
 * with its name — it never reaches Postgres (a 500) or a workflow activity (retried for ever).
 */
export function unacceptableTextErrors(input: unknown, location: string): FieldError[] {
  return textProblemsIn(input).map(({ path, message }) => ({
    path: [location, ...path.map(String)].filter((part) => part !== '').join('.'),
    message,
  }));
}

/** Parses one request part; throws the API's 400 with Vietnamese field errors. */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: string,
): z.output<S> {
  const textErrors = unacceptableTextErrors(input, location);
  if (textErrors.length > 0) throw validationFailed(textErrors);
  const result = schema.safeParse(input, { error: vietnameseIssueMessage });
  if (!result.success) throw validationFailed(fieldErrorsOf(result.error, location));
  return result.data;
}
