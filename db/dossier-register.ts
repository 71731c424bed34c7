/**
 * The rows of form 07 (sổ theo dõi hồ sơ): the dossiers of some communes received in a period, by day of
 * receipt and code (within a commune and a day, codes are numbered in order of receipt), read in pages
 * (keyset on exactly those two values) so a year of a province is never held in memory.
 */
import type { Queryable } from './queryable';

export interface RegisterRecord {
  code: string;
  procedureTitle: string;
  /** The route's tier ('two-tier', 'three-tier'): posts are named as they were on that route. */
  tier: string;
  applicantName: string;
  applicantAddress: string | null;
  receivedAt: string;
  receivedOn: string;
  appointmentDate: string | null;
  finishedOn: string | null;
  onTimeStatus: string | null;
  status: string;
  result: string | null;
  communeCode: string;
  /** Just what the protected-category rule reads (app/dossiers/officer-view.ts): the beneficiary's clauses. */
  application: { beneficiary: { qualifications: unknown[] } };
  /** Each step task in the order it was opened: who the dossier was handed to. */
  handlers: Array<{ role: string; unitCode: string }>;
}

interface RegisterRow {
  code: string;
  procedure_title: string;
  tier: string;
  applicant_name: string;
  applicant_address: string | null;
  received_at: Date;
  received_on: string;
  appointment_date: string | null;
  finished_on: string | null;
  on_time_status: string | null;
  status: string;
  result: string | null;
  commune_code: string;
  qualifications: unknown[] | null;
  handlers: Array<{ role: string; unitCode: string }>;
}

export interface RegisterQuery {
  communeCodes: readonly string[];
  from: string;
  to: string;
}

const PAGE = 500;

/** Counts the rows (the printable register refuses a period too large to print). */
export async function countRegisterRows(db: Queryable, query: RegisterQuery): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*) FROM dossiers WHERE commune_code = ANY($1) AND received_on BETWEEN $2 AND $3`,
    [query.communeCodes, query.from, query.to],
  );
  return Number(rows[0]?.count ?? 0);
}

export async function* registerRows(
  db: Queryable,
  query: RegisterQuery,
  pageSize = PAGE,
): AsyncGenerator<RegisterRecord> {
  let after: { on: string; code: string } | undefined;
  for (;;) {
    const { rows } = await db.query<RegisterRow>(
      `SELECT d.code, d.procedure_title, d.tier, d.applicant_name, d.application->'applicant'->>'address' AS applicant_address,
              d.received_at, d.received_on, d.appointment_date, d.finished_on, d.on_time_status, d.status,
              d.result, d.commune_code, d.application->'beneficiary'->'qualifications' AS qualifications,
              COALESCE((SELECT json_agg(json_build_object('role', t.role, 'unitCode', t.unit_code)
                                        ORDER BY t.created_at, t.id)
                          FROM tasks t WHERE t.dossier_code = d.code AND t.kind = 'step'), '[]') AS handlers
         FROM dossiers d
        WHERE d.commune_code = ANY($1) AND d.received_on BETWEEN $2 AND $3
          AND ($4::date IS NULL OR (d.received_on, d.code) > ($4, $5))
        ORDER BY d.received_on, d.code
        LIMIT $6`,
      [query.communeCodes, query.from, query.to, after?.on ?? null, after?.code ?? null, pageSize],
    );
    for (const row of rows) {
      yield {
        code: row.code,
        procedureTitle: row.procedure_title,
        tier: row.tier,
        applicantName: row.applicant_name,
        applicantAddress: row.applicant_address,
        receivedAt: row.received_at.toISOString(),
        receivedOn: row.received_on,
        appointmentDate: row.appointment_date,
        finishedOn: row.finished_on,
        onTimeStatus: row.on_time_status,
        status: row.status,
        result: row.result,
        communeCode: row.commune_code,
        application: {
          beneficiary: { qualifications: Array.isArray(row.qualifications) ? row.qualifications : [] },
        },
        handlers: row.handlers,
      };
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { on: last.received_on, code: last.code };
  }
}
