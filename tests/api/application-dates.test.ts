/**
 * Impossible dates in an application are refused at submission, beside their field (400 VALIDATION_FAILED
 * with the field's path), before a code is taken: a birth or a disability certificate after the day of
 * receipt, a certificate before birth. The decision refuses them again (domain/payment-start.ts,
 * tests/workflow/dossier-intake.test.ts). The in-memory clock holds a fixed legal day; no Temporal is needed.
 */
import { sampleApplication } from './dossier-harness';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

const TODAY = '2054-12-01';
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: new Date(`${TODAY}T02:00:00Z`) });
});
afterAll(() => api.close());

function withBeneficiary(beneficiary: Record<string, unknown>) {
  const application = sampleApplication();
  return {
    procedureId: 'monthly-allowance',
    application: {
      ...application,
      beneficiary: { ...application.beneficiary, idNumber: undefined, ...beneficiary },
    },
  };
}

async function fieldErrorsOf(body: unknown) {
  const response = await api.request('POST', '/api/dossiers', { json: body });
  expect(response.status).toBe(400);
  expect((response.body as ErrorBody).code).toBe('VALIDATION_FAILED');
  return (response.body as ErrorBody).fieldErrors;
}

test('a date of birth after the day of receipt', async () => {
  expect(await fieldErrorsOf(withBeneficiary({ dateOfBirth: '2054-12-02' }))).toEqual([
    { path: 'body.application.beneficiary.dateOfBirth', message: 'không được sau ngày 01/12/2054' },
  ]);
});

test('a disability certificate after the day of receipt, or before birth', async () => {
  const disabled = { qualifications: [{ clause: '5.6', severity: 'severe' }], dateOfBirth: '1990-04-12' };
  expect(await fieldErrorsOf(withBeneficiary({ ...disabled, disabilityCertifiedOn: '2054-12-05' }))).toEqual([
    { path: 'body.application.beneficiary.disabilityCertifiedOn', message: 'không được sau ngày 01/12/2054' },
  ]);
  expect(await fieldErrorsOf(withBeneficiary({ ...disabled, disabilityCertifiedOn: '1989-01-01' }))).toEqual([
    {
      path: 'body.application.beneficiary.disabilityCertifiedOn',
      message: 'không được trước ngày sinh của người được trợ giúp',
    },
  ]);
  const { rows } = await api.db.pool.query('SELECT 1 FROM dossier_starts');
  expect(rows).toEqual([]);
});
