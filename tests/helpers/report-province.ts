/**
 * A small province for report tests (API and pages): its own units (province 99, so the figures do not move
 * when the demo seed changes), four officers, and eleven dossiers written through the read model's projection.
 * The comment of each dossier says what it adds to the figures the tests expect. March 2055 has no holidays;
 * 01/01/2055 (a Friday) is one. The tests' clock stands at Thursday 01/04/2055 (REPORT_TODAY).
 */
import type { Pool } from 'pg';
import { hashPassword } from '../../app/auth/passwords';
import { inTransaction } from '../../db/queryable';
import { recordEntitlementEnd } from '../../db/report-summaries';
import { insertUnit } from '../../db/units';
import { insertUser } from '../../db/users';
import { DossierStory, type StoryDossier } from './dossier-events';

export const REPORT_TODAY = new Date('2055-04-01T03:00:00Z');

export const REPORT_PASSWORD = 'mat-khau-bao-cao-2055';

const TWO_TIER = {
  procedureId: 'monthly-allowance',
  tier: 'two-tier',
  provinceCode: '99',
  communeCode: '99201',
} as const;
const THREE_TIER = {
  procedureId: 'monthly-allowance',
  tier: 'three-tier',
  provinceCode: '99',
  districtCode: '991',
  communeCode: '99101',
} as const;
export const VERIFY = 'Xét duyệt hồ sơ';
const DECIDE = 'Quyết định trợ cấp';
const APPRAISE = 'Thẩm định hồ sơ';

export async function reportProvince(pool: Pool): Promise<void> {
  for (const unit of [
    { code: '99', name: 'Tỉnh Thử Nghiệm', level: 'province', parentCode: null },
    { code: '98', name: 'Tỉnh Bên Cạnh', level: 'province', parentCode: null },
    { code: '991', name: 'Huyện Cũ', level: 'district', parentCode: '99' },
    { code: '99101', name: 'Xã Ba Cấp', level: 'commune', parentCode: '991' },
    { code: '99201', name: 'Xã Hai Cấp', level: 'commune', parentCode: '99' },
    { code: '99202', name: 'Xã Bên Sông', level: 'commune', parentCode: '99' },
  ] as const) {
    await insertUnit(pool, { ...unit, placeName: unit.name });
  }
  const passwordHash = await hashPassword(REPORT_PASSWORD);
  for (const [role, unitCode] of [
    ['admin', '99'],
    ['admin', '98'],
    ['commune_officer', '99201'],
    ['district_officer', '991'],
  ] as const) {
    await insertUser(pool, {
      username: `${role}.${unitCode}`,
      fullName: 'Cán Bộ Thử',
      passwordHash,
      role,
      unitCode,
    });
  }
}

/** The dossiers; the comment of each says what it adds to the expected figures. */
export async function reportDossiers(pool: Pool): Promise<void> {
  type Where = Omit<StoryDossier, 'code' | 'receivedOn' | 'beneficiaryIdNumber'>;
  const story = (code: string, where: Where, receivedOn: string, id: string) =>
    new DossierStory(pool, { code, ...where, receivedOn, beneficiaryIdNumber: id }).received();

  // D1, 99201: verification 01/03 → 04/03 (3 WD, early), decision 04/03 → 09/03 (3 WD, on its due date);
  // done 09/03 before the appointment 15/03: early. Entitled under 5.5a, 750,000 a month.
  await (
    await story('D1', TWO_TIER, '2055-03-01', '099000000001')
  )
    .accepted('2055-03-01', '2055-03-15')
    .then((d) =>
      d.openTask('2055-03-01', { id: 'D1-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-10' }),
    )
    .then((d) =>
      d.completeTask('2055-03-04', {
        id: 'D1-1',
        stepKey: 'verification',
        dueDate: '2055-03-10',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) =>
      d.openTask('2055-03-04', { id: 'D1-2', stepKey: 'decision', title: DECIDE, dueDate: '2055-03-09' }),
    )
    .then((d) =>
      d.completeTask('2055-03-09', {
        id: 'D1-2',
        stepKey: 'decision',
        dueDate: '2055-03-09',
        onTimeStatus: 'Đúng hạn',
      }),
    )
    .then((d) => d.decided('2055-03-09', { kind: 'monthly', clauses: ['5.5a'], monthlyAmount: 750_000 }))
    .then((d) => d.entitled('2055-03-09', { kind: 'monthly', monthlyAmount: 750_000 }))
    .then((d) => d.completed('2055-03-09', 'Trước hạn'));

  // D2, 99201, paused for documents 03/03 → 08/03 (3 WD): verification 01/03 → 12/03 is 9 WD less 3 = 6
  // (early against its moved due date 15/03); decision 12/03 → 18/03 (4 WD, late against 17/03); done 18/03
  // on the moved appointment 18/03: on time. Entitled under 5.6, 1,000,000; stopped on 31/05.
  await (
    await story('D2', TWO_TIER, '2055-03-01', '099000000002')
  )
    .accepted('2055-03-01', '2055-03-15')
    .then((d) =>
      d.openTask('2055-03-01', { id: 'D2-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-10' }),
    )
    .then((d) => d.stopClock('2055-03-03', { id: 'D2-1', stepKey: 'verification' }))
    .then((d) => d.resumeClock('2055-03-08', 'verification', 3))
    .then((d) =>
      d.changeDueDate('2055-03-08', {
        target: 'task',
        taskId: 'D2-1',
        oldDate: '2055-03-10',
        newDate: '2055-03-15',
      }),
    )
    .then((d) =>
      d.changeDueDate('2055-03-08', { target: 'appointment', oldDate: '2055-03-15', newDate: '2055-03-18' }),
    )
    .then((d) =>
      d.completeTask('2055-03-12', {
        id: 'D2-1',
        stepKey: 'verification',
        dueDate: '2055-03-15',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) =>
      d.openTask('2055-03-12', { id: 'D2-2', stepKey: 'decision', title: DECIDE, dueDate: '2055-03-17' }),
    )
    .then((d) =>
      d.completeTask('2055-03-18', {
        id: 'D2-2',
        stepKey: 'decision',
        dueDate: '2055-03-17',
        onTimeStatus: 'Quá hạn',
      }),
    )
    .then((d) => d.decided('2055-03-18', { kind: 'monthly', clauses: ['5.6'], monthlyAmount: 1_000_000 }))
    .then((d) => d.entitled('2055-03-18', { kind: 'monthly', monthlyAmount: 1_000_000 }))
    .then((d) => d.completed('2055-03-18', 'Đúng hạn'));
  // No event stops an entitlement yet (the termination procedure is not built): the stop is written as it will be,
  // through the function that keeps the report summaries right.
  await inTransaction(pool, (client) => recordEntitlementEnd(client, 'D2', '2055-05-31'));

  // D3, 99201, refused at verification 01/03 → 05/03 (4 WD, early); the refusal is early against 15/03.
  await (
    await story('D3', TWO_TIER, '2055-03-01', '099000000003')
  )
    .accepted('2055-03-01', '2055-03-15')
    .then((d) =>
      d.openTask('2055-03-01', { id: 'D3-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-10' }),
    )
    .then((d) =>
      d.completeTask('2055-03-05', {
        id: 'D3-1',
        stepKey: 'verification',
        dueDate: '2055-03-10',
        outcome: 'refuse',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) => d.refused('2055-03-05', 'verification', 'Trước hạn'));

  // D4, 99101 (three-tier, district 991): verification 01/03 → 03/03 (2 WD, early); appraisal 03/03, escalated
  // to the district chairman on 15/03, returned on 16/03 (9 WD, late); verification again 16/03 → 17/03 (1 WD,
  // early); appraisal again from 17/03, due 26/03, still open: 4 WD overdue on 01/04.
  await (
    await story('D4', THREE_TIER, '2055-03-01', '099000000004')
  )
    .accepted('2055-03-01', '2055-03-22')
    .then((d) =>
      d.openTask('2055-03-01', { id: 'D4-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-10' }),
    )
    .then((d) =>
      d.completeTask('2055-03-03', {
        id: 'D4-1',
        stepKey: 'verification',
        dueDate: '2055-03-10',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) =>
      d.openTask('2055-03-03', {
        id: 'D4-2',
        stepKey: 'district_appraisal',
        title: APPRAISE,
        dueDate: '2055-03-12',
        role: 'district_officer',
        unitCode: '991',
      }),
    )
    .then((d) =>
      d.escalate('2055-03-15', {
        id: 'D4-2',
        stepKey: 'district_appraisal',
        dueDate: '2055-03-12',
        to: 'district_chairman',
        unitCode: '991',
      }),
    )
    .then((d) =>
      d.completeTask('2055-03-16', {
        id: 'D4-2',
        stepKey: 'district_appraisal',
        dueDate: '2055-03-12',
        outcome: 'return',
        onTimeStatus: 'Quá hạn',
      }),
    )
    .then((d) => d.returned('2055-03-16', 'district_appraisal', 'verification'))
    .then((d) =>
      d.openTask('2055-03-16', { id: 'D4-3', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-25' }),
    )
    .then((d) =>
      d.completeTask('2055-03-17', {
        id: 'D4-3',
        stepKey: 'verification',
        dueDate: '2055-03-25',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) =>
      d.openTask('2055-03-17', {
        id: 'D4-4',
        stepKey: 'district_appraisal',
        title: APPRAISE,
        dueDate: '2055-03-26',
        role: 'district_officer',
        unitCode: '991',
      }),
    );

  // D5, 99201, across the year end: received 29/12/2054 (counted as received in 2054, not in the period);
  // verification 29/12 → 05/01 is 4 WD (30/12, 31/12, 04/01, 05/01: 01/01 is a holiday), decision 05/01 → 08/01
  // (3 WD, on time); done 08/01, early against 13/01. Entitled under 5.5a, 750,000.
  await (
    await story('D5', TWO_TIER, '2054-12-29', '099000000005')
  )
    .accepted('2054-12-29', '2055-01-13')
    .then((d) =>
      d.openTask('2054-12-29', { id: 'D5-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-01-08' }),
    )
    .then((d) =>
      d.completeTask('2055-01-05', {
        id: 'D5-1',
        stepKey: 'verification',
        dueDate: '2055-01-08',
        onTimeStatus: 'Trước hạn',
      }),
    )
    .then((d) =>
      d.openTask('2055-01-05', { id: 'D5-2', stepKey: 'decision', title: DECIDE, dueDate: '2055-01-08' }),
    )
    .then((d) =>
      d.completeTask('2055-01-08', {
        id: 'D5-2',
        stepKey: 'decision',
        dueDate: '2055-01-08',
        onTimeStatus: 'Đúng hạn',
      }),
    )
    .then((d) => d.decided('2055-01-08', { kind: 'monthly', clauses: ['5.5a'], monthlyAmount: 750_000 }))
    .then((d) => d.entitled('2055-01-08', { kind: 'monthly', monthlyAmount: 750_000 }))
    .then((d) => d.completed('2055-01-08', 'Trước hạn'));

  // D6, 99201: refused at intake (not accepted).
  await (
    await new DossierStory(pool, {
      code: 'D6',
      ...TWO_TIER,
      channel: 'online',
      receivedOn: '2055-03-02',
      beneficiaryIdNumber: '099000000006',
    }).received()
  ).intakeRefused('2055-03-03');

  // D7, 99201: waiting for the citizen's documents since 05/03: past its due date, but the clock stands still.
  await (
    await story('D7', TWO_TIER, '2055-03-01', '099000000007')
  )
    .accepted('2055-03-01', '2055-03-15')
    .then((d) =>
      d.openTask('2055-03-01', { id: 'D7-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-10' }),
    )
    .then((d) => d.stopClock('2055-03-05', { id: 'D7-1', stepKey: 'verification' }));

  // D8, 99201: verification due 24/03, open: 6 WD overdue on 01/04.
  await (
    await story('D8', TWO_TIER, '2055-03-15', '099000000008')
  )
    .accepted('2055-03-15', '2055-03-29')
    .then((d) =>
      d.openTask('2055-03-15', { id: 'D8-1', stepKey: 'verification', title: VERIFY, dueDate: '2055-03-24' }),
    );

  // D9, 99202 (another commune): done 20/03, late against 15/03; entitled under 5.1.
  await (
    await story('D9', { ...TWO_TIER, communeCode: '99202' }, '2055-03-01', '099000000009')
  )
    .accepted('2055-03-01', '2055-03-15')
    .then((d) => d.decided('2055-03-20', { kind: 'monthly', clauses: ['5.1'], monthlyAmount: 1_250_000 }))
    .then((d) => d.entitled('2055-03-20', { kind: 'monthly', monthlyAmount: 1_250_000 }))
    .then((d) => d.completed('2055-03-20', 'Quá hạn'));

  // D10, 99201: emergency food, 15 kg for 3 months; D11: funeral support, 10,000,000 VND.
  await (
    await new DossierStory(pool, {
      code: 'D10',
      ...TWO_TIER,
      procedureId: 'emergency-food',
      procedureTitle: 'Hỗ trợ lương thực',
      receivedOn: '2055-02-01',
      beneficiaryIdNumber: '099000000010',
    }).received()
  )
    .decided('2055-02-02', { kind: 'in_kind', clauses: [], inKind: { riceKg: 15, months: 3 } })
    .then((d) => d.completed('2055-02-02', 'Trước hạn'));
  await (
    await new DossierStory(pool, {
      code: 'D11',
      ...TWO_TIER,
      procedureId: 'funeral-support',
      procedureTitle: 'Hỗ trợ chi phí mai táng',
      receivedOn: '2055-02-01',
      beneficiaryIdNumber: '099000000011',
    }).received()
  )
    .decided('2055-02-03', { kind: 'one_off', clauses: [], oneOffAmount: 10_000_000 })
    .then((d) => d.completed('2055-02-03', 'Trước hạn'));
}
