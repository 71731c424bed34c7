/** The demo dossiers `npm start` seeds on an empty database go through the real workflow into real inboxes. */
import { Client } from '@temporalio/client';
import { seedDemoDossiers } from '../../runtime/seed';
import { eventually, startDossierApi, type DossierApi } from './dossier-harness';
import { testDataConverter } from '../helpers/payload-keys';

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9);
});
afterAll(() => api?.stop());

test('seeds five dossiers of three procedures at different steps, once', async () => {
  const deps = {
    pool: api.db.pool,
    temporal: api.env.connection,
    dataConverter: testDataConverter,
    client: new Client({ connection: api.env.connection, dataConverter: testDataConverter }),
    namespace: 'default',
    taskQueue: api.taskQueue,
  };
  const lines = await seedDemoDossiers(deps);
  expect(lines).toHaveLength(5);
  const steps = async (username: string, expected: string[]) => {
    const token = await api.login(username);
    return eventually(
      async () => {
        const { body } = await api.request<{ tasks: Array<{ stepKey: string }> }>('GET', '/api/tasks', {
          token,
        });
        const found = body.tasks.map((task) => task.stepKey);
        return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
      },
      `${username}: ${expected.join(', ')}`,
    );
  };
  await steps('commune_officer.26170', ['verification']);
  await steps('commune_officer.26173', ['verification']);
  await steps('intake_clerk.25993', ['intake_check']);
  await steps('commune_chairman.26005', ['commune_decision']);
  const { rows } = await api.db.pool.query(
    `SELECT procedure_id, count(*)::int AS n FROM dossiers GROUP BY procedure_id ORDER BY procedure_id`,
  );
  expect(rows).toEqual([
    { procedure_id: 'emergency-food', n: 1 },
    { procedure_id: 'funeral-support', n: 1 },
    { procedure_id: 'monthly-allowance', n: 3 },
  ]);
  // The second monthly-allowance dossier has been verified and is in its public posting.
  const { rows: postings } = await api.db.pool.query(
    `SELECT count(*)::int AS n FROM dossier_events WHERE type = 'posting_started'`,
  );
  expect(postings[0].n).toBe(1);
  expect(await seedDemoDossiers(deps)).toEqual([]);
});
