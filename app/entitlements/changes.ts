/**
 * Starting a change to a monthly entitlement (issue 14): termination, adjustment of the amount, relocation to
 * another commune. The commune officer of the entitlement's commune starts it from the beneficiary's dossier
 * (API and page alike); it becomes a dossier of the change procedure, received at that commune's desk under a
 * new code, with the request kept beside it (db/entitlement-changes.ts), and runs on the dossier workflow like
 * any other: the officer verifies, the chairman decides, the decision takes effect.
 *
 * Refusals, before anything is written: 403 outside the officer's unit or role; 404 no entitlement; 409
 * ENTITLEMENT_NOT_MONTHLY / ENTITLEMENT_ENDED / ENTITLEMENT_NOT_SUSPENDED (domain rules) and CHANGE_IN_PROGRESS
 * (one change dossier at a time); 400 VALIDATION_FAILED for fields, RELOCATION_SAME_COMMUNE for a move to the
 * same commune.
 */
import type { PoolClient } from 'pg';
import {
  amountChangesOf,
  changeInProgress,
  findChangeRequest,
  findEntitlement,
} from '../../db/entitlement-changes';
import { inTransaction } from '../../db/queryable';
import { dossierApplication } from '../../db/received-applications';
import { findUnit, loadUnitParents } from '../../db/units';
import type { Application } from '../../domain/application';
import {
  CHANGE_KIND_TITLES,
  CHANGE_PROCEDURE_IDS,
  TERMINATION_REASONS,
  changeConflict,
  changeFieldProblems,
  type EntitlementChangeKind,
  type EntitlementChangeRequest,
} from '../../domain/entitlement-changes';
import { monthlyAmountFor } from '../../domain/entitlement-months';
import { isUnitInForceOn } from '../admin/units';
import { provinceOf } from '../auth/unit-scope';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../errors';
import { waitUntilSettled } from '../dossiers/settle';
import { startReceivedDossier, submitDossier } from '../dossiers/submission';

/** Who starts a change: the commune's social-affairs officer, who follows the beneficiaries. */
const STARTER_ROLES: ReadonlySet<string> = new Set(['commune_officer']);

export interface ChangeStarted {
  code: string;
  kind: EntitlementChangeKind;
  entitlementCode: string;
  procedure: { id: string; version: number; title: string };
  receivedOn: string;
  plannedAppointmentDate: string;
  message: string;
}

export async function startEntitlementChange(
  deps: AppDeps,
  user: AuthenticatedUser,
  entitlementCode: string,
  request: EntitlementChangeRequest,
): Promise<ChangeStarted> {
  if (!STARTER_ROLES.has(user.role)) {
    throw forbidden(
      'Chỉ công chức cấp xã phụ trách trợ giúp xã hội đề nghị thôi hưởng, điều chỉnh, chuyển nơi hưởng',
    );
  }
  const scope = await callerScope(deps, user);
  const today = legalToday(clockOf(deps)());
  const submission = await inTransaction(deps.pool, async (db) => {
    // The row lock serialises two officers starting changes of one entitlement at once.
    const entitlement = await findEntitlement(db, entitlementCode, { lock: true });
    if (!entitlement) throw notFound('Hồ sơ này không có trợ cấp đang hưởng');
    scope.assertAccess(entitlement.communeCode, 'Trợ cấp này do xã, phường khác chi trả');
    const refused = changeConflict(entitlement, request);
    if (refused) throw conflict(refused.code, refused.message);
    const pending = await changeInProgress(db, entitlementCode);
    if (pending) {
      throw conflict(
        'CHANGE_IN_PROGRESS',
        `Trợ cấp này đang có hồ sơ thay đổi ${pending} chưa giải quyết xong: chờ hồ sơ đó có kết quả`,
      );
    }
    await assertFields(db, entitlement, request, today);
    return submitDossier(deps, db, {
      procedureId: CHANGE_PROCEDURE_IDS[request.kind],
      application: await changeApplication(db, entitlementCode, entitlement.communeCode),
      channel: 'walk_in',
      receivedBy: user.id,
      entitlementChange: { entitlementCode, request, requestedBy: user.id },
    });
  });
  // After the commit: if Temporal is out of reach the dossier stays received and starts later. Once started,
  // wait (bounded) until its receipt and first task are recorded, so the dossier's page that follows exists.
  if (await startReceivedDossier(deps, submission.code)) await waitUntilSettled(deps, submission.code);
  return {
    code: submission.code,
    kind: request.kind,
    entitlementCode,
    procedure: {
      id: submission.procedure.id,
      version: submission.procedure.version,
      title: submission.procedure.title,
    },
    receivedOn: submission.receivedOn,
    plannedAppointmentDate: submission.plannedAppointmentDate,
    message: `Đã tạo hồ sơ ${CHANGE_KIND_TITLES[request.kind].toLocaleLowerCase('vi')} ${submission.code}, chuyển bước xác minh`,
  };
}

async function assertFields(
  db: PoolClient,
  entitlement: Parameters<typeof changeFieldProblems>[0],
  request: EntitlementChangeRequest,
  today: string,
): Promise<void> {
  const problems = changeFieldProblems(entitlement, request, today);
  const sameCommune = problems.find((problem) => problem.code === 'RELOCATION_SAME_COMMUNE');
  if (sameCommune) {
    throw new AppError(400, 'RELOCATION_SAME_COMMUNE', sameCommune.message, {
      fieldErrors: [{ path: 'body.newCommuneCode', message: sameCommune.message }],
    });
  }
  const fieldErrors = problems.map((problem) => ({
    path: `body.${problem.field}`,
    message: problem.message,
  }));
  if (request.kind === 'relocation' && fieldErrors.length === 0) {
    const commune = await findUnit(db, request.newCommuneCode);
    if (!commune || commune.level !== 'commune' || !isUnitInForceOn(commune, today)) {
      fieldErrors.push({
        path: 'body.newCommuneCode',
        message: `Không có xã, phường mã ${request.newCommuneCode} đang hoạt động`,
      });
    }
  }
  if (fieldErrors.length > 0) throw validationFailed(fieldErrors);
}

/**
 * The change dossier's application: the beneficiary and applicant of the dossier that granted the entitlement,
 * received at the commune that pays it now (after a relocation, no longer the first dossier's), with no
 * attachments of its own (the receipt lists none of the first dossier's papers).
 */
async function changeApplication(
  db: PoolClient,
  entitlementCode: string,
  communeCode: string,
): Promise<Application> {
  const original = await dossierApplication<Application>(db, entitlementCode);
  if (!original) throw notFound('Không tìm thấy tờ khai của hồ sơ hưởng trợ cấp');
  const provinceCode = provinceOf(communeCode, await loadUnitParents(db)) ?? original.unit.provinceCode;
  return { ...original, unit: { communeCode, provinceCode }, attachments: [] };
}

/** What the officer's dossier page shows of the entitlement a dossier granted, and its change dossiers. */
export interface EntitlementSummary {
  code: string;
  beneficiaryName: string;
  status: string;
  startMonth: string;
  endedOn: string | null;
  /** The amount in force this month, null when nothing is payable this month. */
  amountThisMonth: number | null;
  communeCode: string;
  continuesFrom: string | null;
  /** Whether the caller may start a change now (role, unit, entitlement not ended). */
  changeable: boolean;
  changes: Array<{ code: string; kind: EntitlementChangeKind; title: string; status: string | null }>;
}

export async function entitlementSummary(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
): Promise<EntitlementSummary | undefined> {
  const entitlement = await findEntitlement(deps.pool, code);
  if (!entitlement || entitlement.kind !== 'monthly') return undefined;
  const scope = await callerScope(deps, user);
  if (!scope.canAccess(entitlement.communeCode) && !scope.canAccess(await dossierCommune(deps, code))) {
    return undefined;
  }
  const month = legalToday(clockOf(deps)()).slice(0, 7);
  const { rows } = await deps.pool.query<{
    dossier_code: string;
    kind: EntitlementChangeKind;
    status: string | null;
  }>(
    `SELECT c.dossier_code, c.kind, d.status FROM entitlement_changes c LEFT JOIN dossiers d ON d.code = c.dossier_code
      WHERE c.entitlement_code = $1 ORDER BY c.requested_at`,
    [code],
  );
  const changes = (await amountChangesOf(deps.pool, [code])).get(code) ?? [];
  return {
    code,
    beneficiaryName: entitlement.beneficiaryName,
    status: entitlement.status,
    startMonth: entitlement.startMonth,
    endedOn: entitlement.endedOn ?? null,
    amountThisMonth: monthlyAmountFor({ ...entitlement, amountChanges: changes }, month),
    communeCode: entitlement.communeCode,
    continuesFrom: entitlement.continuesFrom,
    changeable:
      STARTER_ROLES.has(user.role) &&
      scope.canAccess(entitlement.communeCode) &&
      entitlement.status !== 'terminated' &&
      !entitlement.endedOn,
    changes: rows.map((row) => ({
      code: row.dossier_code,
      kind: row.kind,
      title: CHANGE_KIND_TITLES[row.kind],
      status: row.status,
    })),
  };
}

async function dossierCommune(deps: AppDeps, code: string): Promise<string> {
  const { rows } = await deps.pool.query<{ commune_code: string }>(
    'SELECT commune_code FROM dossiers WHERE code = $1',
    [code],
  );
  return rows[0]?.commune_code ?? '';
}

/**
 * What a change dossier asks, for its own page: the verifying officer and the chairman decide on it. The
 * caller has already been let into the dossier (app/dossiers/officer.ts); undefined for other dossiers.
 */
export interface ChangeRequestView {
  kind: EntitlementChangeKind;
  title: string;
  entitlementCode: string;
  /** The ground of a termination, in the decision's words. */
  ground?: string;
  eventDate?: string;
  fromMonth?: string;
  newMonthlyAmount?: number;
  newCommuneName?: string;
  /** The adjustment's reason, or the details of a termination or relocation. */
  note?: string;
}

export async function changeRequestOfDossier(
  deps: AppDeps,
  dossierCode: string,
): Promise<ChangeRequestView | undefined> {
  const stored = await findChangeRequest(deps.pool, dossierCode);
  if (!stored) return undefined;
  const { request } = stored;
  const common = {
    kind: request.kind,
    title: CHANGE_KIND_TITLES[request.kind],
    entitlementCode: stored.entitlementCode,
  };
  if (request.kind === 'termination') {
    return {
      ...common,
      ground: TERMINATION_REASONS[request.reasonCode],
      eventDate: request.eventDate,
      ...(request.details ? { note: request.details } : {}),
    };
  }
  if (request.kind === 'adjustment') {
    return {
      ...common,
      fromMonth: request.fromMonth,
      newMonthlyAmount: request.newMonthlyAmount,
      note: request.reason,
    };
  }
  const commune = await findUnit(deps.pool, request.newCommuneCode);
  return {
    ...common,
    eventDate: request.relocatedOn,
    newCommuneName: commune?.name ?? request.newCommuneCode,
    ...(request.details ? { note: request.details } : {}),
  };
}
