/**
 * The header of the one-stop forms printed on demand (06, 07): the unit's one-stop centre under its people's
 * committee, placed where the unit sits, dated the day of printing.
 */
import type { AdministrativeUnit } from '../../db/units';
import type { DocumentHeaderInput } from '../../documents';
import { placeOfUnit } from '../../domain/unit-place';

/** Decree 118/2025: the commune's one-stop desk is its Public Administration Service Centre [S]. */
const ONE_STOP_BODY = 'Trung tâm Phục vụ\nhành chính công';

export function oneStopHeader(
  unit: Pick<AdministrativeUnit, 'name' | 'placeName'>,
  issuedOn: string,
): DocumentHeaderInput {
  return {
    issuer: {
      superior: `Ủy ban nhân dân\n${unit.name}`,
      name: ONE_STOP_BODY,
      place: placeOfUnit(unit.name, unit.placeName),
    },
    issuedOn,
  };
}
