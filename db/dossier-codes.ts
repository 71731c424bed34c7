/**
 * Dossier codes `<unit>-<YYMMDD>-<NNNN>` (domain/dossier-code.ts): the sequence restarts at 0001 per unit and
 * receipt day. The counter row is bumped with INSERT … ON CONFLICT DO UPDATE … RETURNING, which locks it
 * until the caller's transaction ends: concurrent submissions to one commune queue on it, and a submission
 * that fails (rolled back) gives its number back, so codes are gapless.
 */
import { DatabaseError } from 'pg';
import { formatDossierCode, MAX_DOSSIER_SEQUENCE } from '../domain/dossier-code';
import type { Queryable } from './queryable';

/** More than 9999 dossiers at one unit on one day: the code format has no room for another. */
export class DossierCodesExhaustedError extends Error {
  constructor(
    readonly unitCode: string,
    readonly receivedOn: string,
  ) {
    super(`no dossier code left for unit ${unitCode} on ${receivedOn} (max ${MAX_DOSSIER_SEQUENCE})`);
    this.name = 'DossierCodesExhaustedError';
  }
}

const CHECK_VIOLATION = '23514';

/**
 * The next code of `unitCode` for `receivedOn` (YYYY-MM-DD). Call it inside the transaction that uses the
 * code, so the number is only spent when that transaction commits.
 */
export async function allocateDossierCode(
  db: Queryable,
  unitCode: string,
  receivedOn: string,
): Promise<string> {
  let sequence: number;
  try {
    const { rows } = await db.query<{ last_value: number }>(
      `INSERT INTO dossier_code_sequences (unit_code, received_on, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (unit_code, received_on)
       DO UPDATE SET last_value = dossier_code_sequences.last_value + 1
       RETURNING last_value`,
      [unitCode, receivedOn],
    );
    sequence = rows[0]!.last_value;
  } catch (error) {
    // The table's CHECK (last_value BETWEEN 1 AND 9999) is what stops the counter.
    if (error instanceof DatabaseError && error.code === CHECK_VIOLATION) {
      throw new DossierCodesExhaustedError(unitCode, receivedOn);
    }
    throw error;
  }
  return formatDossierCode({ unitCode, receivedOn, sequence });
}

/**
 * Counts one more online dossier of `unitCode` on `receivedOn`, unless `limit` are already counted (then
 * false). Inside the submission's transaction, like the code itself: the row stays locked until it ends, and
 * a rolled-back submission gives its place back. With the limit below the code format's 9999 (config), the
 * desk's numbers can never be spent by online submissions.
 */
export async function countOnlineSubmission(
  db: Queryable,
  unitCode: string,
  receivedOn: string,
  limit: number,
): Promise<boolean> {
  if (limit < 1) return false;
  const { rowCount } = await db.query(
    `INSERT INTO online_submission_counts (unit_code, received_on, count) VALUES ($1, $2, 1)
     ON CONFLICT (unit_code, received_on)
     DO UPDATE SET count = online_submission_counts.count + 1 WHERE online_submission_counts.count < $3`,
    [unitCode, receivedOn, limit],
  );
  return rowCount === 1;
}
