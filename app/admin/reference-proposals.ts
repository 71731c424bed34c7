/**
 * New instruments as reviewable data. Reference data read from a new decree, notice or resolution — a base
 * level, a calendar notice / provincial override / yearly holiday, a procedure version — is first *proposed*
 * with its source (number, issuer, date, link, note) and a confidence (DOMAIN.md's tags: verified [V],
 * secondary [S], weak [S, weak] / [U]). A proposal sits in its own table, which no computation reads: amounts,
 * working days and route selection stay as they were until an admin confirms it.
 *
 * Two-person rule: the admin who proposed cannot confirm. A proposal typed from a news report is exactly the
 * kind of data one person gets wrong (a number, a date), and confirming a base level rewrites every active
 * entitlement and creates arrears: a second admin reading the source is the cheapest check there is. Proposals
 * shipped with a release have no proposer (the release's review was the first pair of eyes); any admin may
 * confirm those. The proposer may reject (withdraw) their own proposal: a rejection changes nothing.
 *
 * Confirming puts the data in force through the same use case as the direct admin endpoint (addBaseLevel,
 * addCalendarEntryAs, publishProcedureVersionAs: the same checks and their own audit rows), records the decision
 * and audits it, all in one transaction; a base level also recomputes the active monthly entitlements and stores
 * the arrears (db/entitlement-arrears.ts). Confirming or rejecting again answers the decision already taken and
 * does nothing more; the opposite decision on a decided proposal is 409 PROPOSAL_DECIDED.
 */
import { z } from 'zod';
import { baseLevelTable } from '../../db/base-levels';
import {
  arrearsSummaryOf,
  lockEntitlementAmounts,
  recomputeEntitlementsForBaseLevel,
  type ArrearsSummary,
  type BaseLevelChange,
} from '../../db/entitlement-arrears';
import { inTransactionOf, type Queryable } from '../../db/queryable';
import {
  CONFIDENCES,
  findProposal,
  insertProposal,
  listProposals,
  recordDecision,
  type Confidence,
  type ProposalKind,
  type ProposalRecord,
  type ProposalStatus,
} from '../../db/reference-proposals';
import { annualHolidaySchema, officialNoticeSchema, provincialOverrideSchema } from '../../domain/calendar';
import { formatVnd } from '../../domain/money';
import { reasonSchema, textSchema } from '../../domain/text';
import { audit, type Actor } from '../audit';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { AppError, conflict, notFound } from '../errors';
import { IsoDateSchema, vietnameseText } from '../schemas';
import { parseRequestPart } from '../validation';
import { addBaseLevel, NewBaseLevelSchema, type NewBaseLevel } from './base-levels';
import { addCalendarEntryAs } from './calendar';
import { prepareProcedureVersion, ProcedureChangeSchema, publishProcedureVersionAs } from './procedures';

export {
  CONFIDENCES,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type Confidence,
  type ProposalKind,
  type ProposalStatus,
} from '../../db/reference-proposals';

/** The words the pages show for each confidence: a short tag with DOMAIN.md's mark, and what it means. */
export const CONFIDENCE_WORDS: Record<Confidence, { tag: string; meaning: string }> = {
  verified: { tag: 'Đã kiểm chứng [V]', meaning: 'đã đối chiếu với văn bản gốc' },
  secondary: {
    tag: 'Nguồn thứ cấp [S]',
    meaning: 'theo báo chí hoặc bản tóm tắt chính thức, chưa đọc văn bản gốc',
  },
  weak: {
    tag: 'Nguồn yếu [U]',
    meaning: 'một nguồn tin chưa kiểm chứng; số hiệu, ngày hoặc nội dung có thể sai',
  },
};

export const SourceSchema = z
  .strictObject({
    reference: vietnameseText(300).meta({
      description: 'Number and symbol, e.g. Nghị định số 335/2026/NĐ-CP',
    }),
    issuer: vietnameseText(200).meta({ description: 'Issuing body, e.g. Chính phủ, Quốc hội' }),
    date: IsoDateSchema.optional().meta({ description: 'Date signed or issued, when known' }),
    url: z
      .url({ protocol: /^https?$/, error: 'Đường dẫn phải bắt đầu bằng http:// hoặc https://' })
      .max(2000)
      .optional(),
    note: textSchema({ max: 2000, min: 0 }).optional(),
  })
  .meta({ id: 'ProposalSource' });

const ProcedureProposalSchema = z.strictObject({
  procedureId: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'Mã thủ tục: chữ thường không dấu, chữ số, gạch ngang' }),
  change: ProcedureChangeSchema,
});

const common = { source: SourceSchema, confidence: z.enum(CONFIDENCES) };
export const NewProposalSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('base_level'), payload: NewBaseLevelSchema, ...common }),
    z.strictObject({ kind: z.literal('calendar_notice'), payload: officialNoticeSchema.strict(), ...common }),
    z.strictObject({
      kind: z.literal('calendar_override'),
      payload: provincialOverrideSchema.strict(),
      ...common,
    }),
    z.strictObject({ kind: z.literal('annual_holiday'), payload: annualHolidaySchema.strict(), ...common }),
    z.strictObject({ kind: z.literal('procedure_version'), payload: ProcedureProposalSchema, ...common }),
  ])
  .meta({ id: 'NewReferenceProposal' });
export type NewProposal = z.input<typeof NewProposalSchema>;

export const RejectionSchema = z
  .strictObject({ reason: reasonSchema(2000) })
  .meta({ id: 'ProposalRejection' });

export interface Proposal extends Omit<ProposalRecord, 'outcome'> {
  /** What it changes, in words. */
  summary: string;
  /** For a confirmed base level: the arrears it created (every entitlement, any unit). */
  arrears?: ArrearsSummary & { amountsChanged: number };
}

const dmy = (isoDate: string) => isoDate.split('-').reverse().join('/');

/** What a proposal changes, in the words the pages and the API show. */
export function describeProposal(kind: ProposalKind, payload: Record<string, unknown>): string {
  const text = (key: string) => String(payload[key]);
  const twoDigits = (key: string) => text(key).padStart(2, '0');
  switch (kind) {
    case 'base_level':
      return `Mức chuẩn trợ giúp xã hội ${formatVnd(Number(payload.amount))}/tháng, áp dụng từ ngày ${dmy(text('effectiveFrom'))}`;
    case 'annual_holiday':
      return `Ngày nghỉ lễ hằng năm ${twoDigits('day')}/${twoDigits('month')} từ năm ${text('firstYear')}: ${text('reason')}`;
    case 'calendar_notice':
      return `Thông báo nghỉ lễ năm ${text('year')}: ${text('reference')}`;
    case 'calendar_override':
      return `${payload.status === 'off' ? 'Ngày nghỉ' : 'Ngày làm việc'} riêng của tỉnh ${text('province')} ngày ${dmy(text('date'))}: ${text('reason')}`;
    case 'procedure_version': {
      const change = (payload.change ?? {}) as Record<string, unknown>;
      // A patch carries its date; a whole definition has it inside.
      const effectiveFrom =
        change.effectiveFrom ?? (change.definition as Record<string, unknown>)?.effectiveFrom;
      const from = typeof effectiveFrom === 'string' ? `, áp dụng từ ngày ${dmy(effectiveFrom)}` : '';
      return `Phiên bản mới của thủ tục ${text('procedureId')}${from}`;
    }
  }
}

function present(record: ProposalRecord): Proposal {
  const { outcome, ...rest } = record;
  const arrears = outcome?.arrears as (ArrearsSummary & { amountsChanged: number }) | undefined;
  return { ...rest, summary: describeProposal(record.kind, record.payload), ...(arrears ? { arrears } : {}) };
}

/** A confirmed base level's arrears as stored now (entitlements recorded after the confirmation included). */
async function withCurrentArrears(db: Queryable, proposal: Proposal): Promise<Proposal> {
  if (!proposal.arrears) return proposal;
  return { ...proposal, arrears: { ...proposal.arrears, ...(await arrearsSummaryOf(db, proposal.id)) } };
}

export async function listReferenceProposals(deps: AppDeps, status?: ProposalStatus): Promise<Proposal[]> {
  const records = await listProposals(deps.pool, status);
  return Promise.all(records.map((record) => withCurrentArrears(deps.pool, present(record))));
}

export async function referenceProposal(
  deps: AppDeps,
  id: number,
  db: Queryable = deps.pool,
): Promise<Proposal> {
  const record = await findProposal(db, id);
  if (!record) throw notFound('Không tìm thấy đề xuất này');
  return withCurrentArrears(db, present(record));
}

/**
 * Stores a proposal: the payload is checked by the schema of its kind (a procedure version also against the
 * definitions and today, as publishing would), the source and confidence are required. Puts nothing in force.
 */
export async function proposeReference(deps: AppDeps, caller: Actor, input: NewProposal): Promise<Proposal> {
  const proposal = parseRequestPart(NewProposalSchema, input, 'body');
  if (proposal.kind === 'procedure_version') {
    await prepareProcedureVersion(deps, caller, proposal.payload.procedureId, proposal.payload.change);
  }
  return inTransactionOf(deps.pool, async (client) => {
    const stored = await insertProposal(client, {
      kind: proposal.kind,
      payload: proposal.payload,
      source: proposal.source,
      confidence: proposal.confidence,
      proposedBy: { username: caller.username, userId: caller.id },
      at: clockOf(deps)(),
    });
    await audit(client, deps, caller, {
      action: 'reference.propose',
      target: { kind: 'reference_proposal', id: String(stored.id) },
      details: { kind: stored.kind, confidence: stored.confidence },
    });
    return present(stored);
  });
}

async function pendingOrDecided(
  db: Queryable,
  id: number,
  wanted: 'confirmed' | 'rejected',
): Promise<ProposalRecord | 'already'> {
  const record = await findProposal(db, id, { forUpdate: true });
  if (!record) throw notFound('Không tìm thấy đề xuất này');
  if (record.status === wanted) return 'already';
  if (record.status !== 'pending') {
    throw conflict(
      'PROPOSAL_DECIDED',
      record.status === 'confirmed'
        ? 'Đề xuất này đã được xác nhận và đang áp dụng, không thể từ chối. Nếu văn bản sai, hãy lập đề xuất mới.'
        : 'Đề xuất này đã bị từ chối, không thể xác nhận. Nếu có nguồn mới, hãy lập đề xuất mới.',
    );
  }
  return record;
}

/** Puts a base level in force and recomputes the entitlements it touches; the outcome to store. */
async function confirmBaseLevel(
  deps: AppDeps,
  caller: Actor,
  client: Queryable,
  proposalId: number,
  level: NewBaseLevel,
): Promise<Record<string, unknown>> {
  const now = clockOf(deps)();
  await lockEntitlementAmounts(client);
  const tableBefore = await baseLevelTable(client);
  await addBaseLevel(deps, caller, level, client);
  const change: BaseLevelChange = {
    proposalId,
    effectiveFrom: level.effectiveFrom,
    confirmedOn: legalToday(now),
    tableBefore,
    tableAfter: await baseLevelTable(client),
  };
  const result = await recomputeEntitlementsForBaseLevel(client, change, now);
  const summary = await arrearsSummaryOf(client, proposalId);
  return {
    baseLevel: level.effectiveFrom,
    change,
    arrears: { ...summary, amountsChanged: result.amountsChanged },
  };
}

/**
 * Confirms a pending proposal as `caller` (not its proposer: 403 OWN_PROPOSAL) and puts it in force, in one
 * transaction (`db`: a page's form-key transaction). Confirmed already: the proposal as it is, nothing redone.
 */
export async function confirmProposal(
  deps: AppDeps,
  caller: Actor,
  id: number,
  db: Queryable = deps.pool,
): Promise<Proposal> {
  return inTransactionOf(db, async (client) => {
    const record = await pendingOrDecided(client, id, 'confirmed');
    if (record === 'already') return referenceProposal(deps, id, client);
    if (record.proposedByUserId === caller.id) {
      throw new AppError(
        403,
        'OWN_PROPOSAL',
        'Đề xuất do chính bạn lập phải được một quản trị viên khác xác nhận.',
      );
    }
    const payload = record.payload as never;
    let outcome: Record<string, unknown>;
    switch (record.kind) {
      case 'base_level':
        outcome = await confirmBaseLevel(deps, caller, client, id, payload);
        break;
      case 'calendar_notice':
      case 'calendar_override':
      case 'annual_holiday': {
        const kind = {
          calendar_notice: 'notice',
          calendar_override: 'override',
          annual_holiday: 'annual_holiday',
        }[record.kind] as 'notice';
        const entry = await addCalendarEntryAs(deps, caller, { kind, payload }, client);
        outcome = { calendarEntryId: entry.id };
        break;
      }
      case 'procedure_version': {
        const { procedureId, change } = record.payload as z.output<typeof ProcedureProposalSchema>;
        const published = await publishProcedureVersionAs(deps, caller, procedureId, change, client);
        outcome = { procedureId, version: published.definition.version };
        break;
      }
    }
    const decided = await recordDecision(client, id, {
      status: 'confirmed',
      by: { username: caller.username, userId: caller.id },
      at: clockOf(deps)(),
      outcome,
    });
    const arrears = present(decided).arrears;
    await audit(client, deps, caller, {
      action: 'reference.confirm',
      target: { kind: 'reference_proposal', id: String(id) },
      details: {
        kind: record.kind,
        confidence: record.confidence,
        ...(arrears ? { arrearsEntitlements: arrears.entitlements, arrearsTotal: arrears.total } : {}),
      },
    });
    return present(decided);
  });
}

/** Rejects a pending proposal with a reason (its proposer may: a withdrawal). Rejected already: as it is. */
export async function rejectProposal(
  deps: AppDeps,
  caller: Actor,
  id: number,
  input: { reason: string },
  db: Queryable = deps.pool,
): Promise<Proposal> {
  const { reason } = parseRequestPart(RejectionSchema, input, 'body');
  return inTransactionOf(db, async (client) => {
    const record = await pendingOrDecided(client, id, 'rejected');
    if (record === 'already') return referenceProposal(deps, id, client);
    const decided = await recordDecision(client, id, {
      status: 'rejected',
      by: { username: caller.username, userId: caller.id },
      at: clockOf(deps)(),
      reason,
    });
    await audit(client, deps, caller, {
      action: 'reference.reject',
      target: { kind: 'reference_proposal', id: String(id) },
      details: { kind: record.kind, confidence: record.confidence },
    });
    return present(decided);
  });
}
