/**
 * The dossier's papers: builds each document's data from the application, the procedure snapshot and the
 * administrative units, then issues it through documents (numbered from the issuer's register,
 * stored with its hash). Also computes the decision's amounts from the domain rules. Idempotent: the
 * document key is `<dossier>:<event seq>:<kind>`, so a retried activity returns the stored document.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Application } from '../../domain/application';
import { baseLevelTable } from '../../db/base-levels';
import { dossierApplication } from '../../db/received-applications';
import { baseLevelEntryOn } from '../../domain/base-level';
import { citeBases, decisionBases } from '../../domain/legal-instruments';
import {
  baseLevelOn,
  categoryFor,
  coefficientFor,
  monthlyAmount,
  firstPaymentMonth,
  paymentStarts,
  payableEntitlements,
  type BeneficiaryClause,
} from '../../domain/benefits';
import { DomainError } from '../../domain/domain-error';
import { assertEligible } from '../../domain/eligibility';
import { ageInFullYears } from '../../domain/iso-date';
import { parseDossierCode } from '../../domain/dossier-code';
import {
  decidingStep,
  decisionWording,
  roleTitleOn,
  routeDeadlineTotals,
  type ProcedureDefinition,
  type Role,
} from '../../domain/procedures';
import { oneStopBases, oneStopForm } from '../../domain/one-stop-forms';
import { placeOfUnit } from '../../domain/unit-place';
import { unitAt } from '../../domain/roles';
import type { DossierActivities } from '../../workflows/dossier/activity-types';
import type { DecisionSummary } from '../../workflows/dossier/types';
import { issueDocument, type DocumentDeps } from '../../documents';
import { DocumentDataError } from '../../documents/errors';
import { changeDecision } from './change-decision';

type Honorific = 'Ông' | 'Bà' | 'Cháu';

interface UnitNames {
  code: string;
  /** 'xã Phước Thiền' */
  name: string;
  /** 'Phước Thiền': the place on the date line. */
  place: string;
}

/**
 * The dossier's application, read by code: workflows never carry it (personal data stays out of Temporal's
 * history). Documents come after dossier_received is recorded, so the read model has it.
 */
async function applicationOf(pool: Pool, code: string): Promise<Application> {
  const application = await dossierApplication<Application>(pool, code);
  if (!application) {
    throw new DomainError(
      'DOSSIER_NOT_RECORDED',
      `dossier ${code} has no application in the read model`,
      `Hồ sơ ${code} chưa có trong cơ sở dữ liệu`,
    );
  }
  return application;
}

/** The unit as documents name it; falls back to its code so a missing reference row never blocks a dossier. */
async function unitNames(pool: Pool, code: string, level: string): Promise<UnitNames> {
  const { rows } = await pool.query<{ name: string; place_name: string | null }>(
    'SELECT name, place_name FROM administrative_units WHERE code = $1',
    [code],
  );
  const row = rows[0];
  if (!row)
    return {
      code,
      name: `${level === 'district' ? 'huyện' : level === 'province' ? 'tỉnh' : 'xã'} (mã ${code})`,
      place: code,
    };
  return {
    code,
    name: row.name,
    place: placeOfUnit(row.name, row.place_name),
  };
}

/** The person holding `role` at the unit, for signature blocks of papers no officer signed in person. */
async function holderOf(pool: Pool, role: Role, unitCode: string): Promise<string | undefined> {
  const { rows } = await pool
    .query<{ full_name: string }>(
      `SELECT full_name FROM users WHERE role = $1 AND unit_code = $2 AND active ORDER BY created_at LIMIT 1`,
      [role, unitCode],
    )
    .catch(() => ({ rows: [] as Array<{ full_name: string }> }));
  return rows[0]?.full_name;
}

function honorificOf(person: { gender: 'male' | 'female'; dateOfBirth?: string }, on: string): Honorific {
  if (person.dateOfBirth && ageInFullYears(person.dateOfBirth, on) < 16) return 'Cháu';
  return person.gender === 'male' ? 'Ông' : 'Bà';
}

const people = (application: Application, on: string) => ({
  applicant: {
    honorific: honorificOf(application.applicant, on),
    fullName: application.applicant.fullName,
    address: application.applicant.address,
    phone: application.applicant.phone,
  },
  beneficiary: {
    honorific: honorificOf(application.beneficiary, on),
    fullName: application.beneficiary.fullName,
    birthDate: application.beneficiary.dateOfBirth,
    residence: application.beneficiary.address,
  },
});

/** 'điểm a khoản 5 Điều 5 Nghị định số 20/2021/NĐ-CP' from '5.5a'. */
function clauseReference(clause: BeneficiaryClause): string {
  const [, khoan, diem] = /^5\.(\d)([a-dđ])?$/u.exec(clause) ?? [];
  return `${diem ? `điểm ${diem} ` : ''}khoản ${khoan} Điều 5 Nghị định số 20/2021/NĐ-CP`;
}

function issuerFor(unit: UnitNames) {
  return { code: unit.code, name: `Ủy ban nhân dân\n${unit.name}`, place: unit.place, symbol: 'UBND' };
}

/** Signed for the people's committee by its chairman (Decree 30: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"). */
function chairmanSignature(signerName: string) {
  return {
    authority: [{ prefix: 'TM.' as const, title: 'Ủy ban nhân dân' }],
    position: 'Chủ tịch',
    signerName,
  };
}

/** What the workflow passes for form 05 (`extra.withdrawal`). */
interface WithdrawalDocumentData {
  by: 'citizen' | 'desk';
  requestedOn: string;
  reason: string;
}

/** How the withdrawal came, as form 05 says it after "đề nghị rút hồ sơ". */
const WITHDRAWAL_MEANS: Record<WithdrawalDocumentData['by'], string> = {
  citizen: 'trực tuyến qua trang tra cứu hồ sơ',
  desk: 'bằng văn bản nộp tại Bộ phận Một cửa',
};

const localTime = (date: string, hhmm: string) => `${date}T${hhmm}`;

/**
 * Rule and data errors give the same answer on every attempt: retrying would only hide them. They become
 * non-retryable failures the workflow records (it reopens the step); anything else (database, Chromium) is
 * retried as usual.
 */
async function failFastOnRuleErrors<T>(work: () => Promise<T>): Promise<T> {
  // A document may wait for its issuer's register and print a PDF: heartbeats tell Temporal the worker is
  // alive, so a dead worker's attempt is retried after the heartbeat timeout, not the whole start-to-close.
  // A local activity (the receipt) has no heartbeat of its own: its workflow task is kept alive instead.
  const beat = inScheduledActivity()
    ? setInterval(() => Context.current().heartbeat(), HEARTBEAT_EVERY_MS)
    : undefined;
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.messageVi, error.code);
    if (error instanceof DocumentDataError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  } finally {
    clearInterval(beat);
  }
}

const HEARTBEAT_EVERY_MS = 5_000;

/** Whether this runs as a scheduled (not local) Temporal activity (tests also call the functions directly). */
function inScheduledActivity(): boolean {
  try {
    return !Context.current().info.isLocal;
  } catch {
    return false;
  }
}

/** The "Căn cứ" lines of a one-stop form: the one-stop rules of the day the dossier was received. */
function oneStopBasesFor(receivedOn: string, issuedOn: string): { legalBases?: string[] } {
  const bases = citeBases(oneStopBases(receivedOn, issuedOn));
  return bases.length ? { legalBases: bases } : {};
}

export function createDossierDocumentActivities(
  deps: DocumentDeps,
): Pick<DossierActivities, 'issueDossierDocument' | 'issueDecision'> {
  const { pool } = deps;

  async function context(application: Application, procedure: ProcedureDefinition) {
    const units = application.unit;
    const commune = await unitNames(pool, units.communeCode, 'commune');
    const province = await unitNames(pool, units.provinceCode, 'province');
    const decider = decidingStep(procedure).actor;
    const deciderUnit = await unitNames(pool, unitAt(decider.level, units), decider.level);
    return { commune, province, decider, deciderUnit };
  }

  const request = (procedure: ProcedureDefinition) => procedure.title;

  return {
    issueDossierDocument: (input) =>
      failFastOnRuleErrors(async () => {
        const { procedure, issuedOn, extra = {} } = input;
        const application = await applicationOf(pool, input.code);
        const { commune } = await context(application, procedure);
        const { applicant } = people(application, issuedOn);
        const chairman =
          (await holderOf(pool, 'commune_chairman', commune.code)) ??
          roleTitleOn(procedure, 'commune_chairman');
        const receivedOn = String(extra.receivedOn ?? issuedOn);
        const deskOfficer = (await holderOf(pool, 'intake_clerk', commune.code)) ?? 'Bộ phận Một cửa';
        let kind: string;
        let data: Record<string, unknown>;
        let withPdf = false;
        switch (input.kind) {
          case 'receipt': {
            const totals = routeDeadlineTotals(procedure);
            const appointment = String(extra.appointmentDate);
            kind = 'receipt-appointment';
            data = {
              ...oneStopBasesFor(receivedOn, issuedOn),
              dossierCode: input.code,
              copy: 'Giao người nộp hồ sơ',
              applicant,
              request: request(procedure),
              components: application.attachments.length
                ? application.attachments.map((a) => ({ name: a.name, form: 'Bản chính', copies: 1 }))
                : [{ name: 'Tờ khai đề nghị trợ giúp xã hội', form: 'Bản chính', copies: 1 }],
              setCount: 1,
              processingDays: Math.max(1, totals.working_days + totals.calendar_days),
              receivedAt: localTime(receivedOn, '08:00'),
              returnAt: localTime(appointment, '14:00'),
              returnPlace: `Bộ phận Một cửa Ủy ban nhân dân ${commune.name}`,
              register: {
                book: input.code.split('-').slice(0, 2).join('-'),
                sequence: parseDossierCode(input.code).sequence,
              },
              receiver: { fullName: deskOfficer },
            };
            break;
          }
          case 'completion_request': {
            const missing =
              (extra.missingDocuments as string[] | undefined)?.filter((item) => item.trim()) ?? [];
            kind = 'supplement-request';
            data = {
              ...oneStopBasesFor(receivedOn, issuedOn),
              dossierCode: input.code,
              applicant,
              request: request(procedure),
              receivedOn,
              missingItems: missing.length
                ? missing
                : [String(extra.reason ?? 'Giấy tờ còn thiếu theo quy định')],
              reason: String(extra.reason ?? 'Hồ sơ chưa đầy đủ thành phần theo quy định'),
              contact: {
                officer: `Bộ phận Một cửa Ủy ban nhân dân ${commune.name}`,
                phone: application.applicant.phone,
              },
              guide: { fullName: deskOfficer },
            };
            break;
          }
          case 'intake_refusal': {
            kind = 'intake-refusal';
            data = {
              ...oneStopBasesFor(receivedOn, issuedOn),
              dossierCode: input.code,
              applicant,
              request: request(procedure),
              receivedOn,
              reasons: [String(extra.reason ?? 'Hồ sơ không thuộc thẩm quyền giải quyết')],
              guidance: `Mọi thắc mắc xin liên hệ Bộ phận Một cửa Ủy ban nhân dân ${commune.name} để được hướng dẫn`,
              receiver: { fullName: deskOfficer },
              agencyName: `Ủy ban nhân dân ${commune.name}`,
            };
            break;
          }
          case 'apology': {
            // Which edition's form 04 (apology and new date, or apology and request to extend): by receipt date.
            kind = oneStopForm('apology', receivedOn).template;
            data = {
              ...oneStopBasesFor(receivedOn, issuedOn),
              dossierCode: input.code,
              addressee: { honorific: applicant.honorific, fullName: applicant.fullName },
              agencyName: `Ủy ban nhân dân ${commune.name}`,
              receivedOn,
              request: request(procedure),
              originalAppointment: String(extra.previousAppointmentDate),
              reason: 'Hồ sơ chưa được giải quyết xong trong thời hạn do cơ quan có thẩm quyền đang xử lý',
              newAppointment: String(extra.newAppointmentDate),
              signature: chairmanSignature(chairman),
            };
            break;
          }
          case 'processing_stopped': {
            const withdrawal = extra.withdrawal as WithdrawalDocumentData;
            kind = oneStopForm('processing_stopped', receivedOn).template;
            data = {
              ...oneStopBasesFor(receivedOn, issuedOn),
              dossierCode: input.code,
              addressee: {
                honorific: applicant.honorific,
                fullName: applicant.fullName,
                address: applicant.address,
              },
              agencyName: `Ủy ban nhân dân ${commune.name}`,
              receivedOn,
              request: request(procedure),
              withdrawal: {
                requestedOn: withdrawal.requestedOn,
                means: WITHDRAWAL_MEANS[withdrawal.by],
                reason: withdrawal.reason,
              },
              stoppedOn: issuedOn,
              returnPlace: `Bộ phận Một cửa Ủy ban nhân dân ${commune.name}`,
              signature: chairmanSignature(chairman),
              recipients: { to: ['Như trên'], archive: 'VT' },
            };
            break;
          }
          case 'refusal_letter': {
            kind = 'refusal-letter';
            withPdf = true;
            data = {
              subject: `trả lời hồ sơ đề nghị ${request(procedure).toLowerCase()}`,
              addressee: {
                honorific: applicant.honorific,
                fullName: applicant.fullName,
                residence: applicant.address,
              },
              dossierCode: input.code,
              receivedOn,
              request: request(procedure).toLowerCase(),
              reasons: [String(extra.reason ?? 'Không đủ điều kiện theo quy định')],
              remedy:
                'Nếu không đồng ý, ông/bà có quyền khiếu nại theo quy định của Luật Khiếu nại hoặc khởi kiện theo quy định của Luật Tố tụng hành chính',
              signature: chairmanSignature(chairman),
              recipients: { to: [applicant.fullName], archive: 'VT, VHXH' },
            };
            break;
          }
        }
        const issued = await issueDocument(deps, {
          idempotencyKey: `${input.code}:${input.seq}:${input.kind}`,
          kind,
          issuer: issuerFor(commune),
          dossierCode: input.code,
          provinceCode: application.unit.provinceCode,
          data,
          issuedOn,
          withPdf,
        });
        return { documentId: issued.id, ...(issued.numberLabel ? { numberLabel: issued.numberLabel } : {}) };
      }),

    issueDecision: (input) =>
      failFastOnRuleErrors(async () => {
        const { procedure, signedOn } = input;
        const application = await applicationOf(pool, input.code);
        // A change to an entitlement rests on the decision that granted it, not on today's eligibility rules
        // (a termination for lost eligibility would fail them by definition).
        if (!procedure.entitlementChange) assertEligible({ procedure, application, on: signedOn });
        const { deciderUnit, commune, province } = await context(application, procedure);
        const baseLevels = await baseLevelTable(pool);
        const baseLevel = baseLevelOn(signedOn, baseLevels);
        const payment = procedure.payment?.kind ?? 'monthly';
        const beneficiary = application.beneficiary;
        const person = people(application, signedOn).beneficiary;
        const signerName =
          input.signer.name ??
          (await holderOf(pool, input.signer.role, deciderUnit.code)) ??
          roleTitleOn(procedure, input.signer.role);
        const common = {
          decidingAuthority: `Chủ tịch Ủy ban nhân dân ${deciderUnit.name}`,
          legalBases: decisionBases(
            procedure.legalBasis,
            signedOn,
            baseLevelEntryOn(signedOn, baseLevels).legalBasis,
          ),
          // The person who carries it out with them is added by each template (the beneficiary, the household
          // head, the funeral's organiser): named here too, Điều 3 read "… và ông X và Ông X".
          ...decisionWording(procedure, {
            commune: commune.name,
            decider: deciderUnit.name,
            province: province.name,
          }),
          signature: chairmanSignature(signerName),
        };

        let summary: Omit<DecisionSummary, 'numberLabel' | 'documentId'>;
        let kind: string;
        let data: Record<string, unknown>;
        if (procedure.entitlementChange) {
          const made = await changeDecision(pool, {
            code: input.code,
            signedOn,
            issuerCode: deciderUnit.code,
            baseLevel,
          });
          summary = made.summary;
          kind = 'allowance-change';
          data = {
            ...common,
            recipients: { ...common.recipients, to: [...common.recipients.to, ...made.extraRecipients] },
            beneficiary: person,
            ...made.data,
          };
        } else if (payment === 'monthly') {
          const coefficients = beneficiary.qualifications.map((qualification) => ({
            clause: qualification.clause,
            coefficient: coefficientFor({
              qualification,
              dateOfBirth: beneficiary.dateOfBirth,
              on: signedOn,
            }),
          }));
          const payable = payableEntitlements(coefficients);
          const primary = payable.paid[0]!.clause;
          const amount = monthlyAmount({ baseLevel, coefficient: payable.totalCoefficient });
          // Each clause paid starts on its own rule (5.4 + 5.6: the decision's month and the certificate's);
          // impossible dates are DomainErrors, so the decision fails without retry and the step reopens.
          const starts = paymentStarts({
            clauses: payable.paid.map((entry) => entry.clause),
            decisionSignedOn: signedOn,
            applicationReceivedOn: input.receivedOn,
            dateOfBirth: beneficiary.dateOfBirth,
            disabilityCertifiedOn: beneficiary.disabilityCertifiedOn,
          });
          const startMonth = firstPaymentMonth(starts);
          summary = {
            signedOn,
            issuerCode: deciderUnit.code,
            kind: 'monthly',
            monthlyAmount: amount,
            baseLevel,
            coefficient: payable.totalCoefficient,
            clauses: payable.paid.map((entry) => entry.clause),
            paymentStartMonth: startMonth,
            paymentStarts: starts.map((start) => ({ clause: start.clause, month: start.month })),
          };
          kind = 'grant-monthly-allowance';
          data = {
            ...common,
            beneficiary: person,
            category: categoryFor(primary).title_vi,
            legalClause: payable.paid.map((entry) => clauseReference(entry.clause)).join(' và '),
            baseLevel,
            coefficient: payable.totalCoefficient,
            monthlyAmount: amount,
            paymentFrom: startMonth,
          };
        } else if (payment === 'one_off') {
          // Funeral support (Art. 11): at least 20 times the base level; provinces may pay more (data later).
          const amount = 20 * baseLevel;
          summary = {
            signedOn,
            issuerCode: deciderUnit.code,
            kind: 'one_off',
            oneOffAmount: amount,
            baseLevel,
            clauses: [],
          };
          kind = 'funeral-support';
          const organizer = people(application, signedOn).applicant;
          data = {
            ...common,
            organizer: {
              honorific: organizer.honorific,
              fullName: organizer.fullName,
              residence: organizer.address,
              relationship: application.applicant.relationship ?? 'Thân nhân',
            },
            deceased: {
              ...person,
              // assertEligible above guarantees the date of death for funeral support.
              deathDate: beneficiary.diedOn!,
              category: `thuộc diện ${beneficiary.qualifications.map((q) => clauseReference(q.clause)).join(', ')}`,
            },
            amount,
          };
        } else {
          // Emergency food (Art. 12): 15 kg of rice per person per month; one month per decision here (Tết
          // relief), a longer disaster relief being a further decision. assertEligible ensured householdSize.
          const householdSize = beneficiary.householdSize!;
          const riceKg = 15 * householdSize;
          summary = {
            signedOn,
            issuerCode: deciderUnit.code,
            kind: 'in_kind',
            inKind: { riceKg, months: 1 },
            baseLevel,
            clauses: [],
          };
          kind = 'emergency-food';
          data = {
            ...common,
            householdHead: {
              honorific: person.honorific,
              fullName: person.fullName,
              residence: person.residence,
            },
            householdSize,
            reason: 'gặp khó khăn đột xuất, thiếu đói',
            riceKgPerPersonPerMonth: 15,
            months: 1,
            totalRiceKg: riceKg,
            fromMonth: signedOn.slice(0, 7),
          };
        }
        const issued = await issueDocument(deps, {
          idempotencyKey: `${input.code}:${input.seq}:decision`,
          kind,
          issuer: issuerFor(deciderUnit),
          dossierCode: input.code,
          provinceCode: application.unit.provinceCode,
          data,
          issuedOn: signedOn,
          withPdf: true,
        });
        return { ...summary, numberLabel: issued.numberLabel ?? '', documentId: issued.id };
      }),
  };
}
