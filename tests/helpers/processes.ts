import fs from 'node:fs';

/**
 * Pids of live processes that belong to a run: their command line mentions `marker`, or their environment
 * carries it (children inherit the environment, so this also finds Postgres and Temporal started by it).
 */
export function processesMentioning(marker: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      if (/^State:\s+Z/m.test(status)) continue; // a zombie has exited; only its parent's bookkeeping is left
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes(marker) || environ.includes(marker))
        found.push({ pid: Number(entry), command: cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
