import { describeProcedureChanges } from '../../../app/admin/procedure-diff';
import {
  DEFAULT_PROCEDURES,
  ProcedureDefinitionSchema,
  TWO_TIER_PAPERWORK,
  type ProcedureDefinition,
} from '../../../domain/procedures';

/** An admin reviewing a new version sees when it changes how its papers name posts and recipients. */
const twoTier = DEFAULT_PROCEDURES.find((p) => p.id === 'monthly-allowance' && p.tier === 'two-tier')!;
const next = (changes: Partial<ProcedureDefinition>) =>
  ProcedureDefinitionSchema.parse({ ...twoTier, version: twoTier.version + 1, ...changes });
const paperworkLines = (after: ProcedureDefinition) =>
  describeProcedureChanges(twoTier, after).filter(
    (line) => line.subject === 'Chức danh, nơi nhận trên văn bản',
  );

describe('the review of a new version shows its paperwork changes', () => {
  it('lists a changed recipient and archive office, old → new', () => {
    const after = next({
      paperwork: { ...TWO_TIER_PAPERWORK, recipients: ['Như Điều 3'], archiveUnit: 'VHXH-BTXH' },
    });
    expect(paperworkLines(after)).toEqual([
      {
        subject: 'Chức danh, nơi nhận trên văn bản',
        field: 'nơi nhận',
        before: 'Như Điều 3; Sở Y tế {province}',
        after: 'Như Điều 3',
      },
      {
        subject: 'Chức danh, nơi nhận trên văn bản',
        field: 'lưu',
        before: 'VT, VHXH',
        after: 'VT, VHXH-BTXH',
      },
    ]);
  });

  it('says nothing when the paperwork is the same, stated or taken from the tier', () => {
    expect(paperworkLines(next({}))).toEqual([]);
    const { paperwork: _dropped, ...withoutPaperwork } = twoTier;
    expect(paperworkLines(ProcedureDefinitionSchema.parse({ ...withoutPaperwork, version: 9 }))).toEqual([]);
  });
});
