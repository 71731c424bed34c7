/**
 * The one error type of the use cases, shown by both adapters: a stable UPPER_SNAKE `code` that clients branch
 * on, a Vietnamese `message` (NFC) a person reads, for invalid input the fields at fault, and the HTTP status
 * it answers with (the JSON API sends it as is; pages show the message beside the field or on an error page).
 */
export interface FieldError {
  /** Where the bad value is: `body.username`, `query.province`, `params.id`, `body.definition.steps.0.key`. */
  readonly path: string;
  /** Vietnamese, for the person who typed it. */
  readonly message: string;
  /** English, when the rule that failed has one (procedure definitions are validated bilingually). */
  readonly messageEn?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors?: readonly FieldError[];
  /** Extra response headers (e.g. Retry-After on 429). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { fieldErrors?: readonly FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message.normalize('NFC'));
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    if (extra.fieldErrors) this.fieldErrors = extra.fieldErrors.map(normalizeFieldError);
    if (extra.headers) this.headers = extra.headers;
  }
}

function normalizeFieldError(error: FieldError): FieldError {
  return { ...error, message: error.message.normalize('NFC') };
}

/** 400 with the fields at fault; the same code whether zod or a rule in a handler found the problem. */
export function validationFailed(fieldErrors: readonly FieldError[]): AppError {
  return new AppError(400, 'VALIDATION_FAILED', 'Dữ liệu không hợp lệ', { fieldErrors });
}

export const unauthenticated = (message = 'Cần đăng nhập để thực hiện thao tác này') =>
  new AppError(401, 'UNAUTHENTICATED', message);

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này') =>
  new AppError(403, 'FORBIDDEN', message);

export const notFound = (message = 'Không tìm thấy') => new AppError(404, 'NOT_FOUND', message);

/** 409 family: `code` says which conflict (USERNAME_TAKEN, UNIT_EXISTS, …). */
export const conflict = (code: string, message: string) => new AppError(409, code, message);
