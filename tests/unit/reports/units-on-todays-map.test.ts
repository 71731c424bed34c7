/**
 * Report rows on today's map: a three-tier dossier of a commune that moved under the province counts towards
 * its former district in that district's report, as unit scope lets the district read it.
 */
import { unitsOf, type UnitDirectory } from '../../../app/reports/units';

const parents = new Map<string, string | undefined>([
  ['75', undefined],
  ['737', '75'],
  ['26170', '75'],
]);
const names = new Map([
  ['75', 'Tỉnh Đồng Nai'],
  ['737', 'Huyện Trảng Bom'],
  ['26170', 'Xã Trảng Bom'],
]);
const threeTierRow = { provinceCode: '75', districtCode: '737', communeCode: '26170' };
const directory = (root: string, formerParents: ReadonlyMap<string, string>): UnitDirectory => ({
  root,
  parents,
  formerParents,
  names,
  unitCodes: [],
});

test('a former district’s report counts its former commune’s three-tier dossier at both levels', () => {
  const units = unitsOf(threeTierRow, directory('737', new Map([['26170', '737']])));
  expect(units.map((unit) => [unit.unitCode, unit.level])).toEqual([
    ['737', 'district'],
    ['26170', 'commune'],
  ]);
  // Without the former link the commune row would be lost from the district's report.
  expect(unitsOf(threeTierRow, directory('737', new Map())).map((unit) => unit.unitCode)).toEqual(['737']);
});

test('the province’s report counts it at every level; a commune’s at its own only', () => {
  const formerParents = new Map([['26170', '737']]);
  expect(unitsOf(threeTierRow, directory('75', formerParents)).map((unit) => unit.unitCode)).toEqual([
    '75',
    '737',
    '26170',
  ]);
  expect(unitsOf(threeTierRow, directory('26170', formerParents)).map((unit) => unit.unitCode)).toEqual([
    '26170',
  ]);
});
