import fs from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../runtime/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TGXH_PG__ as
    { handle: EmbeddedPostgresHandle; root: string } | undefined;
  if (!state) return;
  await state.handle.stop();
  fs.rmSync(state.root, { recursive: true, force: true });
}
