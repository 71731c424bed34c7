/**
 * A dossier stuck on an error no retry cures shows as an incident in the officer's view of the dossier (the
 * failing activity, the error, since when) instead of retrying unseen; it clears once the cause is cured.
 * The read model refusing the dossier's first task stands for any such error (a schema out of step with the
 * code, data Postgres cannot store).
 */
import { eventually, openTaskId, receiveAtDesk, startDossierApi, type DossierApi } from './dossier-harness';

interface OfficerView {
  dossier: {
    status: string;
    incident: { activity: string; code: string; message: string; since: string } | null;
  };
}

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi();
});
afterAll(() => api?.stop());

test('GET /api/dossiers/:code shows the incident with its error, and null once the dossier goes on', async () => {
  await api.db.pool.query(
    `ALTER TABLE tasks ADD CONSTRAINT incident_probe CHECK (step_key <> 'verification') NOT VALID`,
  );
  let code: string;
  try {
    code = await receiveAtDesk(api);
    const officer = await api.login('commune_officer.26170');
    const view = () => api.request<OfficerView>('GET', `/api/dossiers/${code}`, { token: officer });
    const incident = await eventually(
      async () => (await view()).body.dossier.incident ?? undefined,
      'the incident',
    );
    expect(incident).toMatchObject({ activity: 'recordEvent', code: 'READ_MODEL_REJECTED' });
    expect(incident.message).toMatch(/incident_probe/);
    expect(Date.parse(incident.since)).not.toBeNaN();
  } finally {
    await api.db.pool.query('ALTER TABLE tasks DROP CONSTRAINT incident_probe');
  }
  // Cured: the next hourly retry records the task and closes the incident.
  await api.sleep(61 * 60_000);
  await openTaskId(api, code, 'verification');
  const officer = await api.login('commune_officer.26170');
  const after = await api.request<OfficerView>('GET', `/api/dossiers/${code}`, { token: officer });
  expect(after.body.dossier).toMatchObject({ status: 'in_progress', incident: null });
});
