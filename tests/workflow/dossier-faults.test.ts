import { fileComplaintSignal } from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  openTaskFor,
  rejectionOf,
  rows,
  startDossier,
} from '../helpers/dossier';

/**
 * Faults a dossier must survive (issue 15): text Postgres cannot store, documents the rules refuse. Dates are
 * derived from the test server's today; nothing here is pinned.
 */
describe('dossier faults: bad text and refused documents never wedge or fail a dossier', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  it('an objection with a NUL during the posting is dropped; the next complaint still becomes a task', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await eventually(handle, 'posting_started');
    await handle.signal(fileComplaintSignal, {
      complaintId: 'nul-1',
      complainant: 'Ẩn danh',
      content: 'Nội dung\u0000có ký tự NUL',
    });
    await handle.signal(fileComplaintSignal, {
      complaintId: 'lone-1',
      complainant: 'Ẩn danh \ud800',
      content: 'Tên có nửa cặp surrogate',
    });
    await handle.signal(fileComplaintSignal, {
      complaintId: 'ok-1',
      complainant: 'Trần Văn Nam',
      content: 'Gia đình ông Bảy có thu nhập ổn định',
    });
    const task = await openTaskFor(handle, 'public_posting', 'complaint');
    expect(task.title).toContain('Gia đình ông Bảy');
    const filed = await rows(
      bed.pool,
      `SELECT data->>'complaintId' AS id FROM dossier_events WHERE dossier_code = $1 AND type = 'complaint_filed'`,
      [handle.workflowId],
    );
    expect(filed).toEqual([{ id: 'ok-1' }]);
  });

  it("an officer's request for documents, reason or note with unacceptable text is refused, not hung", async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const task = await openTaskFor(handle, 'verification');
    expect(
      await rejectionOf(
        act(handle, task, 'request_documents', {
          reason: 'Thiếu giấy tờ',
          missingDocuments: ['Giấy chứng nhận\u0000hộ nghèo'],
        }),
      ),
    ).toBe('TEXT_INVALID');
    expect(await rejectionOf(act(handle, task, 'refuse', { reason: 'Không đủ\u0000điều kiện' }))).toBe(
      'TEXT_INVALID',
    );
    expect(await rejectionOf(act(handle, task, 'approve', { note: 'Ghi chú \udc00' }))).toBe('TEXT_INVALID');
    // The task is still there and takes a proper request.
    await act(handle, task, 'request_documents', {
      reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    await eventually(handle, 'clock_stopped');
  });
});
