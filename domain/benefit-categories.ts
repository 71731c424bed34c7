/**
 * Beneficiaries of monthly social allowance (Decree 20/2021/NĐ-CP, Art. 5) and their coefficients (Art. 6).
 * The table is data: an admin can load a changed one, and every function takes it as an optional argument.
 * Ages are whole years on the day asked about (see iso-date.ts): "under 4" means not yet 4 years old.
 */
import { DomainError } from './domain-error';
import { ageInFullYears } from './iso-date';

export const BENEFICIARY_CLAUSES = [
  '5.1',
  '5.2',
  '5.3',
  '5.4',
  '5.5a',
  '5.5b',
  '5.5c',
  '5.5d',
  '5.6',
  '5.7',
  '5.8',
] as const;
export type BeneficiaryClause = (typeof BENEFICIARY_CLAUSES)[number];

/** Application forms of Decree 20 (Mẫu số 1a–1đ). */
export const APPLICATION_FORMS = ['1a', '1b', '1c', '1d', '1đ'] as const;
export type ApplicationForm = (typeof APPLICATION_FORMS)[number];

export type DisabilitySeverity = 'severe' | 'particularly_severe';

/** An age range in whole years: fromAge ≤ age, and age < toAgeExclusive when given. */
export interface AgeBracket {
  readonly fromAge: number;
  readonly toAgeExclusive?: number;
  readonly coefficient: number;
}

export type CoefficientRule =
  /** The age must fall in one of the brackets; outside all of them the person is not eligible. */
  | { readonly kind: 'by_age'; readonly brackets: readonly AgeBracket[] }
  /** 5.4: a coefficient for each child being raised. */
  | { readonly kind: 'per_child'; readonly perChild: number }
  /** 5.6: by severity, with a higher coefficient for a child or an elderly person. */
  | {
      readonly kind: 'by_disability';
      readonly childUnderAge: number;
      readonly elderlyFromAge: number;
      readonly severe: { readonly adult: number; readonly childOrElderly: number };
      readonly particularlySevere: { readonly adult: number; readonly childOrElderly: number };
    };

export interface BeneficiaryCategory {
  readonly clause: BeneficiaryClause;
  readonly title_vi: string;
  readonly applicationForm: ApplicationForm;
  readonly rule: CoefficientRule;
  /**
   * [S] From this date no new monthly-allowance decisions are made under the clause (5.5b/5.5c are replaced
   * by the social pension of Decree 176/2025). Data, so an admin can correct it.
   */
  readonly closedForNewDecisionsFrom?: string;
}

export const DEFAULT_BENEFICIARY_CATEGORIES: readonly BeneficiaryCategory[] = [
  {
    clause: '5.1',
    title_vi: 'Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng',
    applicationForm: '1a',
    rule: {
      kind: 'by_age',
      brackets: [
        { fromAge: 0, toAgeExclusive: 4, coefficient: 2.5 },
        { fromAge: 4, toAgeExclusive: 16, coefficient: 1.5 },
      ],
    },
  },
  {
    clause: '5.2',
    // "tối đa không quá 22 tuổi": read as up to and including age 22 (until the 23rd birthday).
    title_vi: 'Người từ 16 tuổi đến 22 tuổi thuộc diện khoản 1 đang học',
    applicationForm: '1a',
    rule: { kind: 'by_age', brackets: [{ fromAge: 16, toAgeExclusive: 23, coefficient: 1.5 }] },
  },
  {
    clause: '5.3',
    title_vi: 'Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo',
    applicationForm: '1a',
    rule: {
      kind: 'by_age',
      brackets: [
        { fromAge: 0, toAgeExclusive: 4, coefficient: 2.5 },
        { fromAge: 4, toAgeExclusive: 16, coefficient: 2.0 },
      ],
    },
  },
  {
    clause: '5.4',
    title_vi: 'Người đơn thân nghèo đang nuôi con',
    applicationForm: '1c',
    rule: { kind: 'per_child', perChild: 1.0 },
  },
  {
    clause: '5.5a',
    title_vi: 'Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng',
    applicationForm: '1d',
    rule: {
      kind: 'by_age',
      brackets: [
        { fromAge: 60, toAgeExclusive: 80, coefficient: 1.5 },
        { fromAge: 80, coefficient: 2.0 },
      ],
    },
  },
  {
    clause: '5.5b',
    title_vi:
      'Người từ đủ 75 tuổi đến 80 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số và miền núi',
    applicationForm: '1d',
    rule: { kind: 'by_age', brackets: [{ fromAge: 75, toAgeExclusive: 80, coefficient: 1.0 }] },
    closedForNewDecisionsFrom: '2025-07-01',
  },
  {
    clause: '5.5c',
    title_vi: 'Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng',
    applicationForm: '1d',
    rule: { kind: 'by_age', brackets: [{ fromAge: 80, coefficient: 1.0 }] },
    closedForNewDecisionsFrom: '2025-07-01',
  },
  {
    clause: '5.5d',
    title_vi: 'Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng, được nhận chăm sóc tại cộng đồng',
    applicationForm: '1d',
    rule: { kind: 'by_age', brackets: [{ fromAge: 60, coefficient: 3.0 }] },
  },
  {
    clause: '5.6',
    title_vi: 'Người khuyết tật nặng, người khuyết tật đặc biệt nặng',
    applicationForm: '1đ',
    rule: {
      kind: 'by_disability',
      // A child is under 16 (Law on Children); an elderly person is 60 or older (Law on the Elderly).
      childUnderAge: 16,
      elderlyFromAge: 60,
      severe: { adult: 1.5, childOrElderly: 2.0 },
      particularlySevere: { adult: 2.0, childOrElderly: 2.5 },
    },
  },
  {
    clause: '5.7',
    title_vi: 'Trẻ em dưới 3 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số và miền núi',
    applicationForm: '1a',
    rule: { kind: 'by_age', brackets: [{ fromAge: 0, toAgeExclusive: 3, coefficient: 1.5 }] },
  },
  {
    clause: '5.8',
    title_vi: 'Người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập ổn định hằng tháng',
    applicationForm: '1b',
    rule: { kind: 'by_age', brackets: [{ fromAge: 0, coefficient: 1.5 }] },
  },
];

/** What makes a person qualify under one clause; 5.4 and 5.6 need one more fact each. */
export type ClauseQualification =
  | { readonly clause: '5.4'; readonly childrenRaised: number }
  | { readonly clause: '5.6'; readonly severity: DisabilitySeverity }
  | { readonly clause: Exclude<BeneficiaryClause, '5.4' | '5.6'> };

export interface CoefficientQuestion {
  readonly qualification: ClauseQualification;
  readonly dateOfBirth: string;
  /** The day the coefficient applies on (usually the decision date, or a re-assessment date). */
  readonly on: string;
}

export function categoryFor(
  clause: BeneficiaryClause,
  categories: readonly BeneficiaryCategory[] = DEFAULT_BENEFICIARY_CATEGORIES,
): BeneficiaryCategory {
  const category = categories.find((candidate) => candidate.clause === clause);
  if (!category) {
    throw new DomainError(
      'UNKNOWN_BENEFICIARY_CLAUSE',
      `no beneficiary category for clause ${clause}`,
      `Không có diện đối tượng theo khoản ${clause}`,
    );
  }
  return category;
}

function notEligibleByAge(clause: BeneficiaryClause, age: number): DomainError {
  return new DomainError(
    'NOT_ELIGIBLE_AGE',
    `a person aged ${age} is not covered by clause ${clause}`,
    `Người ${age} tuổi không thuộc diện đối tượng theo khoản ${clause}`,
  );
}

/** The coefficient of Art. 6 for one clause; throws NOT_ELIGIBLE_AGE when the age is outside the clause. */
export function coefficientFor(
  question: CoefficientQuestion,
  categories: readonly BeneficiaryCategory[] = DEFAULT_BENEFICIARY_CATEGORIES,
): number {
  const { qualification } = question;
  const { rule } = categoryFor(qualification.clause, categories);
  const age = ageInFullYears(question.dateOfBirth, question.on);

  switch (rule.kind) {
    case 'by_age': {
      const bracket = rule.brackets.find(
        (candidate) =>
          age >= candidate.fromAge &&
          (candidate.toAgeExclusive === undefined || age < candidate.toAgeExclusive),
      );
      if (!bracket) throw notEligibleByAge(qualification.clause, age);
      return bracket.coefficient;
    }
    case 'per_child': {
      const children = qualification.clause === '5.4' ? qualification.childrenRaised : 0;
      if (!Number.isInteger(children) || children < 1) {
        throw new DomainError(
          'INVALID_CHILDREN_COUNT',
          `a single parent must be raising at least one child (whole number), got ${children}`,
          `Người đơn thân phải đang nuôi ít nhất một con (số nguyên), nhận được ${children}`,
        );
      }
      return rule.perChild * children;
    }
    case 'by_disability': {
      if (qualification.clause !== '5.6') {
        throw new DomainError(
          'MISSING_DISABILITY_SEVERITY',
          `clause ${qualification.clause} has a disability rule but no severity was given`,
          `Khoản ${qualification.clause} cần mức độ khuyết tật`,
        );
      }
      const levels = qualification.severity === 'severe' ? rule.severe : rule.particularlySevere;
      const childOrElderly = age < rule.childUnderAge || age >= rule.elderlyFromAge;
      return childOrElderly ? levels.childOrElderly : levels.adult;
    }
  }
}

/** Whether new decisions may still be made under a clause on a date (5.5b/5.5c close on 2025-07-01 [S]). */
export function isClauseOpenOn(
  clause: BeneficiaryClause,
  on: string,
  categories: readonly BeneficiaryCategory[] = DEFAULT_BENEFICIARY_CATEGORIES,
): boolean {
  const { closedForNewDecisionsFrom } = categoryFor(clause, categories);
  return closedForNewDecisionsFrom === undefined || on < closedForNewDecisionsFrom;
}

export interface ClauseCoefficient {
  readonly clause: BeneficiaryClause;
  readonly coefficient: number;
}

export interface PayableEntitlements {
  /** What is paid: one clause, or 5.4 plus one of 5.5/5.6/5.8 under the single-parent exception. */
  readonly paid: readonly ClauseCoefficient[];
  readonly totalCoefficient: number;
  /** Clauses the person qualifies under that are not paid (kept so the decision can say why). */
  readonly notPaid: readonly ClauseCoefficient[];
}

const SINGLE_PARENT_CLAUSE: BeneficiaryClause = '5.4';

/** Clauses that a poor single parent (5.4) may receive on top of 5.4: Art. 5 khoản 5, 6 and 8. */
function combinesWithSingleParent(clause: BeneficiaryClause): boolean {
  return clause.startsWith('5.5') || clause === '5.6' || clause === '5.8';
}

/** The highest coefficient; ties go to the clause listed first (stable, so decisions are reproducible). */
function highest(entries: readonly ClauseCoefficient[]): ClauseCoefficient | undefined {
  return entries.reduce<ClauseCoefficient | undefined>(
    (best, entry) => (best === undefined || entry.coefficient > best.coefficient ? entry : best),
    undefined,
  );
}

/**
 * Art. 6: someone who qualifies under several clauses gets only the highest coefficient. Exception: a poor
 * single parent raising children (5.4) who also qualifies under 5.5, 5.6 or 5.8 gets both the 5.4 amount and
 * the highest of those. (Children's clauses 5.1–5.3 and 5.7 cannot meaningfully combine with 5.4; if they
 * were given, they compete with the combined total only through the plain highest-coefficient rule.)
 */
export function payableEntitlements(qualifiedUnder: readonly ClauseCoefficient[]): PayableEntitlements {
  if (qualifiedUnder.length === 0) {
    throw new DomainError(
      'NO_QUALIFYING_CLAUSE',
      'at least one qualifying clause is needed',
      'Cần ít nhất một diện đối tượng đủ điều kiện',
    );
  }
  const clauses = qualifiedUnder.map((entry) => entry.clause);
  const duplicate = clauses.find((clause, index) => clauses.indexOf(clause) !== index);
  if (duplicate !== undefined) {
    throw new DomainError(
      'DUPLICATE_CLAUSE',
      `clause ${duplicate} is listed twice`,
      `Khoản ${duplicate} bị liệt kê hai lần`,
    );
  }

  const singleParent = qualifiedUnder.find((entry) => entry.clause === SINGLE_PARENT_CLAUSE);
  const combinable = highest(qualifiedUnder.filter((entry) => combinesWithSingleParent(entry.clause)));
  const best = highest(qualifiedUnder) as ClauseCoefficient;

  let paid: ClauseCoefficient[] = [best];
  if (singleParent && combinable && singleParent.coefficient + combinable.coefficient >= best.coefficient) {
    paid = [singleParent, combinable];
  }
  return {
    paid,
    totalCoefficient: paid.reduce((sum, entry) => sum + entry.coefficient, 0),
    notPaid: qualifiedUnder.filter((entry) => !paid.includes(entry)),
  };
}
