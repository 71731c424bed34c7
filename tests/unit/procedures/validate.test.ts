import {
  MONTHLY_ALLOWANCE_THREE_TIER,
  MONTHLY_ALLOWANCE_TWO_TIER,
  ProcedureDefinitionSchema,
  SEED_PROCEDURE_INPUTS,
  validateProcedure,
  type ProcedureValidationError,
} from '../../../domain/procedures';

const REMOVE = Symbol('remove');

/**
 * A JSON copy of a seed (the way an admin would upload it) with changes at dotted paths; REMOVE deletes a
 * field. Paths are the ones validation errors report, so a test reads as "break this field, expect that path".
 */
function edited(changes: Record<string, unknown>, seed: unknown = MONTHLY_ALLOWANCE_THREE_TIER): unknown {
  const copy = JSON.parse(JSON.stringify(seed)) as unknown;
  for (const [path, value] of Object.entries(changes)) {
    const segments = path.split('.');
    const last = segments.pop() as string;
    let parent = copy as Record<string, unknown>;
    for (const segment of segments) parent = parent[segment] as Record<string, unknown>;
    if (value === REMOVE) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

/** The value at a dotted path of a seed (to copy a valid piece elsewhere). */
function seedValue(path: string, seed: unknown = MONTHLY_ALLOWANCE_THREE_TIER): unknown {
  return path.split('.').reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], seed);
}

function errorsOf(input: unknown): readonly ProcedureValidationError[] {
  const result = validateProcedure(input);
  if (result.ok) throw new Error('expected the definition to be rejected');
  for (const error of result.errors) {
    expect(error.message_vi.length).toBeGreaterThan(0);
    expect(error.message_en.length).toBeGreaterThan(0);
    expect(error.message_vi).toBe(error.message_vi.normalize('NFC'));
  }
  return result.errors;
}

function errorAt(input: unknown, path: string): ProcedureValidationError {
  const errors = errorsOf(input);
  const error = errors.find((candidate) => candidate.path === path);
  if (!error) throw new Error(`no error at ${path}; got ${JSON.stringify(errors)}`);
  return error;
}

describe('seeded definitions', () => {
  it.each(SEED_PROCEDURE_INPUTS.map((input) => [`${input.id} v${input.version}`, input] as const))(
    '%s is valid',
    (_label, input) => {
      const result = validateProcedure(input);
      expect(result).toMatchObject({ ok: true });
    },
  );

  it('JSON round-trips (what an admin downloads can be uploaded again)', () => {
    for (const input of SEED_PROCEDURE_INPUTS) {
      const parsed = ProcedureDefinitionSchema.parse(input);
      expect(ProcedureDefinitionSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    }
  });

  it('titles are Vietnamese in NFC', () => {
    for (const input of SEED_PROCEDURE_INPUTS) {
      const parsed = ProcedureDefinitionSchema.parse(input);
      for (const text of [parsed.title, ...parsed.legalBasis, ...parsed.steps.map((step) => step.title)]) {
        expect(text).toBe(text.normalize('NFC'));
      }
    }
  });
});

describe('validateProcedure: shape errors name the field in Vietnamese and English', () => {
  it('deadline amount that is not a positive integer', () => {
    for (const bad of [0, -3, 2.5, '7']) {
      const input = edited({ 'steps.2.deadline.amount': bad });
      expect(errorAt(input, 'steps.2.deadline.amount')).toEqual({
        path: 'steps.2.deadline.amount',
        message_vi: 'phải là số nguyên dương',
        message_en: 'must be a positive integer',
      });
    }
  });

  it('missing required field', () => {
    const input = edited({ title: REMOVE });
    expect(errorAt(input, 'title')).toMatchObject({
      message_vi: 'bắt buộc phải có',
      message_en: 'is required',
    });
  });

  it('empty title', () => {
    const input = edited({ title: '   ' });
    expect(errorAt(input, 'title')).toMatchObject({ message_en: 'must not be empty' });
  });

  it('unknown step kind', () => {
    const input = edited({ 'steps.0.kind': 'meeting' });
    expect(errorAt(input, 'steps.0.kind').message_en).toMatch(/must be one of: "task", "public_posting"/);
  });

  it('unknown role and deadline unit', () => {
    const input = edited({ 'steps.0.actor.role': 'mayor', 'steps.0.deadline.unit': 'hours' });
    expect(errorAt(input, 'steps.0.actor.role').message_vi).toMatch(/^phải là một trong: "intake_clerk"/);
    expect(errorAt(input, 'steps.0.deadline.unit').message_en).toBe(
      'must be one of: "working_days", "calendar_days"',
    );
  });

  it('unknown field (a typo) is reported, not ignored', () => {
    const input = edited({ 'steps.1.duraton': seedValue('steps.1.duration') });
    expect(errorAt(input, 'steps.1').message_en).toBe('has unknown field(s): duraton');
  });

  it('impossible dates and bad ids', () => {
    const input = edited({ effectiveFrom: '2025-02-30', id: 'Monthly Allowance' });
    expect(errorAt(input, 'effectiveFrom').message_vi).toBe('phải là ngày có thật, viết dạng YYYY-MM-DD');
    expect(errorAt(input, 'id').message_en).toMatch(/lowercase letters/);
  });

  it('version must be a positive integer', () => {
    const input = edited({ version: 0 });
    expect(errorAt(input, 'version').message_en).toBe('must be a positive integer');
  });

  it('empty steps, unknown document kind, empty notify list', () => {
    const noSteps = edited({ steps: [] });
    expect(errorAt(noSteps, 'steps').message_en).toBe('must have at least one item');

    const badDocument = edited({ 'steps.0.documents': ['birth_certificate'] });
    expect(errorAt(badDocument, 'steps.0.documents.0').message_en).toMatch(/^must be one of: "receipt"/);

    const nobodyNotified = edited({ 'steps.0.escalation.whenOverdue.notifyRoles': [] });
    expect(errorAt(nobodyNotified, 'steps.0.escalation.whenOverdue.notifyRoles').message_vi).toBe(
      'phải có ít nhất một phần tử',
    );
  });

  it('input that is not an object', () => {
    expect(errorsOf('monthly-allowance')).toEqual([
      { path: '', message_vi: 'phải là đối tượng', message_en: 'must be an object' },
    ]);
    expect(errorAt(null, '')).toBeDefined();
  });
});

describe('validateProcedure: rules across fields', () => {
  it('effectiveTo before effectiveFrom', () => {
    const input = edited({ effectiveTo: '2021-06-30' });
    expect(errorAt(input, 'effectiveTo')).toEqual({
      path: 'effectiveTo',
      message_vi: 'không được trước ngày bắt đầu hiệu lực 2021-07-01',
      message_en: 'must not be before effectiveFrom 2021-07-01',
    });
  });

  it('effectiveTo equal to effectiveFrom is a one-day version, allowed', () => {
    const input = edited({ effectiveTo: seedValue('effectiveFrom') });
    expect(validateProcedure(input).ok).toBe(true);
  });

  it('the deciding step cannot be approved in bulk; other steps may', () => {
    expect(errorAt(edited({ 'steps.4.bulkApproval': true }), 'steps.4.bulkApproval').message_vi).toBe(
      'bước ra quyết định không được duyệt hàng loạt: mỗi quyết định phải được ký riêng',
    );
    expect(validateProcedure(edited({ 'steps.2.bulkApproval': true })).ok).toBe(true);
  });

  it('duplicate step keys', () => {
    const input = edited({ 'steps.3.key': 'verification' });
    expect(errorAt(input, 'steps.3.key').message_en).toBe('key "verification" is already used by step 0');
  });

  it('return must target an earlier, known, non-optional step', () => {
    const later = edited({ 'steps.2.outcomes.2.targetStep': 'district_decision' });
    expect(errorAt(later, 'steps.2.outcomes.2.targetStep').message_en).toBe(
      'must be an earlier step, "district_decision" is not earlier',
    );

    const itself = edited({ 'steps.2.outcomes.2.targetStep': 'commune_proposal' });
    expect(errorAt(itself, 'steps.2.outcomes.2.targetStep').message_vi).toMatch(
      /phải là một bước đứng trước/,
    );

    const unknown = edited({ 'steps.2.outcomes.2.targetStep': 'nowhere' });
    expect(errorAt(unknown, 'steps.2.outcomes.2.targetStep').message_en).toBe('no step has key "nowhere"');

    const optionalTarget = edited(
      { 'steps.2.outcomes.2.targetStep': 'public_posting' },
      MONTHLY_ALLOWANCE_TWO_TIER,
    );
    expect(errorAt(optionalTarget, 'steps.2.outcomes.2.targetStep').message_en).toMatch(/optional step/);
  });

  it('an upheld complaint must go back to an earlier step', () => {
    const input = edited({ 'steps.1.complaints.upheldReturnsTo': 'district_appraisal' });
    expect(errorAt(input, 'steps.1.complaints.upheldReturnsTo').message_en).toMatch(
      /must be an earlier step/,
    );
  });

  it('exactly one step issues the decision', () => {
    const none = edited({ 'steps.4.decides': REMOVE });
    expect(errorAt(none, 'steps').message_en).toBe(
      'exactly one step must issue the decision (decides: true), none does',
    );

    const two = edited({ 'steps.3.decides': true });
    expect(errorAt(two, 'steps.4.decides').message_en).toBe(
      'only one step may issue the decision, step "district_appraisal" already does',
    );

    const optional = edited({ 'steps.4.optional': true });
    expect(errorAt(optional, 'steps.4.optional').message_vi).toBe(
      'bước ra quyết định không được là bước tùy chọn',
    );

    const falseFlag = edited({ 'steps.4.decides': false });
    expect(errorAt(falseFlag, 'steps.4.decides').message_en).toBe('must be true or left out');
  });

  it('postings must hide HIV status and ID numbers', () => {
    const input = edited({ 'steps.1.hiddenFields': ['phoneNumber'] });
    expect(errorAt(input, 'steps.1.hiddenFields')).toEqual({
      path: 'steps.1.hiddenFields',
      message_vi: 'phải ẩn các trường: hivStatus, idNumber',
      message_en: 'must hide the fields: hivStatus, idNumber',
    });
  });

  it('refusal and return need a reason, a document request needs the missing documents', () => {
    const input = edited({
      'steps.0.outcomes.1.requiredFields': [],
      'steps.0.outcomes.2.requiredFields': ['reason'],
      'steps.2.outcomes.2.requiredFields': ['note'],
    });
    expect(errorAt(input, 'steps.0.outcomes.1.requiredFields').message_en).toBe(
      'outcome "refuse" must require the field "reason"',
    );
    expect(errorAt(input, 'steps.0.outcomes.2.requiredFields').message_en).toBe(
      'outcome "request_documents" must require the field "missingDocuments"',
    );
    expect(errorAt(input, 'steps.2.outcomes.2.requiredFields').message_vi).toBe(
      'kết quả "return" phải yêu cầu trường "reason"',
    );
  });

  it('a return outcome without a target is a shape error', () => {
    const input = edited({ 'steps.2.outcomes.2.targetStep': REMOVE });
    expect(errorAt(input, 'steps.2.outcomes.2.targetStep').message_en).toBe('is required');
  });

  it('every task can approve, and each outcome appears once', () => {
    const input = edited({
      'steps.0.outcomes': [seedValue('steps.0.outcomes.1'), seedValue('steps.0.outcomes.1')],
    });
    expect(errorAt(input, 'steps.0.outcomes').message_en).toBe(
      'must include the outcome "approve" so the dossier can move on',
    );
    expect(errorAt(input, 'steps.0.outcomes.1.kind').message_en).toBe(
      'outcome "refuse" appears twice in the step',
    );
  });

  it('a two-tier route has no district step', () => {
    const input = edited(
      { 'steps.2.actor': { level: 'district', role: 'district_chairman' } },
      MONTHLY_ALLOWANCE_TWO_TIER,
    );
    expect(errorAt(input, 'steps.2.actor.level').message_vi).toBe('quy trình hai cấp không có cấp huyện');
  });

  it('reports several errors at once', () => {
    const input = edited({
      effectiveTo: '2020-01-01',
      'steps.2.key': 'verification',
      'steps.1.hiddenFields': [],
    });
    expect(
      errorsOf(input)
        .map((error) => error.path)
        .sort(),
    ).toEqual(['effectiveTo', 'steps.1.hiddenFields', 'steps.2.key']);
  });
});
