import os from 'node:os';
import path from 'node:path';

/**
 * Built Temporal artefacts live outside the repository, so a fresh clone on the same machine reuses them
 * and `git clean` never throws away a three-minute Go build.
 */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TGXH_CACHE_DIR) return path.resolve(env.TGXH_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'tgxh');
}
