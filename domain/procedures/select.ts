/**
 * Choosing the procedure version for a dossier: the one in force on the day it was received (DOMAIN.md §2).
 */
import { DomainError } from '../domain-error';
import { parseIsoDate } from '../iso-date';
import type { ProcedureDefinition } from './schema';
import { DEFAULT_PROCEDURES } from './seeds';

export function isInForceOn(definition: ProcedureDefinition, date: string): boolean {
  return (
    definition.effectiveFrom <= date &&
    (definition.effectiveTo === undefined || date <= definition.effectiveTo)
  );
}

/**
 * The version of `procedureId` in force on `receivedOn` (effectiveFrom ≤ date ≤ effectiveTo). When an admin
 * has published several versions covering the same day, the highest version number wins: a new version
 * replaces the old one for dossiers received from then on.
 */
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
  const inForce = versions
    .filter((definition) => isInForceOn(definition, receivedOn))
    .sort((a, b) => b.version - a.version)[0];
  if (!inForce) {
    const periods = versions
      .map(
        (definition) =>
          `v${definition.version}: ${definition.effectiveFrom} – ${definition.effectiveTo ?? '…'}`,
      )
      .join('; ');
    throw new DomainError(
      'NO_PROCEDURE_IN_FORCE',
      `no version of "${procedureId}" is in force on ${receivedOn} (${periods})`,
      `Không có phiên bản nào của thủ tục "${procedureId}" có hiệu lực vào ngày ${receivedOn} (${periods})`,
    );
  }
  return inForce;
}
