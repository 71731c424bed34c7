import { proxyActivities, sleep } from '@temporalio/workflow';

/** The probe's one activity; implemented in activities/runtime-probe.ts. */
export interface ProbeActivities {
  writeProbe(input: { id: string; note: string; workflowTime: string }): Promise<{ writtenAt: string }>;
}

const { writeProbe } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

export interface RuntimeProbeInput {
  id: string;
  note: string;
  /** Workflow-time pause before writing, e.g. '15 days', to prove durable timers work end to end. */
  sleepFor?: string;
}

/**
 * Smallest end-to-end proof that the runtime works: a durable timer, then one activity writing one row to
 * Postgres. Used by the runtime tests and by operators checking a new deployment.
 */
export async function runtimeProbeWorkflow(input: RuntimeProbeInput): Promise<{ writtenAt: string }> {
  if (input.sleepFor) await sleep(input.sleepFor as Parameters<typeof sleep>[0]);
  return await writeProbe({ id: input.id, note: input.note, workflowTime: new Date().toISOString() });
}
