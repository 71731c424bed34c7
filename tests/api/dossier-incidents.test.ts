/**
 * A dossier stuck on an error no retry cures shows as an incident in the officer's view of the dossier (the
 * failing activity, the error, since when) instead of retrying unseen; it clears once the cause is cured.
 * The read model refusing the dossier's first task stands for any such error (a schema out of step with the
 * code, data Postgres cannot store).
 */
import { officerSession } from '../helpers/forms';
import { DEMO_PASSWORD } from './harness';
import { eventually, openTaskId, receiveAtDesk, startDossierApi, type DossierApi } from './dossier-harness';

interface OfficerView {
  dossier: {
    status: string;
    incident: { activity: string; code: string; message: string; since: string } | null;
  };
}

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi({ pages: true });
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
    expect(incident).toMatchObject({ activity: 'recordEvents', code: 'READ_MODEL_REJECTED' });
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

test('admins list the incident at /api/admin/incidents and /quan-tri/su-co, and a retry on request cures it at once', async () => {
  await api.db.pool.query(
    `ALTER TABLE tasks ADD CONSTRAINT incident_probe CHECK (step_key <> 'verification') NOT VALID`,
  );
  const admin = await api.login('admin.75');
  let code: string;
  try {
    code = await receiveAtDesk(api);
    const listed = await eventually(async () => {
      const list = await api.request<{ incidents: Array<{ dossierCode: string }> }>(
        'GET',
        '/api/admin/incidents',
        { token: admin },
      );
      return list.body.incidents.find((incident) => incident.dossierCode === code);
    }, 'the incident listed');
    expect(listed).toMatchObject({ activity: 'recordEvents', code: 'READ_MODEL_REJECTED' });
    const page = await (await officerSession(api.baseUrl, 'admin.75', DEMO_PASSWORD)).get('/quan-tri/su-co');
    expect(page.html).toContain(`<a href="/can-bo/ho-so/${code}">${code}</a>`);
    expect(page.html).toContain('Ghi quá trình xử lý vào cơ sở dữ liệu');
    expect(page.html).toContain('Thử lại ngay');
    // Not for officers; and a dossier without an incident has nothing to retry.
    const officer = await api.login('commune_officer.26170');
    expect((await api.request('GET', '/api/admin/incidents', { token: officer })).status).toBe(403);
    expect((await api.request('POST', `/api/admin/incidents/${code}/retry`, { token: officer })).status).toBe(
      403,
    );
  } finally {
    await api.db.pool.query('ALTER TABLE tasks DROP CONSTRAINT incident_probe');
  }
  // Cured; asked to retry now, the dossier goes on without waiting for the hourly retry (no time skipped).
  const retried = await api.request('POST', `/api/admin/incidents/${code}/retry`, { token: admin });
  expect(retried).toMatchObject({ status: 200, body: { dossierCode: code, retryRequested: true } });
  await openTaskId(api, code, 'verification');
  await eventually(async () => {
    const list = await api.request<{ incidents: unknown[] }>('GET', '/api/admin/incidents', { token: admin });
    return list.body.incidents.length === 0 ? true : undefined;
  }, 'the incident closed');
  const again = await api.request('POST', `/api/admin/incidents/${code}/retry`, { token: admin });
  expect(again.status).toBe(404);
  const { rows } = await api.db.pool.query(
    `SELECT actor_username FROM audit_log WHERE action = 'incident.retry' AND dossier_code = $1`,
    [code],
  );
  expect(rows).toEqual([{ actor_username: 'admin.75' }]);
});
