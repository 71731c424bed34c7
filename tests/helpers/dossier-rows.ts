import type { Pool } from 'pg';

/**
 * A dossier row written straight into the read model, for API tests that need a dossier without running the
 * workflow. Every one sits in commune 26170 (district 737, province 75), received on 2054-11-24.
 */
export interface DossierRow {
  procedureId: string;
  procedureVersion: number;
  procedureTitle: string;
  channel: 'walk_in' | 'online';
  status: string;
  applicantName: string;
  applicantPhone: string;
  applicantIdLast4: string;
  beneficiaryName: string;
  application?: string;
}

/** A decided emergency food aid dossier of Nguyễn Thị Hoa, received at the desk. */
export const DECIDED_FOOD_AID: DossierRow = {
  procedureId: 'emergency-food',
  procedureVersion: 1,
  procedureTitle: 'Hỗ trợ lương thực',
  channel: 'walk_in',
  status: 'decided',
  applicantName: 'Nguyễn Thị Hoa',
  applicantPhone: '0912345678',
  applicantIdLast4: '0123',
  beneficiaryName: 'Nguyễn Thị Hoa',
};

/** A monthly allowance applied for online, waiting for the intake check; tracked with `phone`. */
export const ONLINE_AWAITING_CHECK = (phone: string): DossierRow => ({
  procedureId: 'monthly-allowance',
  procedureVersion: 4,
  procedureTitle: 'Thực hiện trợ cấp xã hội hằng tháng',
  channel: 'online',
  status: 'awaiting_intake_check',
  applicantName: 'Nguyễn Thị Hoa',
  applicantPhone: phone,
  applicantIdLast4: '0123',
  beneficiaryName: 'Trần Văn Bảy',
});

export async function insertDossierRow(pool: Pool, code: string, row: DossierRow): Promise<void> {
  await pool.query(
    `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
       commune_code, district_code, province_code, applicant_name, applicant_phone, applicant_id_last4,
       beneficiary_name, application, received_at, received_on)
     VALUES ($1, $2, $3, $4, 'two-tier', $5, $6, '26170', '737', '75', $7, $8, $9, $10, $11,
       '2054-11-24T02:00:00Z', '2054-11-24')`,
    [
      code,
      row.procedureId,
      row.procedureVersion,
      row.procedureTitle,
      row.channel,
      row.status,
      row.applicantName,
      row.applicantPhone,
      row.applicantIdLast4,
      row.beneficiaryName,
      row.application ?? '{}',
    ],
  );
}

/** A decided monthly allowance: its decision (base level × coefficient) and its entitlement, as the workflow records them. */
export interface MonthlyEntitlementRow {
  signedOn: string;
  coefficient: number;
  baseLevel: number;
  startMonth: string;
  status?: 'active' | 'suspended' | 'terminated';
}

/** A decided monthly allowance dossier (DECIDED_FOOD_AID's people, commune 26170) with its decision; its amount. */
export async function insertMonthlyDecision(
  pool: Pool,
  code: string,
  decision: Omit<MonthlyEntitlementRow, 'status'>,
): Promise<number> {
  await insertDossierRow(pool, code, {
    ...DECIDED_FOOD_AID,
    procedureId: 'monthly-allowance',
    procedureTitle: 'Thực hiện trợ cấp xã hội hằng tháng',
    // What the outbox reads when the workflow's events are recorded for it: the applicant's SMS preference.
    application: JSON.stringify({
      applicant: { fullName: 'Nguyễn Thị Hoa', phone: '0912345678', notifyBy: 'sms' },
      beneficiary: { fullName: 'Nguyễn Thị Hoa', qualifications: [{ clause: '5.6' }] },
    }),
  });
  const monthlyAmount = Math.round(decision.baseLevel * decision.coefficient);
  await pool.query(
    `INSERT INTO decisions (dossier_code, number_label, signed_on, issuer_code, kind, monthly_amount, base_level,
       coefficient, clauses, payment_start_month, created_at)
     VALUES ($1, $2, $3, '26170', 'monthly', $4, $5, $6, '{5.6}', $7, now())`,
    [
      code,
      `${code.slice(-2)}/QĐ-UBND`,
      decision.signedOn,
      monthlyAmount,
      decision.baseLevel,
      decision.coefficient,
      decision.startMonth,
    ],
  );
  return monthlyAmount;
}

/** The same with its entitlement, as the workflow records it. */
export async function insertMonthlyEntitlement(
  pool: Pool,
  code: string,
  entitlement: MonthlyEntitlementRow,
): Promise<void> {
  const monthlyAmount = await insertMonthlyDecision(pool, code, entitlement);
  await pool.query(
    `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, start_month, payer_role,
       commune_code, status, created_at)
     VALUES ($1, 'Nguyễn Thị Hoa', 'monthly', $2, $3, 'payment_officer', '26170', $4, now())`,
    [code, monthlyAmount, entitlement.startMonth, entitlement.status ?? 'active'],
  );
}
