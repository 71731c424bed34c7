import type { z } from 'zod';

/**
 * Errors carry a stable code (for the API's error mapping and for Temporal's non-retryable error types)
 * plus a Vietnamese message a clerk can act on.
 */
export abstract class DocumentError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  /** Dotted path inside the template data, e.g. 'beneficiary.fullName' or 'rows.0.residence'. */
  field: string;
  message: string;
}

/** Template data failed its schema: names every offending field instead of printing an empty line. */
export class DocumentDataError extends DocumentError {
  readonly code = 'DOCUMENT_DATA_INVALID';
  constructor(
    readonly templateId: string,
    readonly problems: FieldProblem[],
  ) {
    super(
      `Dữ liệu văn bản "${templateId}" không hợp lệ: ` +
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    );
  }

  get fields(): string[] {
    return this.problems.map((p) => p.field);
  }

  static fromZod(templateId: string, error: z.ZodError): DocumentDataError {
    const problems: FieldProblem[] = [];
    for (const issue of error.issues) {
      const at = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({
            field: at ? `${at}.${key}` : key,
            message: 'trường không có trong mẫu, không được phép',
          });
        }
      } else if (issue.code === 'invalid_type' && issue.input === undefined) {
        problems.push({ field: at || '(gốc)', message: 'thiếu trường bắt buộc' });
      } else {
        problems.push({ field: at || '(gốc)', message: issue.message });
      }
    }
    return new DocumentDataError(templateId, problems);
  }
}

/** An admin's template did not compile or could not render its sample data; it is never stored. */
export class TemplateRejectedError extends DocumentError {
  readonly code = 'TEMPLATE_REJECTED';
  constructor(
    readonly templateId: string,
    readonly handlebarsMessage: string,
  ) {
    super(`Mẫu "${templateId}" bị từ chối: ${handlebarsMessage}`);
  }
}

export class UnknownDocumentKindError extends DocumentError {
  readonly code = 'DOCUMENT_KIND_UNKNOWN';
  constructor(readonly kind: string) {
    super(`Không có mẫu văn bản "${kind}"`);
  }
}

/** The same idempotency key was presented for a different document: a caller bug, never retried. */
export class IdempotencyConflictError extends DocumentError {
  readonly code = 'DOCUMENT_IDEMPOTENCY_CONFLICT';
  constructor(readonly idempotencyKey: string) {
    super(`Khóa idempotency "${idempotencyKey}" đã dùng cho một văn bản khác`);
  }
}

export class DocumentNotFoundError extends DocumentError {
  readonly code = 'DOCUMENT_NOT_FOUND';
  constructor(readonly id: string) {
    super(`Không tìm thấy văn bản ${id}`);
  }
}
