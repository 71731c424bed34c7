/**
 * The baseline of bench/workflow.bench.ts: a workflow that does what a dossier does in Temporal's terms — the
 * same number of activities, updates and timers — and nothing else. Each update runs `perUpdate` no-op
 * activities before it answers (as a dossier's claim and completion record their event before answering);
 * the body runs the other activities between the updates, and waits for each update with a one-day timeout
 * (a timer started and cancelled, as a dossier's deadline timers are).
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BareInput {
  activities: number;
  updates: number;
  timers: number;
  perUpdate: number;
}

export const bareStepUpdate = defineUpdate<number, []>('bareStep');

const { benchNoop } = proxyActivities<{ benchNoop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function bareWorkflow(input: BareInput): Promise<number> {
  let received = 0;
  let running = 0;
  setHandler(bareStepUpdate, async () => {
    running += 1;
    for (let i = 0; i < input.perUpdate; i++) await benchNoop();
    received += 1;
    running -= 1;
    return received;
  });
  const inBody = Math.max(0, input.activities - input.updates * input.perUpdate);
  const phases = input.updates + 1;
  let done = 0;
  const runPhase = async (phase: number) => {
    const upTo = Math.round((inBody * (phase + 1)) / phases);
    for (; done < upTo; done++) await benchNoop();
  };
  await runPhase(0);
  for (let i = 0; i < input.updates; i++) {
    await condition(() => received > i, '1 day');
    await runPhase(i + 1);
  }
  for (let t = input.updates; t < input.timers; t++) await sleep(1);
  await condition(() => running === 0);
  return done;
}
