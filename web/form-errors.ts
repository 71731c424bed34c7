import type { z } from 'zod';
import { fieldErrorsOf, unacceptableTextErrors, vietnameseIssueMessage } from '../app/validation';
import type { PageFieldError } from './page';

/** zod's issues as the page shows them: one message per field, linked to the input's id. */
export function formErrors(
  error: z.ZodError,
  fieldIds: Readonly<Record<string, string>> = {},
): PageFieldError[] {
  const seen = new Set<string>();
  const errors: PageFieldError[] = [];
  for (const fieldError of fieldErrorsOf(error, '')) {
    const name = fieldError.path || 'form';
    if (seen.has(name)) continue;
    seen.add(name);
    errors.push({ field: fieldIds[name] ?? name, message: fieldError.message });
  }
  return errors;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: PageFieldError[] };

/**
 * Parses a form with the API's schema and its Vietnamese messages. `whenEmpty` gives a field its own message
 * for an empty value ("Nhập họ và tên"), as GOV.UK forms do, instead of the generic "Không được để trống".
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  options: { fieldIds?: Readonly<Record<string, string>>; whenEmpty?: Readonly<Record<string, string>> } = {},
): FormResult<z.output<S>> {
  // Unacceptable text (domain/text) is refused before the schema, beside the field that holds it.
  const textErrors = unacceptableTextErrors(input, '');
  if (textErrors.length > 0) {
    return {
      ok: false,
      errors: textErrors.map(({ path, message }) => ({
        field: options.fieldIds?.[path] ?? (path || 'form'),
        message,
      })),
    };
  }
  const cleaned = Object.fromEntries(
    Object.entries(input).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
  );
  const result = schema.safeParse(cleaned, { error: vietnameseIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  const errors = formErrors(result.error, options.fieldIds).map((error) => {
    const name =
      Object.entries(options.fieldIds ?? {}).find(([, id]) => id === error.field)?.[0] ?? error.field;
    const empty = cleaned[name] === undefined;
    return empty && options.whenEmpty?.[name] ? { ...error, message: options.whenEmpty[name] } : error;
  });
  return { ok: false, errors };
}

/**
 * The named fields of a posted form as strings ('' for a field missing or not a string); `trim` for forms
 * whose values are codes and names that stray spaces must not change.
 */
export function formValues<F extends string>(
  body: unknown,
  fields: readonly F[],
  options: { trim?: boolean } = {},
): Record<F, string> {
  const posted = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((name) => {
      const value = posted[name];
      const text = typeof value === 'string' ? value : '';
      return [name, options.trim ? text.trim() : text];
    }),
  ) as Record<F, string>;
}
