/**
 * Choosing the procedure version for a dossier: the one in force on the day it was received (DOMAIN.md §2).
 */
import { DomainError } from '../domain-error';
import { parseIsoDate } from '../iso-date';
import { isInForceOn, vietnameseDate } from '../effective-period';
import type { ProcedureDefinition } from './schema';
import { DEFAULT_PROCEDURES } from './seeds';

/** effectiveTo is the last day in force, inclusive: the one definition is domain/effective-period.ts. */
export { isInForceOn };

/**
 * Which version is in force on a date: among the versions whose [effectiveFrom, effectiveTo] contains it, the
 * one that took effect last; on a tie, the higher version number. So a version an admin publishes to start
 * on 2026-01-01 takes over from that day even though the version before it has no end date, and dossiers
 * received before then keep the earlier one. Undefined when no version covers the date.
 */
export function pickVersionInForce(
  definitions: readonly ProcedureDefinition[],
  date: string,
): ProcedureDefinition | undefined {
  return definitions
    .filter((definition) => isInForceOn(definition, date))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
}

/** The version of `procedureId` in force on `receivedOn` (see pickVersionInForce), or a clear error. */
export function selectProcedure(
  procedureId: string,
  receivedOn: string,
  definitions: readonly ProcedureDefinition[] = DEFAULT_PROCEDURES,
): ProcedureDefinition {
  parseIsoDate(receivedOn, 'receivedOn');
  const versions = definitions.filter((definition) => definition.id === procedureId);
  if (versions.length === 0) {
    throw new DomainError(
      'UNKNOWN_PROCEDURE',
      `there is no procedure "${procedureId}"`,
      `Không có thủ tục "${procedureId}"`,
    );
  }
  const inForce = pickVersionInForce(versions, receivedOn);
  if (!inForce) {
    const periods = versions
      .map(
        (definition) =>
          `v${definition.version}: ${definition.effectiveFrom} – ${definition.effectiveTo ?? '…'}`,
      )
      .join('; ');
    const lastEnded = versions
      .filter((definition) => definition.effectiveTo !== undefined && definition.effectiveTo < receivedOn)
      .sort((a, b) => a.effectiveTo!.localeCompare(b.effectiveTo!))
      .at(-1);
    const allEnded = versions.every(
      (definition) => definition.effectiveTo !== undefined && definition.effectiveTo < receivedOn,
    );
    throw new DomainError(
      'NO_PROCEDURE_IN_FORCE',
      `no version of "${procedureId}" is in force on ${receivedOn} (${periods})`,
      allEnded && lastEnded
        ? `Thủ tục “${lastEnded.title}” không còn được tiếp nhận: quy trình đã hết hiệu lực sau ngày ` +
            `${vietnameseDate(lastEnded.effectiveTo!)} và chưa có quy trình thay thế. Vui lòng liên hệ Bộ phận Một cửa để được hướng dẫn.`
        : `Không có phiên bản nào của thủ tục "${procedureId}" có hiệu lực vào ngày ${vietnameseDate(receivedOn)} (${periods})`,
    );
  }
  return inForce;
}
