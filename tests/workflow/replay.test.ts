import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundle } from '../../runtime/worker';
import { testDataConverter } from '../helpers/payload-keys';
import { historyFromJson, historyToJson, loadHistories, type StoredHistory } from '../helpers/histories';

const REPO = path.resolve(__dirname, '../..');

/**
 * Replays every committed history (tests/workflow/histories/, captured with CAPTURE_HISTORIES=1) against
 * the current workflow code. Temporal re-runs a dossier's workflow code from its history whenever a worker
 * picks it up again (after a restart, a deployment, a cache eviction); if the code now issues different
 * commands than the history recorded, that dossier is stuck with a nondeterminism error. This test makes
 * such a change fail CI instead — the fix is patched() (see workflows/README.md), not new histories.
 */
describe('replaying captured dossier histories', () => {
  const histories = loadHistories();

  async function replay(
    bundle: WorkflowBundle,
    which: StoredHistory[] = histories,
  ): Promise<Record<string, string>> {
    const outcome: Record<string, string> = {};
    const inputs = which.map(({ name, history }) => ({ workflowId: name, history }));
    for await (const result of Worker.runReplayHistories(
      // The suite's codec: histories captured since payloads are encrypted decode with it; older plain
      // ones pass through it, as dossiers started before encryption do on a real worker.
      { workflowBundle: bundle, replayName: 'tgxh-replay', dataConverter: testDataConverter },
      inputs,
    )) {
      outcome[result.workflowId] = result.error ? `${result.error.name}: ${result.error.message}` : 'ok';
    }
    return outcome;
  }

  const allOk = () => Object.fromEntries(histories.map(({ name }) => [name, 'ok']));
  /** The dossier workflow's histories (the others, the payroll's, run code the probes below do not change). */
  const dossierHistories = histories.filter(
    ({ history }) =>
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name === 'dossierWorkflow',
  );

  it('the current workflow code replays every captured history without nondeterminism', async () => {
    // An empty or half-deleted directory must not pass silently; the payroll's scheduled run (captured before
    // the patches payroll-month-from-scheduled-time and payroll-resume-by-commune) is among them.
    expect(dossierHistories.length).toBeGreaterThanOrEqual(12);
    expect(histories.map(({ name }) => name)).toContain('payroll-scheduled-run-completed');
    expect(await replay(await workflowBundle())).toEqual(allOk());
  });

  it('a history whose recorded commands differ from the code is reported as nondeterministic', async () => {
    // The same history with one recorded command changed: the code schedules issueDecision (its one scheduled
    // activity since the intake runs local ones), the history now says addDuration. Cheap proof that replay
    // compares commands with events at all.
    const original = histories.find(({ name }) => name === 'two-tier-completed')!;
    const tampered = historyFromJson(JSON.parse(historyToJson(original.history)));
    const first = tampered.events!.find((event) => event.activityTaskScheduledEventAttributes)!;
    expect(first.activityTaskScheduledEventAttributes!.activityType!.name).toBe('issueDecision');
    first.activityTaskScheduledEventAttributes!.activityType!.name = 'addDuration';
    const outcome = await replay(await workflowBundle(), [{ name: 'tampered', history: tampered }]);
    expect(outcome.tampered).toMatch(/^DeterminismViolationError: /);
  });

  describe('a deliberately changed copy of the workflow code', () => {
    // The workflow and domain folders are copied to a temp dir and bundled from there, so the change never
    // touches the repository. node_modules is linked so the copy resolves the same packages.
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-replay-'));
      for (const folder of ['workflows', 'domain']) {
        fs.cpSync(path.join(REPO, folder), path.join(dir, folder), { recursive: true });
      }
      fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /**
     * Rewrites the copy's dossier workflow so that it starts with `statement` (a durable timer), then
     * bundles it. Anchored on the exported workflow function, the one thing that cannot be renamed
     * without breaking every running dossier anyway.
     */
    async function bundleWithFirstStatement(statement: string): Promise<WorkflowBundle> {
      const file = path.join(dir, 'workflows', 'dossier', 'workflow.ts');
      const source = fs.readFileSync(path.join(REPO, 'workflows', 'dossier', 'workflow.ts'), 'utf8');
      const entry = /export async function dossierWorkflow\([^)]*\)[^{]*\{\n/;
      if (!entry.test(source))
        throw new Error('dossierWorkflow() not found: adapt this test to its new shape');
      const probeImport = `import { patched as probePatched, sleep as probeSleep } from '@temporalio/workflow';\n`;
      fs.writeFileSync(file, probeImport + source.replace(entry, (head) => `${head}  ${statement}\n`));
      return bundleWorkflowCode({
        workflowsPath: path.join(dir, 'workflows', 'index.ts'),
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      });
    }

    it('an unguarded new step (a timer before anything else) breaks every captured dossier', async () => {
      const changed = await bundleWithFirstStatement(`await probeSleep('1 second');`);
      const outcome = await replay(changed, dossierHistories);
      expect(Object.keys(outcome).sort()).toEqual(dossierHistories.map(({ name }) => name).sort());
      for (const [name, result] of Object.entries(outcome)) {
        expect({ name, result }).toEqual({
          name,
          result: expect.stringMatching(/^DeterminismViolationError: /),
        });
      }
    });

    it('the same change behind patched() replays every captured dossier', async () => {
      const changed = await bundleWithFirstStatement(
        `if (probePatched('replay-test-probe')) await probeSleep('1 second');`,
      );
      expect(await replay(changed)).toEqual(allOk());
    });
  });
});
