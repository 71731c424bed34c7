/**
 * After an officer's action the next page must show its consequences: the completion update returns once the
 * outcome is recorded, but what follows (the next step's task, the posting, the supplement awaited, the
 * decision) is written to the read model by activities that run after it. `waitUntilSettled` asks the
 * dossier's workflow (state query, no history written) until it waits again with all that recorded, and gives
 * up after a bound: the action has happened either way, and the page then shows what is recorded so far.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { dossierStateQuery } from '../../workflows/dossier/messages';
import { temporalClientOf, type AppDeps } from '../deps';

export const SETTLE_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

/** True when the workflow settled within `timeoutMs`; false when it did not (or could not be asked). */
export async function waitUntilSettled(
  deps: AppDeps,
  code: string,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<boolean> {
  const handle = temporalClientOf(deps).workflow.getHandle(code);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await handle.query(dossierStateQuery)).settled === true) return true;
    } catch {
      // Not answerable now (worker restarting, workflow gone): the action itself succeeded; do not fail it.
      return false;
    }
    if (Date.now() + POLL_MS > deadline) return false;
    await sleep(POLL_MS);
  }
}
