/**
 * The header of the one-stop forms printed on demand (06, 07): the unit's one-stop centre under its people's
 * committee, placed where the unit sits, dated the day of printing.
 */
import type { AdministrativeUnit } from '../../db/units';
import type { DocumentHeaderInput } from '../../documents';

/** Decree 118/2025: the commune's one-stop desk is its Public Administration Service Centre [S]. */
const ONE_STOP_BODY = 'Trung tâm Phục vụ\nhành chính công';

const UNIT_PREFIX = /^(xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+/iu;

export function oneStopHeader(
  unit: Pick<AdministrativeUnit, 'name' | 'placeName'>,
  issuedOn: string,
): DocumentHeaderInput {
  return {
    issuer: {
      superior: `Ủy ban nhân dân\n${unit.name}`,
      name: ONE_STOP_BODY,
      // Decree 30: the date line names the place, not the kind of unit ('Phước An', not 'xã Phước An').
      place: unit.placeName ?? unit.name.replace(UNIT_PREFIX, ''),
    },
    issuedOn,
  };
}
