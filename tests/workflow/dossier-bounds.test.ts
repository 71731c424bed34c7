import { testDataConverter } from '../helpers/payload-keys';
import { Worker } from '@temporalio/worker';
import { publishProcedureVersion } from '../../db/procedures';
import { workflowBundle } from '../../runtime/worker';
import { DEFAULT_PROCEDURES } from '../../domain/procedures';
import { claimTaskUpdate, releaseTaskUpdate, supplementSignal } from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  officer,
  openTaskFor,
  rejectionOf,
  rows,
  skipPastEndOf,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';

/**
 * A dossier's history must not grow without bound (issue 15 point 4): escalations repeat at most as often as
 * the procedure says, claims and requests for documents are capped per task and step, and the state query
 * returns only the recent timeline (the full one is in the read model). Dates derive from the server's today.
 */
describe('bounded dossier histories', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  it('a task claimed and released over and over: capped, and the state query shows the recent timeline only', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const task = await openTaskFor(handle, 'verification');
    const actor = officer(task.role);
    for (let i = 0; i < 25; i += 1) {
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
      await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: task.id, actor }] });
    }
    expect(
      await rejectionOf(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] })),
    ).toBe('TOO_MANY_CLAIMS');
    const current = await state(handle);
    expect(current.timeline).toHaveLength(50);
    expect(current.timeline.at(-1)!.seq).toBe(current.timelineLength);
    expect(current.timelineLength).toBeGreaterThan(50);
    // The task itself is not stuck: it can still be completed.
    await act(handle, task, 'approve');
  });

  it('requests for documents are capped per step (form 02 asks for everything at once)', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    let task = await openTaskFor(handle, 'verification');
    for (let round = 1; round <= 3; round += 1) {
      await act(handle, task, 'request_documents', {
        reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
        missingDocuments: [`Giấy tờ số ${round}`],
      });
      // This round's stop (a supplement sent before it would not count).
      for (let i = 0; i < 200; i += 1) {
        const stops = (await state(handle)).timeline.filter((e) => e.type === 'clock_stopped');
        if (stops.length === round) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await handle.signal(supplementSignal, {
        supplementId: `bs-${round}`,
        documents: [{ name: `Giấy tờ số ${round}`, kind: 'khac' }],
      });
      const next = await openTaskFor(handle, 'verification');
      expect(next.id).not.toBe(task.id);
      task = next;
    }
    expect(
      await rejectionOf(
        act(handle, task, 'request_documents', {
          reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
          missingDocuments: ['Giấy tờ số 4'],
        }),
      ),
    ).toBe('TOO_MANY_SUPPLEMENT_REQUESTS');
    await act(handle, task, 'refuse', { reason: 'Không bổ sung đủ giấy tờ theo yêu cầu' });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
  });

  it("a step's cap on requests for documents is procedure data (maxSupplementRequests)", async () => {
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.tier === 'two-tier')!;
    await publishProcedureVersion(
      bed.pool,
      {
        ...twoTier,
        id: 'one-supplement-allowance',
        effectiveFrom: '2026-01-01',
        effectiveTo: undefined,
        steps: twoTier.steps.map((step) =>
          step.key === 'verification' ? { ...step, maxSupplementRequests: 1 } : step,
        ),
      },
      'test',
    );
    const handle = await startDossier(bed, { procedureId: 'one-supplement-allowance' });
    const first = await openTaskFor(handle, 'verification');
    const ask = (task: typeof first, round: number) =>
      act(handle, task, 'request_documents', {
        reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
        missingDocuments: [`Giấy tờ số ${round}`],
      });
    await ask(first, 1);
    await eventually(handle, 'clock_stopped');
    await handle.signal(supplementSignal, {
      supplementId: 'bs-1',
      documents: [{ name: 'Giấy tờ số 1', kind: 'khac' }],
    });
    const second = await openTaskFor(handle, 'verification');
    expect(second.id).not.toBe(first.id);
    expect(await rejectionOf(ask(second, 2))).toBe('TOO_MANY_SUPPLEMENT_REQUESTS');
  });

  it('continues as new past its history limit, carrying its state; both runs replay deterministically', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
      historyLimit: 80,
    });
    const task = await openTaskFor(handle, 'verification');
    const before = await state(handle);
    const actor = officer(task.role);
    const client = bed.env.client.workflow;
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 20; i += 1) {
      if ((await client.getHandle(handle.workflowId).describe()).runId !== firstRun) break;
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
      await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: task.id, actor }] });
    }
    const secondRun = (await client.getHandle(handle.workflowId).describe()).runId;
    expect(secondRun).not.toBe(firstRun);

    // The new run carries the dossier on: same task, dates, numbering of events.
    const after = await state(handle);
    expect(after.openTasks).toEqual([expect.objectContaining({ id: task.id, dueDate: task.dueDate })]);
    expect(after).toMatchObject({
      status: 'in_progress',
      appointmentDate: before.appointmentDate,
      receivedOn: before.receivedOn,
      currentStepKey: 'verification',
    });
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
    await act(handle, task, 'approve');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'approve');
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    const events = await rows<{ seq: number }>(
      bed.pool,
      'SELECT seq FROM dossier_events WHERE dossier_code = $1 ORDER BY seq',
      [handle.workflowId],
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    const histories = await Promise.all(
      [firstRun, secondRun].map(async (runId) => ({
        workflowId: `${handle.workflowId}-${runId}`,
        history: await client.getHandle(handle.workflowId, runId).fetchHistory(),
      })),
    );
    const outcome: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      histories,
    )) {
      outcome.push(result.error ? `${result.error.name}: ${result.error.message}` : 'ok');
    }
    expect(outcome).toEqual(['ok', 'ok']);
  });

  // Last: it moves the clock forward.
  it('escalations of an overdue task repeat at most maxRepeats times (procedure data)', async () => {
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.version === 2)!;
    await publishProcedureVersion(
      bed.pool,
      {
        ...twoTier,
        id: 'monthly-allowance-capped',
        effectiveFrom: await todayOn(bed.env),
        steps: twoTier.steps.map((step) =>
          step.kind === 'task' && step.key === 'verification'
            ? {
                ...step,
                escalation: {
                  whenOverdue: {
                    notifyRoles: ['commune_chairman' as const],
                    repeatEvery: { amount: 1, unit: 'working_days' as const },
                    maxRepeats: 2,
                  },
                },
              }
            : step,
        ),
      },
      'admin-test',
    );
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance-capped',
      skipOptionalSteps: ['public_posting'],
    });
    const task = await openTaskFor(handle, 'verification');
    await skipPastEndOf(bed.env, calendar.addWorkingDays(task.dueDate, 6));
    await eventually(handle, 'due_date_changed'); // the apology: the clock has fired what it had to
    await new Promise((resolve) => setTimeout(resolve, 500));
    const overdue = (await state(handle)).timeline.filter((e) => e.type === 'task_overdue');
    expect(overdue).toHaveLength(3); // the first escalation and two repeats
    await act(handle, task, 'approve');
    await openTaskFor(handle, 'commune_decision');
  });
});
