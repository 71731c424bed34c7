/**
 * Issue 15, point 12: the officer's document list named the emergency-food decision `title: null` (a titles
 * map in app/ that had no entry for it). Titles now come from the template registry
 * (documents/document-kinds.ts), one place: every template kind has one, and the API shows it for every
 * document of a dossier. No Temporal: the rows are written as the issuing activity would.
 */
import { DOCUMENT_KIND_IDS, DOCUMENT_KINDS } from '../../documents';
import { startTestApi, type TestApi } from './harness';
import { DECIDED_FOOD_AID, insertDossierRow } from '../helpers/dossier-rows';

const CODE = '26170-541124-0007';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-11-24T02:00:00Z') });
  await insertDossierRow(api.db.pool, CODE, DECIDED_FOOD_AID);
  await api.db.pool.query(
    `INSERT INTO document_template_versions (version, template_id, sources) VALUES ('sha256:test', 'x', '{}')`,
  );
  for (const [index, kind] of DOCUMENT_KIND_IDS.entries()) {
    await api.db.pool.query(
      `INSERT INTO documents (idempotency_key, dossier_code, province_code, kind, issuer_code, year, template_id,
         template_version, header, data, html, html_sha256, issued_on, created_at)
       VALUES ($1, $2, '75', $3, '26170', 2054, $3, 'sha256:test', '{}', '{}', '<p></p>', 'x', '2054-11-24',
         now() + make_interval(secs => $4))`,
      [`test-${kind}`, CODE, kind, index],
    );
  }
});
afterAll(() => api.close());

test('every template kind has a title in the registry', () => {
  for (const kind of DOCUMENT_KIND_IDS) expect(DOCUMENT_KINDS[kind].title).toMatch(/^\p{Lu}/u);
});

test("the officer's document list shows each document's title from the registry", async () => {
  const officer = await api.login('commune_officer.26170');
  const response = await api.request<{ documents: Array<{ kind: string; title: string | null }> }>(
    'GET',
    `/api/dossiers/${CODE}`,
    { token: officer },
  );
  expect(response.status).toBe(200);
  expect(response.body.documents.map((document) => [document.kind, document.title])).toEqual(
    DOCUMENT_KIND_IDS.map((kind) => [kind, DOCUMENT_KINDS[kind].title]),
  );
  expect(response.body.documents.find((document) => document.kind === 'emergency-food')?.title).toBe(
    'Quyết định hỗ trợ lương thực',
  );
});
