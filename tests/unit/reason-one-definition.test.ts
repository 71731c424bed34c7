/**
 * One definition of a reason (domain/text reasonSchema): the API's schema and the documents' schemas agree on
 * it (the workflow's validator too: tests/workflow/dossier-faults.test.ts), so a reason the API accepts always
 * prints and one that cannot print is refused at the edge with 400.
 */
import { CompleteTaskBodySchema } from '../../app/dossiers/schemas';
import { reasonSchema } from '../../domain/text';
import { refusalLetterSchema } from '../../documents/schemas/letters';
import { intakeRefusalSchema, supplementRequestSchema } from '../../documents/schemas/one-stop-forms';

const samples = ['.', ' - ', '…;', 'Không đủ điều kiện.', 'Thiếu giấy tờ số 2;', 'x'];

test.each(samples)('%j: the API and every document schema give the same answer', (reason) => {
  const byDomain = reasonSchema().safeParse(reason).success;
  expect(CompleteTaskBodySchema.safeParse({ outcome: 'refuse', reason }).success).toBe(byDomain);
  expect(
    CompleteTaskBodySchema.safeParse({ outcome: 'request_documents', missingDocuments: [reason] }).success,
  ).toBe(byDomain);
  const supplement = supplementRequestSchema.shape;
  expect(supplement.reason.safeParse(reason).success).toBe(byDomain);
  expect(supplement.missingItems.safeParse([reason]).success).toBe(byDomain);
  expect(intakeRefusalSchema.shape.reasons.safeParse([reason]).success).toBe(byDomain);
  expect(refusalLetterSchema.shape.reasons.safeParse([reason]).success).toBe(byDomain);
});

test('a reason of punctuation only is 400 at the API with the field named', () => {
  const parsed = CompleteTaskBodySchema.safeParse({ outcome: 'refuse', reason: '.' });
  expect(parsed.success).toBe(false);
  expect(parsed.error!.issues[0]).toMatchObject({ path: ['reason'], message: 'Phải nêu lý do bằng chữ' });
});
