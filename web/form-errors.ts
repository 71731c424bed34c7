import type { z } from 'zod';
import type { PageFieldError } from './page';

/** zod's issues as the page shows them: one message per field, linked to the input's id. */
export function formErrors(
  error: z.ZodError,
  fieldIds: Readonly<Record<string, string>> = {},
): PageFieldError[] {
  const seen = new Set<string>();
  const errors: PageFieldError[] = [];
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.') || 'form';
    if (seen.has(name)) continue;
    seen.add(name);
    errors.push({ field: fieldIds[name] ?? name, message: issue.message });
  }
  return errors;
}
