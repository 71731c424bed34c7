/**
 * Proposed reference data (migration 840): base levels, calendar entries and procedure versions taken from a
 * new instrument, kept apart from the tables the computations read until an admin confirms them.
 */
import type { Queryable } from './queryable';

export const PROPOSAL_KINDS = [
  'base_level',
  'calendar_notice',
  'calendar_override',
  'annual_holiday',
  'procedure_version',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const CONFIDENCES = ['verified', 'secondary', 'weak'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const PROPOSAL_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface ProposalSource {
  reference: string;
  issuer: string;
  date?: string;
  url?: string;
  note?: string;
}

export interface ProposalRecord {
  id: number;
  kind: ProposalKind;
  payload: Record<string, unknown>;
  source: ProposalSource;
  confidence: Confidence;
  status: ProposalStatus;
  proposedAt: string;
  /** Null: shipped with a release. */
  proposedBy: string | null;
  proposedByUserId: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByUserId: string | null;
  decisionReason: string | null;
  outcome: Record<string, unknown> | null;
}

interface ProposalRow {
  id: string;
  kind: ProposalKind;
  payload: Record<string, unknown>;
  source_reference: string;
  source_issuer: string;
  source_date: string | null;
  source_url: string | null;
  source_note: string | null;
  confidence: Confidence;
  status: ProposalStatus;
  proposed_at: Date;
  proposed_by: string | null;
  proposed_by_user_id: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_user_id: string | null;
  decision_reason: string | null;
  outcome: Record<string, unknown> | null;
}

function fromRow(row: ProposalRow): ProposalRecord {
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: row.payload,
    source: {
      reference: row.source_reference,
      issuer: row.source_issuer,
      ...(row.source_date ? { date: row.source_date } : {}),
      ...(row.source_url ? { url: row.source_url } : {}),
      ...(row.source_note ? { note: row.source_note } : {}),
    },
    confidence: row.confidence,
    status: row.status,
    proposedAt: row.proposed_at.toISOString(),
    proposedBy: row.proposed_by,
    proposedByUserId: row.proposed_by_user_id,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    decidedByUserId: row.decided_by_user_id,
    decisionReason: row.decision_reason,
    outcome: row.outcome,
  };
}

/** Pending first (oldest first: the longest waiting), then decided ones, latest decision first. */
export async function listProposals(db: Queryable, status?: ProposalStatus): Promise<ProposalRecord[]> {
  const { rows } = await db.query<ProposalRow>(
    `SELECT * FROM reference_proposals WHERE ($1::text IS NULL OR status = $1)
      ORDER BY status <> 'pending', CASE WHEN status = 'pending' THEN proposed_at END, decided_at DESC, id`,
    [status ?? null],
  );
  return rows.map(fromRow);
}

/** One proposal; `forUpdate` locks it, so two confirmations of one proposal run one after the other. */
export async function findProposal(
  db: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<ProposalRecord | undefined> {
  const { rows } = await db.query<ProposalRow>(
    `SELECT * FROM reference_proposals WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function insertProposal(
  db: Queryable,
  proposal: {
    kind: ProposalKind;
    payload: unknown;
    source: ProposalSource;
    confidence: Confidence;
    proposedBy: { username: string; userId: string };
    at: Date;
  },
): Promise<ProposalRecord> {
  const { source } = proposal;
  const { rows } = await db.query<ProposalRow>(
    `INSERT INTO reference_proposals (kind, payload, source_reference, source_issuer, source_date, source_url,
       source_note, confidence, proposed_at, proposed_by, proposed_by_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [
      proposal.kind,
      JSON.stringify(proposal.payload),
      source.reference,
      source.issuer,
      source.date ?? null,
      source.url ?? null,
      source.note ?? null,
      proposal.confidence,
      proposal.at,
      proposal.proposedBy.username,
      proposal.proposedBy.userId,
    ],
  );
  return fromRow(rows[0] as ProposalRow);
}

/** Records the decision on a pending proposal (the caller holds its lock). */
export async function recordDecision(
  db: Queryable,
  id: number,
  decision: {
    status: 'confirmed' | 'rejected';
    by: { username: string; userId: string };
    at: Date;
    reason?: string;
    outcome?: Record<string, unknown>;
  },
): Promise<ProposalRecord> {
  const { rows } = await db.query<ProposalRow>(
    `UPDATE reference_proposals
        SET status = $2, decided_at = $3, decided_by = $4, decided_by_user_id = $5, decision_reason = $6,
            outcome = $7
      WHERE id = $1 AND status = 'pending' RETURNING *`,
    [
      id,
      decision.status,
      decision.at,
      decision.by.username,
      decision.by.userId,
      decision.reason ?? null,
      decision.outcome ? JSON.stringify(decision.outcome) : null,
    ],
  );
  if (!rows[0]) throw new Error(`reference proposal ${id} is not pending`);
  return fromRow(rows[0]);
}
