/** Officers' dossier search over the read model: names without diacritics, codes, ID numbers, dates. */
import type { Queryable } from './queryable';

export interface DossierSearchFilter {
  /** Units the caller may read: a dossier matches when its commune, district or province is one of them. */
  unitCodes: readonly string[];
  /** Exact code, or its start (e.g. '26170-5412'). */
  codePrefix?: string;
  /** Any part of the beneficiary's or applicant's name; folded like the stored names (fold_vietnamese). */
  name?: string;
  /** Digits of an applicant's or beneficiary's ID number (callers check who may search by them). */
  idDigits?: string;
  status?: string;
  procedureId?: string;
  receivedFrom?: string;
  receivedTo?: string;
  limit: number;
  offset: number;
}

export interface DossierSearchHit {
  code: string;
  procedureId: string;
  procedureTitle: string;
  status: string;
  beneficiaryName: string;
  applicantName: string;
  communeCode: string;
  receivedOn: string;
  appointmentDate: string | null;
  onTimeStatus: string | null;
  overdue: boolean;
  currentStepTitle: string | null;
}

interface HitRow {
  code: string;
  procedure_id: string;
  procedure_title: string;
  status: string;
  beneficiary_name: string;
  applicant_name: string;
  commune_code: string;
  received_on: string;
  appointment_date: string | null;
  on_time_status: string | null;
  overdue: boolean;
  current_step_title: string | null;
}

/** LIKE's own wildcards typed by a person are taken literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** One page of matches, newest received first, and whether there is a next page. */
export async function searchDossiers(
  db: Queryable,
  filter: DossierSearchFilter,
): Promise<{ hits: DossierSearchHit[]; more: boolean }> {
  const { rows } = await db.query<HitRow>(
    `SELECT code, procedure_id, procedure_title, status, beneficiary_name, applicant_name, commune_code,
            received_on, appointment_date, on_time_status, overdue, current_step_title
       FROM dossiers
      WHERE (commune_code = ANY($1) OR district_code = ANY($1) OR province_code = ANY($1))
        AND ($2::text IS NULL OR code LIKE $2 || '%')
        AND ($3::text IS NULL OR names_folded LIKE '%' || fold_vietnamese($3) || '%')
        AND ($4::text IS NULL OR application #>> '{applicant,idNumber}' LIKE '%' || $4 || '%'
                              OR application #>> '{beneficiary,idNumber}' LIKE '%' || $4 || '%')
        AND ($5::text IS NULL OR status = $5)
        AND ($6::text IS NULL OR procedure_id = $6)
        AND ($7::date IS NULL OR received_on >= $7)
        AND ($8::date IS NULL OR received_on <= $8)
      ORDER BY received_on DESC, code DESC
      LIMIT $9 OFFSET $10`,
    [
      filter.unitCodes,
      filter.codePrefix ? likeLiteral(filter.codePrefix) : null,
      filter.name ? likeLiteral(filter.name) : null,
      filter.idDigits ?? null,
      filter.status ?? null,
      filter.procedureId ?? null,
      filter.receivedFrom ?? null,
      filter.receivedTo ?? null,
      filter.limit + 1,
      filter.offset,
    ],
  );
  return {
    hits: rows.slice(0, filter.limit).map((row) => ({
      code: row.code,
      procedureId: row.procedure_id,
      procedureTitle: row.procedure_title,
      status: row.status,
      beneficiaryName: row.beneficiary_name,
      applicantName: row.applicant_name,
      communeCode: row.commune_code,
      receivedOn: row.received_on,
      appointmentDate: row.appointment_date,
      onTimeStatus: row.on_time_status,
      overdue: row.overdue,
      currentStepTitle: row.current_step_title,
    })),
    more: rows.length > filter.limit,
  };
}
