/**
 * Errors of the dossier activities sorted into those a retry may cure (a database or Chromium hiccup) and
 * those it never will (a rule, a missing procedure, data the read model refuses): the latter fail at once as
 * non-retryable, so the workflow opens an incident instead of retrying for ever; and the incident row itself.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { DomainError } from '../../domain/domain-error';
import type { DossierIncident } from '../../workflows/dossier/types';

/** SQLSTATE classes that no retry changes: 22 data exception (e.g. a NUL byte), 23 integrity violation. */
function isPermanentDatabaseError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^2[23]/.test(error.code) &&
    error.code.length === 5
  );
}

/** Runs `work`, turning rule and permanent data errors into non-retryable failures with a stable type. */
export async function failFastOnPermanentErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.messageVi, error.code);
    if (isPermanentDatabaseError(error)) {
      throw ApplicationFailure.nonRetryable(
        `Cơ sở dữ liệu từ chối ghi (SQLSTATE ${error.code}): ${error.message}`,
        'READ_MODEL_REJECTED',
      );
    }
    throw error;
  }
}

/** Opens (or updates) the dossier's incident, or closes it (null). */
export async function reportDossierIncident(
  pool: Pool,
  input: { code: string; incident: DossierIncident | null },
): Promise<void> {
  if (!input.incident) {
    await pool.query('DELETE FROM dossier_incidents WHERE dossier_code = $1', [input.code]);
    return;
  }
  const { activity, code, message, since } = input.incident;
  await pool.query(
    `INSERT INTO dossier_incidents (dossier_code, activity, code, message, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (dossier_code) DO UPDATE
       SET activity = $2, code = $3, message = $4, opened_at = $5, updated_at = now()`,
    // The message is the error's own text; cut so a huge one cannot bloat the row (or the page).
    [input.code, activity, code, message.slice(0, 2000), since],
  );
}
