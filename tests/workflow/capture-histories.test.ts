import {
  claimTaskUpdate,
  fileComplaintSignal,
  releaseTaskUpdate,
  supplementSignal,
  withdrawDossierUpdate,
} from '../../workflows/dossier/messages';
import type { DossierResult } from '../../workflows/dossier/types';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  officer,
  openTaskFor,
  publishThreeTierRouteForTests,
  skipPastEndOf,
  skipTo,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';
import { capturingHistories, saveHistory } from '../helpers/histories';

/**
 * Records the histories that tests/workflow/replay.test.ts replays. Skipped in a normal run: it only
 * runs with CAPTURE_HISTORIES=1, after a deliberate change of workflow code (see workflows/README.md).
 * Each scenario drives one dossier through a distinct path of the workflow on the time-skipping server
 * and saves its history; a few are saved while still running, as most real dossiers are at any moment.
 * The clock only moves forward, so scenarios never assume a date: they compute from "today".
 */
const describeWhenCapturing = capturingHistories ? describe : describe.skip;

describeWhenCapturing('capture dossier workflow histories (CAPTURE_HISTORIES=1)', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  type Handle = Awaited<ReturnType<typeof startDossier>>;
  const started: Handle[] = [];

  async function start(options: Parameters<typeof startDossier>[1]): Promise<Handle> {
    const handle = await startDossier(bed, options);
    started.push(handle);
    return handle;
  }

  // A dossier left running keeps its escalation timers (every working day, forever: escalation never
  // decides). The next scenario's handle.result() lets the test server skip time, and it would race through
  // those timers for years. So nothing outlives its scenario.
  afterEach(async () => {
    for (const handle of started.splice(0)) {
      const { status } = await handle.describe();
      if (status.name === 'RUNNING') await handle.terminate('history captured');
    }
  });

  async function approve(handle: Handle, stepKey: string): Promise<void> {
    await act(handle, await openTaskFor(handle, stepKey), 'approve');
  }

  /** Waits for the posting to start, then moves the clock past its last day (2 working days). */
  async function throughPosting(handle: Handle): Promise<void> {
    await eventually(handle, 'posting_started');
    await skipPastEndOf(bed.env, calendar.addWorkingDays(await todayOn(bed.env), 2));
  }

  async function finished(handle: Handle, status: DossierResult['status']): Promise<void> {
    expect(await handle.result()).toMatchObject({ status });
  }

  it('three-tier route, completed', async () => {
    await publishThreeTierRouteForTests(bed.pool, await todayOn(bed.env));
    const handle = await start({ procedureId: 'monthly-allowance-three-tier' });
    await approve(handle, 'verification');
    await throughPosting(handle);
    await approve(handle, 'commune_proposal');
    await approve(handle, 'district_appraisal');
    await approve(handle, 'district_decision');
    await finished(handle, 'completed');
    await saveHistory('three-tier-completed', handle);
  });

  it('two-tier route with posting, claim and release, completed', async () => {
    const handle = await start({ procedureId: 'monthly-allowance' });
    const verification = await openTaskFor(handle, 'verification');
    const clerk = officer('commune_officer');
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: verification.id, actor: clerk }] });
    await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: verification.id, actor: clerk }] });
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: verification.id, actor: clerk }] });
    await act(handle, verification, 'approve');
    await throughPosting(handle);
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('two-tier-completed', handle);
  });

  it('online intake accepted (still running, at verification)', async () => {
    const handle = await start({ procedureId: 'monthly-allowance', channel: 'online' });
    await approve(handle, 'intake_check');
    await openTaskFor(handle, 'verification');
    await saveHistory('online-intake-accepted-running', handle);
  });

  it('online intake refused', async () => {
    const handle = await start({ procedureId: 'monthly-allowance', channel: 'online' });
    await act(handle, await openTaskFor(handle, 'intake_check'), 'refuse', {
      reason: 'Thủ tục không thuộc thẩm quyền giải quyết của xã',
    });
    await finished(handle, 'intake_refused');
    await saveHistory('online-intake-refused', handle);
  });

  it('online intake asks for completion; supplemented, accepted, completed', async () => {
    const handle = await start({
      procedureId: 'monthly-allowance',
      channel: 'online',
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'intake_check'), 'request_documents', {
      reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    await eventually(handle, 'clock_stopped');
    await saveHistory('online-intake-completion-requested-running', handle);
    await skipTo(bed.env, calendar.addWorkingDays(await todayOn(bed.env), 2), 9);
    await handle.signal(supplementSignal, {
      supplementId: 'bs-1',
      documents: [{ name: 'Giấy chứng nhận hộ nghèo', kind: 'ho_ngheo' }],
    });
    await approve(handle, 'intake_check');
    await approve(handle, 'verification');
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('online-intake-completion-requested-completed', handle);
  });

  it('refused at verification', async () => {
    const handle = await start({ procedureId: 'monthly-allowance' });
    await act(handle, await openTaskFor(handle, 'verification'), 'refuse', {
      reason: 'Hộ gia đình không thuộc diện hộ nghèo theo chuẩn nghèo hiện hành',
    });
    await finished(handle, 'refused');
    await saveHistory('refused-at-verification', handle);
  });

  it('request for documents stops the clock; resumed after supplement; completed', async () => {
    const handle = await start({
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'request_documents', {
      reason: 'Thiếu giấy xác nhận hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    await eventually(handle, 'clock_stopped');
    // Beyond the original due date while the clock is stopped: no reminder or escalation may fire.
    await skipTo(bed.env, calendar.addWorkingDays(await todayOn(bed.env), 6), 9);
    await handle.signal(supplementSignal, {
      supplementId: 'bs-1',
      documents: [{ name: 'Giấy chứng nhận hộ nghèo', kind: 'ho_ngheo' }],
    });
    await approve(handle, 'verification');
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('request-documents-clock-stop-resume', handle);
  });

  it('the deciding officer returns the dossier to verification; completed', async () => {
    const handle = await start({
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await approve(handle, 'verification');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'return', {
      reason: 'Cần bổ sung biên bản xét duyệt có chữ ký các thành viên',
    });
    await eventually(handle, 'returned');
    await approve(handle, 'verification');
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('return-to-verification', handle);
  });

  it('overdue: reminder, escalations, apology with a new date; then completed late', async () => {
    const handle = await start({
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    const received = await todayOn(bed.env);
    const verification = await openTaskFor(handle, 'verification');
    const appointment = (await state(handle)).appointmentDate!;
    await skipTo(bed.env, calendar.addWorkingDays(received, 3), 9);
    await eventually(handle, 'task_reminded');
    await skipPastEndOf(bed.env, verification.dueDate);
    await eventually(handle, 'task_overdue');
    await skipPastEndOf(bed.env, calendar.addWorkingDays(verification.dueDate, 1));
    await skipPastEndOf(bed.env, appointment);
    await eventually(handle, 'due_date_changed');
    await saveHistory('overdue-reminder-escalation-apology-running', handle);
    await act(handle, verification, 'approve');
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('overdue-reminder-escalation-apology-completed', handle);
  });

  it('complaints during posting: one dismissed, one upheld (back to verification); completed', async () => {
    const handle = await start({ procedureId: 'monthly-allowance' });
    await approve(handle, 'verification');
    await eventually(handle, 'posting_started');
    const postedOn = await todayOn(bed.env);
    await handle.signal(fileComplaintSignal, {
      complaintId: 'kn-1',
      complainant: 'Trần Văn Nam',
      content: 'Gia đình ông Bảy có con trai đang đi làm, có thu nhập ổn định',
    });
    const dismissed = await openTaskFor(handle, 'public_posting', 'complaint');
    await act(handle, dismissed, 'approve', { reason: 'Đã xác minh: khiếu nại không có cơ sở' });
    await handle.signal(fileComplaintSignal, {
      complaintId: 'kn-2',
      complainant: 'Lê Thị Mai',
      content: 'Không đúng đối tượng',
    });
    const upheld = await openTaskFor(handle, 'public_posting', 'complaint');
    await act(handle, upheld, 'return', { reason: 'Khiếu nại đúng: cần xét duyệt lại' });
    await skipPastEndOf(bed.env, calendar.addWorkingDays(postedOn, 2));
    await eventually(handle, 'returned');
    await approve(handle, 'verification');
    await throughPosting(handle);
    await approve(handle, 'commune_decision');
    await finished(handle, 'completed');
    await saveHistory('complaints-during-posting', handle);
  });

  it('withdrawn by the applicant during the posting (form 05)', async () => {
    const handle = await start({ procedureId: 'monthly-allowance' });
    await approve(handle, 'verification');
    await eventually(handle, 'posting_started');
    await handle.executeUpdate(withdrawDossierUpdate, {
      args: [{ by: 'citizen', reason: 'Gia đình đã thu xếp được người chăm sóc' }],
    });
    await finished(handle, 'withdrawn');
    await saveHistory('withdrawn-during-posting', handle);
  });
});
