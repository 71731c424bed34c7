/**
 * The place a unit's documents are dated at (Decree 30: 'Phước An, ngày …', not 'xã Phước An'): the unit's
 * place name when the reference data has one, else its name without the kind of unit in front.
 */
const UNIT_KIND = /^(xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+/iu;

export function placeOfUnit(name: string, placeName?: string | null): string {
  return placeName ?? name.replace(UNIT_KIND, '');
}
