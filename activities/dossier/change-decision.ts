/**
 * The decision of a change dossier (termination, adjustment, relocation: domain/entitlement-changes.ts), in
 * the allowance-change template: stop ("thôi hưởng", termination and relocation — the old commune stops and
 * names the commune the person moved to) or adjust ("điều chỉnh mức"). Called by issueDecision
 * (documents.ts) when the route's procedure has `entitlementChange`; the effect travels in the decision
 * summary and the read model applies it with the decision (db/entitlement-changes.ts).
 *
 * The entitlement is read again when the chairman signs: if it ended meanwhile, or the request no longer
 * fits it, the rules' refusal is a DomainError, so the decision fails without retry and the step reopens for
 * the chairman to refuse or return the dossier.
 */
import type { Pool } from 'pg';
import { findChangeRequest, findEntitlement } from '../../db/entitlement-changes';
import { adjustmentInForce } from '../../domain/entitlement-months';
import { DomainError } from '../../domain/domain-error';
import {
  changeConflict,
  changeEffect,
  changeFieldProblems,
  type EntitlementChangeEffect,
} from '../../domain/entitlement-changes';
import { inSentence } from '../../domain/procedures';
import type { DecisionSummary } from '../../workflows/dossier/types';

interface PreviousDecisionRow {
  number_label: string;
  signed_on: string;
  issuer_name: string | null;
  clauses: string[];
  coefficient: string | null;
}

export interface ChangeDecision {
  summary: Omit<DecisionSummary, 'numberLabel' | 'documentId'>;
  /** The allowance-change template's own fields (the caller adds the preamble, wording and signature). */
  data: { previousDecision: Record<string, string>; change: Record<string, unknown> };
  /** A relocation's decision is also sent to the commune the person moved to. */
  extraRecipients: string[];
}

export async function changeDecision(
  pool: Pool,
  input: { code: string; signedOn: string; issuerCode: string; baseLevel: number },
): Promise<ChangeDecision> {
  const stored = await findChangeRequest(pool, input.code);
  if (!stored) {
    throw new DomainError(
      'CHANGE_REQUEST_MISSING',
      `change dossier ${input.code} has no request`,
      `Hồ sơ ${input.code} không có đề nghị thay đổi trợ cấp`,
    );
  }
  const entitlement = await findEntitlement(pool, stored.entitlementCode);
  if (!entitlement) {
    throw new DomainError(
      'ENTITLEMENT_NOT_FOUND',
      `no entitlement ${stored.entitlementCode}`,
      `Không tìm thấy trợ cấp của hồ sơ ${stored.entitlementCode}`,
    );
  }
  const conflict = changeConflict(entitlement, stored.request);
  if (conflict) throw new DomainError(conflict.code, conflict.code, conflict.message);
  // Dates are checked against the day of signing: an event may not lie after it.
  const problem = changeFieldProblems(entitlement, stored.request, input.signedOn)[0];
  if (problem) {
    throw new DomainError(
      'CHANGE_REQUEST_INVALID',
      `${problem.field}: ${problem.message}`,
      `Đề nghị không còn phù hợp với trợ cấp đang hưởng: ${problem.message}`,
    );
  }
  const newCommune =
    stored.request.kind === 'relocation' ? await communeName(pool, stored.request.newCommuneCode) : undefined;
  const effect = changeEffect(stored.entitlementCode, entitlement, stored.request, newCommune);
  const previous = await previousDecision(pool, stored.entitlementCode);
  return {
    summary: {
      signedOn: input.signedOn,
      issuerCode: input.issuerCode,
      kind: 'monthly',
      ...amountOf(effect),
      baseLevel: input.baseLevel,
      clauses: previous.clauses,
      // The relocated entitlement is paid on the coefficient in force when it moves — an adjustment's, else the
      // first decision's: carried so a base level confirmed later recomputes it like any other
      // (db/entitlement-arrears.ts reads the decision's coefficient; the adjustment itself moves with it too).
      ...(effect.kind === 'relocation'
        ? {
            paymentStartMonth: effect.startMonth,
            ...coefficientOfRelocated(
              adjustmentInForce(entitlement, effect.startMonth)?.coefficient,
              previous.coefficient,
            ),
          }
        : {}),
      change: effect,
    },
    data: {
      previousDecision: {
        // Stored as printed in the header ('Số: 05/QĐ-UBND'); cited inside a sentence as '05/QĐ-UBND'.
        number: previous.number_label.replace(/^Số:\s*/u, ''),
        issuedOn: previous.signed_on,
        issuer:
          `Chủ tịch Ủy ban nhân dân ${previous.issuer_name ? inSentence(previous.issuer_name) : ''}`.trim(),
      },
      change: templateChange(effect),
    },
    extraRecipients: newCommune ? [`Ủy ban nhân dân ${newCommune}`] : [],
  };
}

function coefficientOfRelocated(
  adjusted: number | null | undefined,
  decided: string | number | null,
): { coefficient?: number } {
  if (adjusted) return { coefficient: adjusted };
  return decided !== null ? { coefficient: Number(decided) } : {};
}

function amountOf(effect: EntitlementChangeEffect): { monthlyAmount?: number } {
  if (effect.kind === 'adjustment') return { monthlyAmount: effect.newMonthlyAmount };
  if (effect.kind === 'relocation') return { monthlyAmount: effect.monthlyAmount };
  return {};
}

/** The template's `change`: a relocation is a stop at the old commune, the reason naming the new one. */
function templateChange(effect: EntitlementChangeEffect): Record<string, unknown> {
  if (effect.kind === 'adjustment') {
    return {
      action: 'adjust',
      reason: effect.reason,
      previousAmount: effect.previousAmount,
      newAmount: effect.newMonthlyAmount,
      effectiveFrom: effect.fromMonth,
    };
  }
  return {
    action: 'stop',
    reason: effect.reason,
    effectiveFrom: effect.kind === 'termination' ? effect.stopsFrom : effect.startMonth,
  };
}

/** The decision that granted (or last moved) the entitlement: number, date, and who signed it. */
async function previousDecision(pool: Pool, entitlementCode: string): Promise<PreviousDecisionRow> {
  const { rows } = await pool.query<PreviousDecisionRow>(
    `SELECT dc.number_label, dc.signed_on, u.name AS issuer_name, dc.clauses,
            dc.coefficient
       FROM decisions dc LEFT JOIN administrative_units u ON u.code = dc.issuer_code
      WHERE dc.dossier_code = $1`,
    [entitlementCode],
  );
  const row = rows[0];
  if (!row) {
    throw new DomainError(
      'PREVIOUS_DECISION_NOT_FOUND',
      `no decision for entitlement ${entitlementCode}`,
      `Không tìm thấy quyết định hưởng trợ cấp của hồ sơ ${entitlementCode}`,
    );
  }
  return row;
}

async function communeName(pool: Pool, code: string): Promise<string> {
  const { rows } = await pool.query<{ name: string }>(
    'SELECT name FROM administrative_units WHERE code = $1',
    [code],
  );
  // Inside the decision's sentences the kind of unit is not capitalised ('xã Hố Nai 3').
  return rows[0] ? inSentence(rows[0].name) : `xã mã ${code}`;
}
